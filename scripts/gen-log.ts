// A synthetic shop log for benchmarks: power-law item popularity, shoppers who stick to a few categories,
// sessions of views, adds and the odd order spread over a year. Deterministic for a seed.
//
//   npx tsx scripts/gen-log.ts --rows 1000000 --items 50000 --out .tmp/log-1m.csv [--catalog .tmp/catalog-50k.json] [--seed 7]
//
// Writes CSV `user,item,event,timestamp,order` (the "events" layout `build-model` reads) and, with --catalog,
// a catalog feed `{ products: [...] }` for the same items (names, prices, categories), as catalogUrl serves it.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How to shape the log; only rows and items are required. */
export interface GenLogOptions {
  rows: number;
  items: number;
  /** Seed for the generator: the same seed writes the same file. Default 7. */
  seed?: number;
  /** Number of categories the items fall into. Default items / 250 (at least 8). */
  categories?: number;
  /** Zipf exponent of item popularity (weight 1 / (rank + 20)^zipf). Default 1.0. */
  zipf?: number;
  /** Unix seconds of the first day. Default 2024-01-01. */
  start?: number;
  /** Days the log spans. Default 365. */
  days?: number;
}

/** What was written. */
export interface GenLogSummary {
  rows: number;
  users: number;
  items: number;
  categories: number;
  orders: number;
  bytes: number;
}

/** mulberry32: small, fast and good enough to shape a benchmark log (and simulated shoppers' draws). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index of the first cumulative weight above u * total (binary search over a prefix-sum array). */
function pick(cum: Float64Array, from: number, to: number, u: number): number {
  const lo0 = from === 0 ? 0 : cum[from - 1];
  const target = lo0 + u * (cum[to - 1] - lo0);
  let lo = from, hi = to - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cum[mid] > target) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Items grouped by category with popularity weights; shared by the log and the catalog so both agree. */
interface Shop {
  nCat: number;
  /** Item ids ordered by category; catStart[c]..catStart[c+1] are category c's. */
  order: Int32Array;
  catStart: Int32Array;
  /** Prefix sums of popularity over `order` (within and across categories). */
  cum: Float64Array;
  /** Prefix sums of category popularity. */
  catCum: Float64Array;
  categoryOf: Int32Array;
}

function makeShop(o: GenLogOptions): Shop {
  const rand = rng((o.seed ?? 7) * 7919 + 1);
  const n = o.items;
  const nCat = o.categories ?? Math.max(8, Math.round(n / 250));
  const s = o.zipf ?? 1.0;
  // popularity rank is a random permutation of ids, so id order says nothing about popularity
  const rank = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); const t = rank[i]; rank[i] = rank[j]; rank[j] = t; }
  const categoryOf = new Int32Array(n);
  // category sizes vary (a few big departments, many small ones): item i lands in a category by a skewed draw
  for (let i = 0; i < n; i++) categoryOf[i] = Math.min(nCat - 1, Math.floor(nCat * Math.pow(rand(), 1.6)));
  const catStart = new Int32Array(nCat + 1);
  for (let i = 0; i < n; i++) catStart[categoryOf[i] + 1]++;
  for (let c = 0; c < nCat; c++) catStart[c + 1] += catStart[c];
  const fill = catStart.slice(0, nCat);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[categoryOf[i]]++] = i;
  const cum = new Float64Array(n);
  const catWeight = new Float64Array(nCat);
  let total = 0;
  for (let p = 0; p < n; p++) {
    // the offset flattens the head: no single product takes more than about 1% of a shop's traffic
    const w = 1 / Math.pow(rank[order[p]] + 20, s);
    total += w;
    cum[p] = total;
    catWeight[categoryOf[order[p]]] += w;
  }
  const catCum = new Float64Array(nCat);
  let ct = 0;
  for (let c = 0; c < nCat; c++) { ct += catWeight[c]; catCum[c] = ct; }
  return { nCat, order, catStart, cum, catCum, categoryOf };
}

/**
 * Writes a synthetic interaction log as CSV and returns what it wrote.
 * @example
 * writeLog('.tmp/log-1m.csv', { rows: 1_000_000, items: 50_000 }) // { rows: 1000000, users: ~50000, ... }
 */
