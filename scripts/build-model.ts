// `npx clientele build-model`: streams an interaction log into a site model folder (manifest.json + weights.bin).
import { createReadStream, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import {
  buildSiteModel,
  createLogParser,
  type ParsedLog,
  type BuildOptions,
  type BuildSummary,
  type ItemMeta,
} from '../worker/siteModel/index.ts';
import type { CommandIO } from './cli/io.ts';
import { holdoutWarning } from './cli/holdout.ts';
import { runCli } from './cli/main.ts';

/** build-model's options, checked by the CLI shell (scripts/cli) before the build starts. */
export interface BuildModelOptions {
  events: string;
  out: string;
  catalog?: string;
  onlyCatalog: boolean;
  models?: string[];
  holdout: boolean;
  evalUsers?: number;
  windowDays?: number;
  json: boolean;
  /** Slot bandit priors (priors.json from `clientele report --priors`), carried in the manifest. */
  priors?: string;
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

/** Reads a priors.json (`{ slots: {...} }`) written by `clientele report --priors`; a message when it is not one. */
function readPriors(path: string, shown: string): { slots: object } | string {
  try {
    const priors = JSON.parse(readFileSync(path, 'utf8')) as { slots?: unknown };
    if (typeof priors !== 'object' || priors === null || typeof priors.slots !== 'object' || priors.slots === null) throw new Error('it has no "slots" object');
    return priors as { slots: object };
  } catch (e) {
    return `[clientele] --priors "${shown}" is not a priors.json from \`clientele report --priors\` (${(e as Error).message})`;
  }
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
 * The body of `clientele build-model`: reads the log, builds, writes manifest.json and weights.bin into
 * `opts.out` (which the shell has already made). Returns the exit code (0 ok, 1 bad input).
 * @example process.exitCode = await buildModel({ events: 'log.csv', out: 'public/model', onlyCatalog: false, holdout: true, json: false }, createIO());
 */
export async function buildModel(opts: BuildModelOptions, io: CommandIO): Promise<number> {
  const eventsPath = resolve(opts.events);
  let catalog: Map<string, ItemMeta> | null = null;
  if (opts.catalog) {
    const c = readCatalog(resolve(opts.catalog));
    if (typeof c === 'string') { process.stderr.write(c + '\n'); return 1; }
    catalog = c;
  }
  // read before the build starts, so a wrong file costs a second, not a whole build
  const priors = opts.priors ? readPriors(resolve(opts.priors), opts.priors) : undefined;
  if (typeof priors === 'string') { process.stderr.write(priors + '\n'); return 1; }
  const t0 = Date.now();
  if (opts.onlyCatalog && !catalog) { process.stderr.write('[clientele] --only-catalog needs --catalog <file>\n'); return 2; }
  const read = await readLog(eventsPath, (f) => io.progress('reading log', f * 0.2), opts.onlyCatalog && catalog ? (item) => catalog!.has(item) : undefined);
  if (typeof read === 'string') { io.done(); process.stderr.write(read + '\n'); return 1; }
  const readMs = Date.now() - t0;
  if (catalog) for (const [id, meta] of catalog) read.log.describe(id, meta, false);
  const options: BuildOptions = { holdout: opts.holdout };
  if (opts.models) options.models = opts.models;
  if (opts.evalUsers) options.evalUsers = Math.round(opts.evalUsers);
  if (opts.windowDays) options.windowDays = opts.windowDays;
  const built = await buildSiteModel(read.log, options, (p) => io.progress(p.stage, 0.2 + 0.8 * p.fraction));
  io.done();
  if (!built.ok) { process.stderr.write(built.message + '\n'); return 1; }
  const outDir = resolve(opts.out);
  // the slot bandit's priors ride in the manifest (the checksum covers weights.bin only)
  if (priors) (built.value.manifest as { priors?: unknown }).priors = priors;
  const manifestText = JSON.stringify(built.value.manifest);
  writeFileSync(join(outDir, 'weights.bin'), built.value.weights);
  writeFileSync(join(outDir, 'manifest.json'), manifestText);
  const summary = { ...built.value.summary, ms: Date.now() - t0, bytes: { manifest: Buffer.byteLength(manifestText), weights: built.value.weights.byteLength } };
  const holdout = summary.blendHoldout ?? summary.models.find((m) => m.holdout)?.holdout ?? null;
  // In the summary's warnings (and its JSON), next to the figures it qualifies.
  const small = holdout ? holdoutWarning(holdout.nUsers, holdout.hit) : null;
  if (small) summary.warnings = [...summary.warnings, small];
  if (opts.json) io.result(JSON.stringify({ ...summary, layout: read.layout, skipped: read.skipped, out: outDir }, null, 2));
  else io.result(printSummary(summary, outDir, readMs, read.layout, read.skipped as Record<string, number>));
  return 0;
}

/**
 * Runs `clientele build-model` with command-line arguments, through the CLI shell; returns the exit code.
 * @example process.exitCode = await main(['--events', 'log.csv', '--out', 'public/model']);
 */
export const main = (argv: string[]): Promise<number> => runCli(['build-model', ...argv]);

// Run directly: `npx tsx scripts/build-model.ts --events ... --out ...`
if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('scripts/build-model.ts')) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
