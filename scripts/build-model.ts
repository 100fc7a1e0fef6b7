// `npx clientele build-model`: streams an interaction log into a site model folder (manifest.json + weights.bin).
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  buildSiteModel,
  createLogParser,
  type ParsedLog,
  type BuildOptions,
  type BuildSummary,
  type ItemMeta,
} from '../train/siteModel/index.ts';

const USAGE = `Usage: npx clientele build-model --events <file> [--catalog <file>] --out <dir> [options]

Reads an interaction log and writes a site model (manifest.json + weights.bin) to <dir>.

Log layouts (CSV with a header, or JSON lines with the same keys):
  user,item,event,timestamp[,value]   timestamp ISO or unix seconds/ms; event e.g. "Product Viewed", view, addtocart, purchase
  user,item,ts                        every row one interaction (e.g. the eval split files)
  UCI Online Retail                   InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
                                      (rows with a CustomerID, not cancelled, quantity and price > 0; each row a purchase)

Options:
  --catalog <file>      JSON array of products, or { products: [...] }: adds names, prices, categories, images
  --only-catalog        keep only items listed in --catalog (a shop that sells a subset of its history)
  --models a,b          model families to train (default: all)
  --no-holdout          skip the 90/10 holdout metrics (faster: each model trains once)
  --eval-users <n>      users sampled for holdout metrics (default 2000)
  --window-days <n>     "recent" window for trending (default 7)
  --json                print the summary as JSON on stdout
`;

interface Args {
  events?: string;
  catalog?: string;
  out?: string;
  models?: string[];
  holdout: boolean;
  onlyCatalog: boolean;
  evalUsers?: number;
  windowDays?: number;
  json: boolean;
  help: boolean;
}

function parseArgs(argv: string[]): Args | string {
  const a: Args = { holdout: true, onlyCatalog: false, json: false, help: false };
  for (let k = 0; k < argv.length; k++) {
    const flag = argv[k];
    const val = () => {
      const v = argv[++k];
      if (v === undefined || v.startsWith('--')) throw new Error(`[clientele] ${flag} needs a value, e.g. ${flag} ${flag === '--out' ? 'public/model' : 'events.csv'}`);
      return v;
    };
    try {
      if (flag === '--events') a.events = val();
      else if (flag === '--catalog') a.catalog = val();
      else if (flag === '--out') a.out = val();
      else if (flag === '--models') a.models = val().split(',').map((s) => s.trim()).filter(Boolean);
      else if (flag === '--no-holdout') a.holdout = false;
      else if (flag === '--only-catalog') a.onlyCatalog = true;
      else if (flag === '--eval-users') a.evalUsers = Number(val());
      else if (flag === '--window-days') a.windowDays = Number(val());
      else if (flag === '--json') a.json = true;
      else if (flag === '--help' || flag === '-h') a.help = true;
      else return `[clientele] build-model does not know the option "${flag}"; run \`npx clientele build-model --help\``;
    } catch (e) {
      return (e as Error).message;
    }
  }
  for (const key of ['evalUsers', 'windowDays'] as const) {
    const v = a[key];
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) return `[clientele] --${key === 'evalUsers' ? 'eval-users' : 'window-days'} must be a positive number, got ${v}`;
  }
  return a;
}

/** A progress bar on a TTY (redrawn in place), plain lines otherwise (one per stage or 10%). */
function progress(stream: NodeJS.WriteStream) {
  const tty = stream.isTTY === true;
  let lastLine = '';
  let lastTenth = -1;
  return {
    update(stage: string, fraction: number) {
      const pct = Math.floor(fraction * 100);
      if (tty) {
        const width = 28, done = Math.round(fraction * width);
        const line = `[${'#'.repeat(done)}${'-'.repeat(width - done)}] ${String(pct).padStart(3)}% ${stage}`;
        if (line !== lastLine) stream.write('\r' + line.slice(0, (stream.columns ?? 100) - 1).padEnd(Math.min(lastLine.length, (stream.columns ?? 100) - 1)));
        lastLine = line;
      } else {
        const tenth = Math.floor(pct / 10);
        if (stage !== lastLine || tenth !== lastTenth) stream.write(`${String(pct).padStart(3)}% ${stage}\n`);
        lastLine = stage;
        lastTenth = tenth;
      }
    },
    done() {
      if (tty && lastLine) stream.write('\n');
      lastLine = '';
    },
  };
}

