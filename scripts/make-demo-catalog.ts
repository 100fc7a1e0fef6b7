// Builds the demo shop's catalog from the real UCI Online Retail log: the most-ordered real products,
// named, priced and categorised, plus one SVG placeholder per category and colour.
//
//   npx tsx scripts/make-demo-catalog.ts [path/to/online_retail.csv] [--limit 300] [--out demo]
//
// Writes demo/data/catalog.json, demo/data/ATTRIBUTION.md and demo/img/*.svg. The output is committed,
// so the demo works without the data; rerun this only to change what the shop sells.
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Product } from '../src/contract/events.ts';

/** One shop category: its id (URL slug), display name, card colour and glyph. */
export interface DemoCategory {
  id: string;
  name: string;
  color: string;
  glyph: string;
  /** Matched against the upper-case product description; the first category that matches wins. */
  pattern: RegExp;
}

// Order matters: "VINTAGE CHRISTMAS BUNTING" is Christmas before it is Party, "JAM JAR T-LIGHT HOLDER"
// is a light before it is a kitchen jar, "PICNIC BAG" goes to the garden, and Home Decor catches the rest.
export const CATEGORIES: readonly DemoCategory[] = [
  { id: 'christmas', name: 'Christmas', color: '#b9383b', glyph: 'tree', pattern: /CHRISTMAS|XMAS|ADVENT|SANTA|REINDEER|SNOWFLAKE|SNOWMAN|CRACKER|SLEIGH|JINGLE BELL|ANGEL|NATIVITY|BAUBLE/ },
  { id: 'candles-lights', name: 'Candles & Lights', color: '#d9912b', glyph: 'candle', pattern: /T-LIGHT|TEA ?LIGHT|CANDLE|LANTERN|\bLIGHTS?\b|\bLAMP|NIGHT LIGHT|CHANDELIER/ },
  { id: 'party', name: 'Party', color: '#d3527f', glyph: 'balloon', pattern: /PARTY|BUNTING|BIRTHDAY|\bWRAP\b|RIBBON|GIFT TAG|PAPER CHAIN|BALLOON|COCKTAIL|CONFETTI|\bPINATA|GIFT BAG|HEN NIGHT/ },
  { id: 'toys', name: 'Toys & Games', color: '#3b82c4', glyph: 'ball', pattern: /\bTOYS?\b|\bGAMES?\b|DOMINOES|SPINNING TOP|SKITTLES|SKIPPING ROPE|HARMONICA|PLAYHOUSE|\bDOLL\b|FELTCRAFT|KNITTING NANCY|MODELLING|PAINT SET|COLOURING|SNAP CARDS|PLAYING CARDS|GLIDER|JIGSAW|PUZZLE|MAGIC|BLOCKS|CHILDRENS? (?!APRON|CUTLERY)|TEDDY|RAG DOLL|BINGO|MARBLES|BUBBLES/ },
  { id: 'garden', name: 'Garden', color: '#3f9a5a', glyph: 'leaf', pattern: /GARDEN|KNEELING|\bPLANT|WATERING|FLOWER POT|HERB|PICNIC|PARASOL|BIRD ?(HOUSE|FEEDER|TABLE)|\bTRUG|SEED|WINDMILL|OUTDOOR/ },
  { id: 'bags', name: 'Bags', color: '#7a5bbf', glyph: 'bag', pattern: /\bBAGS?\b|SHOPPER|\bTOTE\b|RUCKSACK|BACKPACK|HANDBAG/ },
  { id: 'accessories', name: 'Cosy Gifts', color: '#c0587a', glyph: 'heart', pattern: /HOT WATER BOTTLE|HOTTIE|HAND WARMER|PLASTERS|WALLET|LIP GLOSS|\bFAN\b|UMBRELLA|PURSE|NECKLACE|BRACELET|EARRINGS|\bHAIR|SEWING|KEY ?RING|MIRROR COMPACT|TISSUES|SLIPPER|SCARF|GLOVES/ },
  { id: 'kitchen', name: 'Kitchen', color: '#e0673a', glyph: 'cup', pattern: /CAKE|\bTEA\b|TEACUP|TEAPOT|\bMUGS?\b|\bCUPS?\b|SAUCER|\bPLATES?\b|\bBOWLS?\b|\bJAM\b|BAKING|COOKIE|NAPKIN|CUTLERY|LUNCH BOX|SNACK BOX|KITCHEN|SCALES|\bJUG\b|BREAD BIN|EGG CUP|APRON|TEA TOWEL|RECIPE|PANTRY|SPICE|JELLY|DOIL(Y|IES)|POPCORN|TRAY|SPOON|COFFEE|BOTTLE OPENER|CHOPPING|OVEN|MILK|BISCUIT|SUGAR|CAKESTAND/ },
  { id: 'stationery', name: 'Stationery', color: '#2f8f9d', glyph: 'pencil', pattern: /NOTEBOOK|NOTE ?PAD|\bPENS?\b|PENCIL|CRAYON|EXERCISE BOOK|\bCARDS?\b|MEMO|SHOPPING LIST|CHALKBOARD|BLACK ?BOARD|STICKER|ENVELOPE|\bPAPER\b|ERASER|RULER|CALENDAR|JOURNAL|\bDIARY|BOOKMARK|STATIONERY|GREETING/ },
  { id: 'storage', name: 'Storage', color: '#8a6a4a', glyph: 'box', pattern: /STORAGE|\bBOX(ES)?\b|\bTINS?\b|\bJARS?\b|\bHOOKS?\b|HANGER|COAT RACK|\bPEGS?\b|DRAWER|CABINET|CHEST|\bCASES?\b|BASKET|CRATE|HOLDER|ORGANISER|SHELF|TRINKET POT/ },
  { id: 'home-decor', name: 'Home Decor', color: '#56657a', glyph: 'house', pattern: /.*/ },
];