export function writeLog(path: string, o: GenLogOptions): GenLogSummary {
  const shop = makeShop(o);
  const rand = rng(o.seed ?? 7);
  const start = o.start ?? Date.UTC(2024, 0, 1) / 1000;
  const span = (o.days ?? 365) * 86400;
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const fd = openSync(path, 'w');
  let buf = 'user,item,event,timestamp,order\n';
  let bytes = 0, rows = 0, users = 0, orders = 0;
  const flush = () => { bytes += writeSync(fd, buf); buf = ''; };
  const favs = new Int32Array(3);
  const cart: number[] = [];
  const sessionTimes: number[] = [];
  const fromCategory = (c: number) => shop.order[pick(shop.cum, shop.catStart[c], shop.catStart[c + 1], rand())];
  try {
    while (rows < o.rows) {
      const u = users++;
      // a few favourite categories, popular departments more likely
      const nFav = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < nFav; k++) favs[k] = pick(shop.catCum, 0, shop.nCat, rand());
      // activity is heavy-tailed: most shoppers come once or twice, a few come back every week
      const nSessions = Math.min(200, 1 + Math.floor(1.5 / Math.pow(1 - rand() * 0.999, 0.8) - 1.2));
      sessionTimes.length = 0;
      for (let k = 0; k < nSessions; k++) sessionTimes.push(start + Math.floor(rand() * span));
      sessionTimes.sort((a, b) => a - b);
      for (let sIdx = 0; sIdx < nSessions && rows < o.rows; sIdx++) {
        let t = sessionTimes[sIdx];
        const len = 1 + Math.floor(-Math.log(1 - rand()) * 5);
        cart.length = 0;
        let last = -1;
        for (let k = 0; k < len && rows < o.rows; k++) {
          // mostly browse a favourite category, sometimes stay near the last item's category, sometimes anything popular
          const r = rand();
          let c: number;
          if (r < 0.6) c = favs[Math.floor(rand() * nFav)];
          else if (r < 0.85 && last >= 0) c = shop.categoryOf[last];
          else c = -1;
          const item = c >= 0 && shop.catStart[c + 1] > shop.catStart[c] ? fromCategory(c) : shop.order[pick(shop.cum, 0, shop.cum.length, rand())];
          last = item;
          t += 10 + Math.floor(rand() * 120);
          buf += `u${u},i${item},view,${t},\n`;
          rows++;
          if (rows < o.rows && rand() < 0.12) {
            t += 5 + Math.floor(rand() * 30);
            buf += `u${u},i${item},addtocart,${t},\n`;
            rows++;
            cart.push(item);
          }
        }
        if (cart.length && rand() < 0.45) {
          const order = `o${orders++}`;
          t += 60 + Math.floor(rand() * 300);
          for (const item of cart) {
            if (rows >= o.rows) break;
            buf += `u${u},i${item},purchase,${t},${order}\n`;
            rows++;
          }
        }
        if (buf.length > 1 << 20) flush();
      }
    }
    flush();
  } finally {
    closeSync(fd);
  }
  return { rows, users, items: o.items, categories: shop.nCat, orders, bytes };
}

const WORDS = ['oak', 'linen', 'copper', 'enamel', 'glass', 'wool', 'cotton', 'stone', 'bamboo', 'steel', 'velvet', 'ceramic', 'paper', 'leather', 'cork', 'rattan'];
const NOUNS = ['mug', 'lamp', 'cushion', 'tray', 'vase', 'basket', 'throw', 'planter', 'bowl', 'frame', 'candle', 'clock', 'jar', 'rug', 'shelf', 'tote'];
const COLOURS = ['red', 'blue', 'green', 'ivory', 'black', 'pink', 'grey', 'mustard'];

/**
 * The catalog feed for a generated log's items (same ids and categories): names, prices, brands, stock.
 * @example
 * catalogFor({ rows: 0, items: 100 }).products.length // 100
 */
export function catalogFor(o: GenLogOptions): { products: Array<Record<string, unknown>> } {
  const shop = makeShop(o);
  const rand = rng((o.seed ?? 7) * 31 + 5);
  const products: Array<Record<string, unknown>> = new Array(o.items);
  for (let i = 0; i < o.items; i++) {
    const c = shop.categoryOf[i];
    const noun = NOUNS[c % NOUNS.length];
    const name = `${COLOURS[Math.floor(rand() * COLOURS.length)]} ${WORDS[Math.floor(rand() * WORDS.length)]} ${noun} ${i}`;
    products[i] = {
      product_id: `i${i}`,
      name: name[0].toUpperCase() + name.slice(1),
      // prices are log-normal around a category level, like a real shop's
      price: Math.round(Math.exp(1.5 + (c % 7) * 0.3 + (rand() - 0.5)) * 100) / 100,
      currency: 'GBP',
      category: `Dept ${c % 12} > ${noun[0].toUpperCase() + noun.slice(1)}s ${c}`,
      brand: `Brand ${(c * 7 + Math.floor(rand() * 5)) % 400}`,
      in_stock: rand() > 0.05,
    };
  }
  return { products };
}

function parseArgs(argv: string[]): { out: string; catalog?: string; opts: GenLogOptions } | string {
  const get = (name: string) => { const i = argv.indexOf(`--${name}`); return i >= 0 ? argv[i + 1] : undefined; };
  const num = (name: string, fallback?: number): number | string | undefined => {
    const v = get(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    return Number.isInteger(n) && n > 0 ? n : `[clientele] --${name} must be a whole number above 0, got "${v}"`;
  };
  const rows = num('rows', 1_000_000), items = num('items', 50_000), seed = num('seed', 7), days = num('days', 365);
  for (const v of [rows, items, seed, days]) if (typeof v === 'string') return v;
  const out = get('out');
  if (!out) return '[clientele] gen-log needs --out <file.csv>, e.g. --out .tmp/log-1m.csv';
  const catalog = get('catalog');
  return { out, ...(catalog ? { catalog } : {}), opts: { rows: rows as number, items: items as number, seed: seed as number, days: days as number } };
}

/**
 * Command line: writes the log (and optionally its catalog) and prints a one-line summary.
 * @example
 * process.exitCode = main(['--rows', '1000', '--items', '100', '--out', '.tmp/small.csv']);
 */
export function main(argv: string[]): number {
  const a = parseArgs(argv);
  if (typeof a === 'string') { process.stderr.write(a + '\n'); return 2; }
  const t = performance.now();
  const s = writeLog(a.out, a.opts);
  if (a.catalog) {
    mkdirSync(dirname(resolve(a.catalog)), { recursive: true });
    writeFileSync(a.catalog, JSON.stringify(catalogFor(a.opts)));
  }
  process.stdout.write(`wrote ${a.out}: ${s.rows.toLocaleString('en')} rows, ${s.users.toLocaleString('en')} users, ${s.items.toLocaleString('en')} items in ${s.categories} categories, ${s.orders.toLocaleString('en')} orders, ${(s.bytes / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s${a.catalog ? `; catalog ${a.catalog}` : ''}\n`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) process.exitCode = main(process.argv.slice(2));