/** Reads the catalog file into metadata by product id. */
function readCatalog(path: string): Map<string, ItemMeta> | string {
  if (!existsSync(path)) return `[clientele] --catalog "${path}" does not exist; pass a JSON file with an array of products or { "products": [...] }`;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return `[clientele] --catalog "${path}" is not valid JSON (${(e as Error).message}); pass an array of products or { "products": [...] }`;
  }
  const list = Array.isArray(json) ? json : (json as { products?: unknown })?.products;
  if (!Array.isArray(list)) return `[clientele] --catalog "${path}" must hold an array of products or { "products": [...] }`;
  const out = new Map<string, ItemMeta>();
  for (const p of list as Array<Record<string, unknown>>) {
    const id = p?.product_id ?? p?.id ?? p?.sku;
    if (id === undefined || id === null || id === '') continue;
    const m: ItemMeta = {};
    if (typeof p.name === 'string') m.name = p.name;
    const price = Number(p.price);
    if (p.price !== undefined && Number.isFinite(price)) m.price = price;
    if (typeof p.category === 'string') m.category = p.category;
    const image = p.image_url ?? p.image;
    if (typeof image === 'string') m.image = image;
    out.set(String(id), m);
  }
  return out;
}

/** Streams the log file into an InteractionLog, counting rows left out by reason. */
async function readLog(path: string, onBytes: (f: number) => void, keep?: (item: string) => boolean): Promise<ParsedLog | string> {
  const size = statSync(path).size;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  const parser = createLogParser(`--events "${path}"`, keep);
  let bytes = 0;
  let nextTick = 0;
  for await (const line of lines) {
    bytes += line.length + 1;
    if (bytes >= nextTick) { onBytes(Math.min(1, bytes / Math.max(1, size))); nextTick = bytes + size / 200; }
    if (!parser.line(line)) break;
  }
  onBytes(1);
  const r = parser.result();
  return r.ok ? r.value : r.message;
}

const kb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
const pct = (x: number) => (x * 100).toFixed(2) + '%';

function printSummary(s: BuildSummary, out: string, readMs: number, layout: string, skipped: Record<string, number>): string {
  const lines: string[] = [];
  lines.push(`Site model written to ${out}`);
  lines.push(`  log        ${s.rows.toLocaleString('en')} rows (${layout} layout), read in ${(readMs / 1000).toFixed(1)} s` +
    (Object.keys(skipped).length ? `; left out: ${Object.entries(skipped).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}` : ''));
  lines.push(`  learned    ${s.users.toLocaleString('en')} users x ${s.items.toLocaleString('en')} items, ${s.interactions.toLocaleString('en')} user-item interactions, ${s.purchases.toLocaleString('en')} purchase rows in ${s.orders.toLocaleString('en')} orders`);
  if (s.span) lines.push(`  span       ${s.span.from.slice(0, 10)} .. ${s.span.to.slice(0, 10)}`);
  lines.push(`  models     ${'name'.padEnd(14)}${'size'.padStart(10)}${'train'.padStart(9)}   holdout NDCG@10  Recall@10  HitRate@10  Coverage@10`);
  for (const m of s.models) {
    const h = m.holdout;
    lines.push(`             ${m.name.padEnd(14)}${kb(m.bytes).padStart(10)}${((m.trainMs / 1000).toFixed(1) + ' s').padStart(9)}   ` +
      (h ? `${h.ndcg.toFixed(4).padStart(15)}  ${h.recall.toFixed(4).padStart(9)}  ${h.hit.toFixed(4).padStart(10)}  ${pct(h.coverage).padStart(11)}` : '  (no holdout)'));
  }
  lines.push(`  for-you    blend ${Object.entries(s.blend).map(([k, v]) => `${k} ${v}`).join(' + ') || '(none)'}` +
    (s.blendHoldout ? `: holdout NDCG@10 ${s.blendHoldout.ndcg.toFixed(4)}, HitRate@10 ${s.blendHoldout.hit.toFixed(4)} (${s.blendHoldout.nUsers} users)` : ''));
  if (s.segments) lines.push(`  segments   trained on ${s.segments.customers.toLocaleString('en')} customers' orders`);
  lines.push(`  files      manifest.json ${kb(s.bytes.manifest)}, weights.bin ${kb(s.bytes.weights)}`);
  lines.push(`  time       ${(s.ms / 1000).toFixed(1)} s to build`);
  for (const w of s.warnings) lines.push(`  warning    ${w}`);
  return lines.join('\n');
}