/** Colour words in descriptions mapped to a card tint, so a red bag and a pink bag get different pictures. */
export const TONES: Readonly<Record<string, string>> = {
  red: '#c94040', pink: '#e07aa0', blue: '#4a7fc1', green: '#4f9a63', white: '#b9b4aa', ivory: '#c8b990',
  cream: '#c8b990', black: '#3c3c46', yellow: '#e0b43a', orange: '#e08a3a', purple: '#8b62b8', grey: '#8a8f98',
  silver: '#8a8f98', gold: '#c49a2c', chocolate: '#7b553b', brown: '#7b553b',
};

// On these tints a white glyph would vanish, so it is drawn dark.
const LIGHT_TONES = new Set(['white', 'ivory', 'cream', 'yellow']);

const SMALL_WORDS = new Set(['of', 'and', 'in', 'with', 'the', 'on', 'to', 'a', 'for', 'or', 'at', 'by', 'pc', 'pcs']);
const ACRONYMS = new Set(['led', 'uk', 'usa', 'diy', 'ww2', 'ii', 'iii', 'iv', 'xl', 'abc', 'pvc', 'tv', 'ny']);
const EXPANSIONS: Readonly<Record<string, string>> = { asstd: 'assorted', ant: 'antique', sml: 'small', lge: 'large', wht: 'white' };

/**
 * Turns an all-caps wholesale description into a shop title.
 * @example titleCase('SET OF4 WOODLAND LUNCH BOX  ') // "Set of 4 Woodland Lunch Box"
 */
export function titleCase(description: string): string {
  const cleaned = description
    .replace(/\s+/g, ' ')
    .replace(/\bOF(\d)/gi, 'OF $1')
    .replace(/^[\s.,*]+|[\s.,*]+$/g, '')
    .toLowerCase();
  const words = cleaned.split(' ').map((word) => EXPANSIONS[word] ?? word);
  return words
    .map((word, i) => {
      if (ACRONYMS.has(word)) return word.toUpperCase();
      if (i > 0 && i < words.length - 1 && SMALL_WORDS.has(word)) return word;
      // Capitalise each run of letters that starts the word or follows "-", "/", "+", "(" or "&" (so "t-light" is "T-Light"),
      // but not after an apostrophe ("50's", "poppy's").
      return word.replace(/(^|[-/+(&])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
    })
    .join(' ');
}

/**
 * Picks the shop category for a description, by the first matching keyword rule.
 * @example categorize('JUMBO BAG RED RETROSPOT').id // "bags"
 */
export function categorize(description: string): DemoCategory {
  const upper = description.toUpperCase();
  return CATEGORIES.find((c) => c.pattern.test(upper)) ?? CATEGORIES[CATEGORIES.length - 1];
}

/**
 * The first colour word in a description, or null.
 * @example toneOf('ALARM CLOCK BAKELIKE RED') // "red"
 */
export function toneOf(description: string): string | null {
  for (const word of description.toLowerCase().split(/[^a-z]+/)) if (word in TONES) return word;
  return null;
}

/**
 * Splits one CSV line, honouring double quotes and doubled quotes inside them.
 * @example parseCsvLine('1,"A, ""B""",2') // ["1", 'A, "B"', "2"]
 */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { out.push(field); field = ''; }
    else field += ch;
  }
  out.push(field);
  return out;
}

