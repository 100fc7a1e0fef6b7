// Writes demo/data/sample-log.csv: a small slice of the UCI Online Retail log (CC BY 4.0, see
// demo/data/ATTRIBUTION.md) for trying `npx clientele build-model` / `segments` and the owner page.
// Only rows for the demo catalog's products, for every 40th customer (by id) with two orders or more.
//
//   npx tsx scripts/make-sample-log.ts [--data ../shared/data/online-retail/online_retail.csv]
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';

const { values } = parseArgs({ options: { data: { type: 'string', default: '../shared/data/online-retail/online_retail.csv' } } });
const catalog = new Set((JSON.parse(readFileSync('demo/data/catalog.json', 'utf8')) as { products: Array<{ product_id: string }> }).products.map((p) => p.product_id));
const [header, ...rows] = Papa.parse<string[]>(readFileSync(values.data!, 'utf8'), { skipEmptyLines: true }).data;
const col = (name: string) => header.indexOf(name);
const [inv, code, cust] = [col('InvoiceNo'), col('StockCode'), col('CustomerID')];
const orders = new Map<string, Set<string>>();
for (const r of rows) if (r[cust] && !r[inv].startsWith('C')) (orders.get(r[cust]) ?? orders.set(r[cust], new Set()).get(r[cust])!).add(r[inv]);
const regulars = [...orders].filter(([, o]) => o.size >= 2).map(([c]) => c).sort();
const chosen = new Set(regulars.filter((_, i) => i % 40 === 0));
const quote = (f: string) => (/[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f);
const out = [header.join(',')];
for (const r of rows) if (chosen.has(r[cust]) && catalog.has(r[code]) && r.length === header.length) out.push(r.map(quote).join(','));
writeFileSync('demo/data/sample-log.csv', out.join('\n') + '\n');
console.log(`demo/data/sample-log.csv: ${out.length - 1} rows, ${chosen.size} customers`);