/**
 * Runs `clientele build-model` with the given arguments; returns the exit code (0 ok, 1 bad input, 2 usage).
 * @example
 * process.exitCode = await main(['--events', 'log.csv', '--out', 'public/model']);
 */
export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') { process.stderr.write(args + '\n'); return 2; }
  if (args.help) { process.stdout.write(USAGE); return 0; }
  if (!args.events || !args.out) {
    process.stderr.write(`[clientele] build-model needs --events <file> and --out <dir>, got ${!args.events ? 'no --events' : 'no --out'}\n\n${USAGE}`);
    return 2;
  }
  const eventsPath = resolve(args.events);
  if (!existsSync(eventsPath) || !statSync(eventsPath).isFile()) {
    process.stderr.write(`[clientele] --events "${args.events}" does not exist or is not a file; pass the path of your interaction log (CSV or JSON lines)\n`);
    return 1;
  }
  let catalog: Map<string, ItemMeta> | null = null;
  if (args.catalog) {
    const c = readCatalog(resolve(args.catalog));
    if (typeof c === 'string') { process.stderr.write(c + '\n'); return 1; }
    catalog = c;
  }
  const bar = progress(process.stderr);
  const t0 = Date.now();
  if (args.onlyCatalog && !catalog) { process.stderr.write('[clientele] --only-catalog needs --catalog <file>\n'); return 2; }
  const read = await readLog(eventsPath, (f) => bar.update('reading log', f * 0.2), args.onlyCatalog && catalog ? (item) => catalog!.has(item) : undefined);
  if (typeof read === 'string') { bar.done(); process.stderr.write(read + '\n'); return 1; }
  const readMs = Date.now() - t0;
  if (catalog) for (const [id, meta] of catalog) read.log.describe(id, meta, false);
  const options: BuildOptions = { holdout: args.holdout };
  if (args.models) options.models = args.models;
  if (args.evalUsers) options.evalUsers = Math.round(args.evalUsers);
  if (args.windowDays) options.windowDays = args.windowDays;
  const built = await buildSiteModel(read.log, options, (p) => bar.update(p.stage, 0.2 + 0.8 * p.fraction));
  bar.done();
  if (!built.ok) { process.stderr.write(built.message + '\n'); return 1; }
  const outDir = resolve(args.out);
  mkdirSync(outDir, { recursive: true });
  const manifestText = JSON.stringify(built.value.manifest);
  writeFileSync(join(outDir, 'weights.bin'), built.value.weights);
  writeFileSync(join(outDir, 'manifest.json'), manifestText);
  const summary = { ...built.value.summary, ms: Date.now() - t0, bytes: { manifest: Buffer.byteLength(manifestText), weights: built.value.weights.byteLength } };
  if (args.json) process.stdout.write(JSON.stringify({ ...summary, layout: read.layout, skipped: read.skipped, out: outDir }, null, 2) + '\n');
  else process.stdout.write(printSummary(summary, outDir, readMs, read.layout, read.skipped as Record<string, number>) + '\n');
  return 0;
}

// Run directly: `npx tsx scripts/build-model.ts --events ... --out ...`
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/build-model.ts')) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