/** One order line of the Online Retail log. */
export interface RetailRow {
  invoice: string;
  stockCode: string;
  description: string;
  quantity: number;
  unitPrice: number;
  customerId: string;
}

/**
 * True for rows that are a real purchase of a real product: a customer, not a cancellation, positive
 * quantity and price, and a product StockCode (five digits and an optional letter suffix; POST, DOT,
 * M, BANK CHARGES, gift vouchers and the like are not products).
 * @example isValidRow({ invoice: '536365', stockCode: '85123A', description: 'X', quantity: 6, unitPrice: 2.55, customerId: '17850' }) // true
 */
export function isValidRow(r: RetailRow): boolean {
  return r.customerId !== '' && !r.invoice.startsWith('C') && r.quantity > 0 && r.unitPrice > 0 && /^\d{5}[A-Za-z]*$/.test(r.stockCode);
}

/** Running counts for one StockCode while the log streams past. */
interface Tally {
  invoices: Set<string>;
  descriptions: Map<string, number>;
  prices: Map<number, number>;
}

const mode = <K>(counts: Map<K, number>, tieBreak: (a: K, b: K) => number): K => {
  let best: K | undefined;
  let bestCount = -1;
  for (const [k, n] of counts) {
    if (n > bestCount || (n === bestCount && best !== undefined && tieBreak(k, best) < 0)) { best = k; bestCount = n; }
  }
  return best as K;
};

/** A product of the demo catalog: the Segment product fields the shop and the engine use. */
export type DemoProduct = Required<Pick<Product, 'product_id' | 'sku' | 'name' | 'price' | 'currency' | 'category' | 'url' | 'image_url' | 'tags'>> & { in_stock: boolean };

/** The catalog feed the shop serves at /demo/data/catalog.json (`{ products }` is what Clientele's catalogUrl reads). */
export interface DemoCatalog {
  source: string;
  license: string;
  generated_by: string;
  categories: Array<{ id: string; name: string; image_url: string; count: number }>;
  products: DemoProduct[];
}

const TAG_STOPWORDS = new Set([...SMALL_WORDS, 'set', 'pack', 'design', 'assorted', 'box', 'size', 'small', 'large', 'mini', 'jumbo']);

/** The image file name for a category and tone. */
export const imageName = (category: DemoCategory, tone: string | null): string => `${category.id}${tone ? '-' + tone : ''}.svg`;

/**
 * Ranks products by how many orders contain them and turns the top ones into catalog entries.
 * Pure: feed it rows from anywhere (tests pass a handful made in code).
 * @example buildCatalog(rows, { limit: 300 }).products[0].product_id // the most-ordered StockCode
 */
