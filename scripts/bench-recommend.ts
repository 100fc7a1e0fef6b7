// Times recommend() per row type over synthetic catalogues (5k and 100k items) with a site model and a 300-event history.
// Prints a table and writes .tmp/bench-recommend.json. Run: npx tsx scripts/bench-recommend.ts [--site <dir>]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EVENT_WEIGHTS, type StoredEvent } from '../src/contract/events.ts';
import { REC_TYPES, type CatalogItem } from '../src/contract/types.ts';
import { recommend } from '../worker/recommend/index.ts';
import { InteractionLog, buildSiteModel, parseSiteModel, type SiteModel } from '../worker/siteModel/index.ts';

const NOW = Date.UTC(2024, 5, 30);
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

function catalogOf(n: number): Map<string, CatalogItem> {
  const words = ['red', 'blue', 'steel', 'wooden', 'mug', 'plate', 'lamp', 'chair', 'garden', 'hose', 'glass', 'vase', 'rug', 'bag', 'pen', 'box'];
  const m = new Map<string, CatalogItem>();
  for (let i = 0; i < n; i++) {
    const name = `${words[i % 16]} ${words[(i * 7) % 16]} ${words[(i * 13 + 3) % 16]} ${i}`;
    m.set(`p${i}`, { product_id: `p${i}`, name, price: 1 + (i % 97), category: `cat${i % 40} > sub${i % 400}`, brand: `brand${i % 150}`, in_stock: i % 11 !== 0 });
  }
  return m;
}

async function siteFor(nItems: number, nUsers: number): Promise<SiteModel> {
  const log = new InteractionLog();
  for (let u = 0; u < nUsers; u++) {
    const base = Math.floor(rnd() * nItems);
    const t = 1.7e9 + u * 100;
    for (let k = 0; k < 20; k++) {
      const item = (base + Math.floor(rnd() * rnd() * 200)) % nItems;
      log.add({ user: `u${u}`, item: `p${item}`, event: k % 5 === 0 ? 'Order Completed' : 'Product Viewed', ts: t + k * 60 + (k > 10 ? 86400 * 3 : 0) });
    }
  }
  const r = await buildSiteModel(log, { models: ['popularity', 'itemKnn', 'coVisitation'], holdout: false, segments: false });
  if (!r.ok) throw new Error(r.message);
  const p = parseSiteModel(r.value.manifest, r.value.weights);
  if (!p.ok) throw new Error(p.message);
  return p.value;
}

function historyOf(nItems: number, n: number): StoredEvent[] {
  const ev: StoredEvent[] = [];
  const names = ['Product Viewed', 'Product Viewed', 'Product Viewed', 'Product Clicked', 'Product Added'];
  for (let k = 0; k < n; k++) {
    const id = `p${Math.floor(rnd() * Math.min(nItems, 3000))}`;
    const e = k % 40 === 39 ? 'Order Completed' : names[k % 5];
    ev.push({ message_id: `m${k}`, event: e, properties: e === 'Order Completed' ? { products: [{ product_id: id }] } : { product_id: id }, timestamp: NOW - (n - k) * 600_000, session_id: `s${Math.floor(k / 20)}`, anonymous_id: 'a' });
  }
  return ev;
}

const ms = (f: () => void, reps: number) => {
  const t = performance.now();
  for (let r = 0; r < reps; r++) f();
  return (performance.now() - t) / reps;
};

const results: Array<Record<string, unknown>> = [];
const siteArg = process.argv.indexOf('--site');
const cases: Array<{ label: string; nItems: number; site: () => Promise<SiteModel> }> = [
  { label: '5k items', nItems: 5000, site: () => siteFor(5000, 5000) },
  { label: '100k items', nItems: 100_000, site: () => siteFor(100_000, 40_000) },
];
if (siteArg > 0) {
  const dir = process.argv[siteArg + 1];
  cases.unshift({
    label: `site model ${dir}`, nItems: 0, site: async () => {
      const p = parseSiteModel(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')), readFileSync(join(dir, 'weights.bin')));
      if (!p.ok) throw new Error(p.message);
      return p.value;
    },
  });
}
for (const c of cases) {
  const tBuild = performance.now();
  const site = await c.site();
  const buildMs = performance.now() - tBuild;
  const catalog = c.nItems ? catalogOf(c.nItems) : new Map(site.items.map((id, i) => [id, { product_id: id, name: site.itemMeta.name[i] ?? id, price: site.itemMeta.price[i] ?? undefined } as CatalogItem]));
  const n = catalog.size;
  const events = c.nItems ? historyOf(n, 300) : historyOf(0, 0).concat(site.items.slice(0, 300).map((id, k) => ({ message_id: `x${k}`, event: 'Product Viewed', properties: { product_id: id }, timestamp: NOW - (300 - k) * 600_000, session_id: `s${Math.floor(k / 20)}`, anonymous_id: 'a' })));
  const input = (type: (typeof REC_TYPES)[number], ev = events) => ({ request: { type, limit: 6 }, events: ev, catalog, site, now: NOW, eventWeights: DEFAULT_EVENT_WEIGHTS as Record<string, number>, currentItemId: [...catalog.keys()][7] });
  const cold = ms(() => recommend(input('for-you')), 1);
  process.stdout.write(`\n${c.label}: ${n} catalog items, site model ${site.items.length} items (built in ${(buildMs / 1000).toFixed(1)} s), history ${events.length} events\n`);
  process.stdout.write(`  first call (universe + content index + fold-in): ${cold.toFixed(1)} ms\n`);
  process.stdout.write(`  ${'row'.padEnd(16)}${'warm ms'.padStart(9)}${'new-events ms'.padStart(15)}\n`);
  for (const type of REC_TYPES) {
    const warm = ms(() => recommend(input(type)), 20);
    // a fresh events array each call: the visitor is digested and folded in again, as after every new event
    const fresh = ms(() => recommend(input(type, events.slice())), 5);
    process.stdout.write(`  ${type.padEnd(16)}${warm.toFixed(2).padStart(9)}${fresh.toFixed(2).padStart(15)}\n`);
    results.push({ case: c.label, items: n, type, warmMs: warm, newEventsMs: fresh, firstCallMs: cold });
  }
}
mkdirSync('.tmp', { recursive: true });
writeFileSync('.tmp/bench-recommend.json', JSON.stringify(results, null, 2));
process.stdout.write('\nwrote .tmp/bench-recommend.json\n');