export function buildCatalog(rows: Iterable<RetailRow>, opts: { limit?: number } = {}): DemoCatalog {
  const tallies = new Map<string, Tally>();
  for (const r of rows) {
    if (!isValidRow(r)) continue;
    let t = tallies.get(r.stockCode);
    if (!t) { t = { invoices: new Set(), descriptions: new Map(), prices: new Map() }; tallies.set(r.stockCode, t); }
    t.invoices.add(r.invoice);
    const d = r.description.trim();
    if (d) t.descriptions.set(d, (t.descriptions.get(d) ?? 0) + 1);
    t.prices.set(r.unitPrice, (t.prices.get(r.unitPrice) ?? 0) + 1);
  }
  const ranked = [...tallies.entries()]
    .filter(([, t]) => t.descriptions.size > 0)
    .sort((a, b) => b[1].invoices.size - a[1].invoices.size || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.limit ?? 300);

  const products: DemoProduct[] = ranked.map(([code, t]) => {
    const description = mode(t.descriptions, (a, b) => (a < b ? -1 : 1));
    const category = categorize(description);
    const name = titleCase(description);
    const tags = [...new Set(name.toLowerCase().split(/[^a-z0-9'-]+/).filter((w) => w.length > 2 && !TAG_STOPWORDS.has(w) && !/^\d+$/.test(w)))];
    return {
      product_id: code,
      sku: code,
      name,
      // The modal price is what most customers paid; bulk tiers are rarer. The lower price wins a tie.
      price: mode(t.prices, (a, b) => a - b),
      currency: 'GBP',
      category: category.name,
      url: `/demo/product.html?id=${encodeURIComponent(code)}`,
      image_url: `/demo/img/${imageName(category, toneOf(description))}`,
      tags,
      in_stock: true,
    };
  });

  const categories = CATEGORIES.map((c) => ({
    id: c.id,
    name: c.name,
    image_url: `/demo/img/${imageName(c, null)}`,
    count: products.filter((p) => p.category === c.name).length,
  })).filter((c) => c.count > 0);

  return {
    source: 'UCI Online Retail (doi:10.24432/C5BW33), CC BY 4.0; see /demo/data/ATTRIBUTION.md',
    license: 'CC BY 4.0',
    generated_by: 'scripts/make-demo-catalog.ts',
    categories,
    products,
  };
}

// Simple 48x48 glyphs, drawn in the card's light colour over its tint.
const GLYPHS: Readonly<Record<string, string>> = {
  tree: '<path d="M24 6 12 22h6L10 32h8L8 42h32L30 32h8l-8-10h6z"/><rect x="21" y="42" width="6" height="4" rx="1"/>',
  candle: '<path d="M24 5c3 4 4 7 0 11-4-4-3-7 0-11z"/><rect x="18" y="18" width="12" height="24" rx="2"/><rect x="12" y="41" width="24" height="4" rx="2"/>',
  balloon: '<ellipse cx="20" cy="18" rx="9" ry="11"/><ellipse cx="31" cy="22" rx="8" ry="10" opacity=".75"/><path d="M20 29l-2 3h4zM20 32c-2 5 2 8 0 13" fill="none" stroke="currentColor" stroke-width="1.6"/>',
  ball: '<circle cx="24" cy="24" r="16"/><path d="M8 24h32M24 8c-6 5-6 27 0 32M24 8c6 5 6 27 0 32" fill="none" stroke="var(--bg)" stroke-width="2"/>',
  bag: '<path d="M10 17h28l-3 27H13z"/><path d="M17 17v-4a7 7 0 0 1 14 0v4" fill="none" stroke="currentColor" stroke-width="3"/>',
  leaf: '<path d="M38 8C18 8 8 20 10 38 28 40 40 28 38 8z"/><path d="M10 38 30 18" fill="none" stroke="var(--bg)" stroke-width="2"/>',
  cup: '<path d="M9 16h24v12a10 10 0 0 1-10 10h-4A10 10 0 0 1 9 28z"/><path d="M33 19h3a5 5 0 0 1 0 10h-3" fill="none" stroke="currentColor" stroke-width="3"/><rect x="7" y="40" width="28" height="3" rx="1.5"/>',
  heart: '<path d="M24 42S6 31 6 18a9 9 0 0 1 18-3 9 9 0 0 1 18 3c0 13-18 24-18 24z"/>',
  pencil: '<path d="M32 6l10 10-22 22H10V28z"/><path d="M10 38v-10l10 10z" opacity=".6"/>',
  box: '<path d="M6 16 24 8l18 8-18 8z" opacity=".8"/><path d="M6 16v18l18 8V24zM42 16v18l-18 8V24z"/>',
  house: '<path d="M24 7 6 23h5v18h26V23h5z"/><rect x="20" y="29" width="8" height="12" fill="var(--bg)"/>',
};

/**
 * A small placeholder picture for a category, tinted by colour: a soft gradient card with the category glyph.
 * @example categorySvg(CATEGORIES[0], 'red').startsWith('<svg') // true
 */
export function categorySvg(category: DemoCategory, tone: string | null): string {
  const bg = tone ? TONES[tone] : category.color;
  // SVG presentation attributes take no CSS variables, so the glyphs' cut-outs get the tint spelled out.
  const glyph = (GLYPHS[category.glyph] ?? GLYPHS.house).replaceAll('var(--bg)', bg);
  const ink = tone && LIGHT_TONES.has(tone) ? '#4b4a52' : '#fff';
  const label = escapeXml(`${category.name}${tone ? ' (' + tone + ')' : ''}`);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label="${label}">` +
    `<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="${bg}" stop-opacity=".55"/><stop offset="1" stop-color="${bg}"/></linearGradient></defs>` +
    `<rect width="400" height="400" fill="#fbf8f3"/><rect width="400" height="400" fill="url(#g)"/>` +
    `<circle cx="200" cy="200" r="118" fill="#fff" opacity=".16"/>` +
    `<g transform="translate(104 104) scale(4)" fill="${ink}" color="${ink}" opacity=".85">${glyph}</g></svg>\n`;
}

const escapeXml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Streams the CSV, skipping the header and any short line. */
async function* readRows(path: string): AsyncGenerator<RetailRow> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) { header = false; continue; }
    const f = parseCsvLine(line);
    if (f.length < 8) continue;
    yield { invoice: f[0], stockCode: f[1], description: f[2], quantity: Number(f[3]), unitPrice: Number(f[5]), customerId: f[6] };
  }
}

const ATTRIBUTION = `# Demo catalog: data attribution

The products in \`catalog.json\` (StockCode, description, price) are taken from the **Online Retail**
data set: transactions of a UK-based online gift retailer between 2010-12-01 and 2011-12-09.

- Daqing Chen, Sai Liang Sain and Kun Guo (2012). "Data mining for the online retail industry: A case study
  of RFM model-based customer segmentation using data mining". *Journal of Database Marketing & Customer
  Strategy Management* 19(3):197–208. doi:10.1057/dbm.2012.17
- Daqing Chen (2015). *Online Retail* [data set]. UCI Machine Learning Repository. doi:10.24432/C5BW33

Licence: Creative Commons Attribution 4.0 International (CC BY 4.0),
https://creativecommons.org/licenses/by/4.0/

Changes made: only valid purchases were counted (a CustomerID present, not a cancellation, quantity and
price above zero, a product StockCode); the products in the most orders were kept; descriptions were
title-cased; the price is the most common unit price (GBP); categories, tags and the placeholder
pictures were derived from the descriptions by \`scripts/make-demo-catalog.ts\` and are not part of
the original data.
`;

/** Command line: reads the log, writes the catalog, the attribution and the placeholder pictures. */
async function main(argv: string[]): Promise<number> {
  const here = dirname(fileURLToPath(import.meta.url));
  const repo = resolve(here, '..');
  const args = [...argv];
  const flag = (name: string): string | undefined => {
    const i = args.indexOf(name);
    if (i < 0) return undefined;
    const v = args[i + 1];
    args.splice(i, 2);
    return v;
  };
  const limit = Number(flag('--limit') ?? 300);
  const outDir = resolve(repo, flag('--out') ?? 'demo');
  const dataPath = resolve(args[0] ?? resolve(repo, '../shared/data/online-retail/online_retail.csv'));
  if (!Number.isInteger(limit) || limit < 1) {
    console.error(`[clientele] --limit must be a whole number above 0, got ${JSON.stringify(limit)}`);
    return 2;
  }
  if (!existsSync(dataPath)) {
    console.error(
      `[clientele] the Online Retail CSV was not found at ${dataPath}.\n` +
      `  Pass its path: npx tsx scripts/make-demo-catalog.ts path/to/online_retail.csv\n` +
      `  Expected columns: InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n` +
      `  (UCI Online Retail, doi:10.24432/C5BW33). The committed demo/data/catalog.json still works without it.`,
    );
    return 1;
  }
  const rows: RetailRow[] = [];
  for await (const r of readRows(dataPath)) rows.push(r);
  const catalog = buildCatalog(rows, { limit });

  mkdirSync(join(outDir, 'data'), { recursive: true });
  mkdirSync(join(outDir, 'img'), { recursive: true });
  const json = JSON.stringify(catalog);
  writeFileSync(join(outDir, 'data', 'catalog.json'), json + '\n');
  writeFileSync(join(outDir, 'data', 'ATTRIBUTION.md'), ATTRIBUTION);

  // Only the pictures the catalog uses, plus one plain picture per category; stale ones are removed.
  const wanted = new Map<string, string>();
  for (const c of CATEGORIES) wanted.set(imageName(c, null), categorySvg(c, null));
  for (const p of catalog.products) {
    const c = CATEGORIES.find((x) => x.name === p.category)!;
    const file = p.image_url.split('/').pop()!;
    const tone = file.slice(c.id.length + 1, -4) || null;
    wanted.set(file, categorySvg(c, tone));
  }
  for (const f of readdirSync(join(outDir, 'img'))) if (f.endsWith('.svg') && !wanted.has(f)) rmSync(join(outDir, 'img', f));
  for (const [file, svg] of wanted) writeFileSync(join(outDir, 'img', file), svg);

  const counts = catalog.categories.map((c) => `${c.name} ${c.count}`).join(', ');
  console.log(`wrote ${join(outDir, 'data', 'catalog.json')}: ${catalog.products.length} products, ${(json.length / 1024).toFixed(1)} KB`);
  console.log(`categories: ${counts}`);
  console.log(`wrote ${wanted.size} placeholder pictures to ${join(outDir, 'img')}`);
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
