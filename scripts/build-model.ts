// `npx clientele build-model`: streams an interaction log into a site model folder (manifest.json, shards/, meta/).
// `buildFromLogFile()` is the build itself, which `npm run eval` also calls, so what eval measures is what this ships;
// `buildModel()` is the command's body, run by the CLI shell (scripts/cli), which has checked the options and paths.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Result } from '../src/contract/types.ts';
import { catalogMeta } from '../train/buildWorker/catalog.ts';
import { buildSiteModel, SHIPPABLE_MODELS, type BuildOptions, type BuildProgress, type BuildSummary, type BuiltSiteModel, type ItemMeta } from '../train/siteModel/index.ts';
import { readLogFile } from './lib/readLogFile.ts';
import { unreadableWarning } from '../train/ingest/read.ts';
import type { CommandIO } from './cli/io.ts';
import { holdoutWarning } from './cli/holdout.ts';
import { runCli } from './cli/main.ts';


/** What a build needs: the log and the CLI's options. */
export interface BuildFromFileOptions {
  events: string;
  catalog?: string;
  onlyCatalog?: boolean;
  models?: string[];
  holdout?: boolean;
  evalUsers?: number;
  windowDays?: number;
  tz?: string;
  /** A priors.json from `clientele report --priors`: the slot bandit's priors, carried in the manifest. */
  priors?: string;
  onProgress?: (p: BuildProgress) => void;
}

/** A built model and how its log was read. */
export interface BuildModelResult {
  built: BuiltSiteModel;
  layout: string;
  skipped: Record<string, number>;
  readMs: number;
  /** A warning when the log was not UTF-8. */
  unreadable?: string;
}

/**
 * Reads a log file and builds the site model with the CLI's defaults: `clientele build-model` and `npm run eval` both run this.
 * @example
 * const r = await buildFromLogFile({ events: 'orders.csv' }); if (r.ok) writeModel('public/model', r.value.built);
 */
export async function buildFromLogFile(o: BuildFromFileOptions): Promise<Result<BuildModelResult>> {
  const t0 = Date.now();
  let catalog: Map<string, ItemMeta> | null = null;
  if (o.catalog) {
    const path = resolve(o.catalog);
    if (!existsSync(path)) return { ok: false, code: 'no-catalog', message: `[clientele] --catalog "${o.catalog}" does not exist; pass a JSON file with an array of products or { "products": [...] }` };
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      return { ok: false, code: 'bad-catalog', message: `[clientele] --catalog "${o.catalog}" is not valid JSON (${(e as Error).message}); pass an array of products or { "products": [...] }` };
    }
    const c = catalogMeta(json, `--catalog "${o.catalog}"`);
    if (!c.ok) return c;
    catalog = c.value;
  }
  if (o.onlyCatalog && !catalog) return { ok: false, code: 'usage', message: '[clientele] --only-catalog needs --catalog <file>' };
  // Checked before the log is read, as bad usage (exit 2), in the option's own name.
  const unknown = o.models?.find((m) => !SHIPPABLE_MODELS.includes(m));
  if (unknown !== undefined) return { ok: false, code: 'usage', message: `[clientele] --models lists ${JSON.stringify(unknown)}, which the site model cannot ship; use some of ${SHIPPABLE_MODELS.join(', ')}` };
  // "--models coVisitation" (or an empty list) trains no for-you row: said after the whole log was read, in the
  // library's words ("pass options.models ...").
  if (o.models && !o.models.some((m) => m !== 'coVisitation')) return { ok: false, code: 'usage', message: `[clientele] --models ${JSON.stringify(o.models.join(','))} names no for-you family; add at least one of ${SHIPPABLE_MODELS.filter((m) => m !== 'coVisitation').join(', ')}` };
  let priors: BuildOptions['priors'];
  if (o.priors) {
    try {
      const p = JSON.parse(readFileSync(resolve(o.priors), 'utf8')) as { slots?: unknown };
      if (typeof p !== 'object' || p === null || typeof p.slots !== 'object') throw new Error('it has no "slots" object');
      priors = p as BuildOptions['priors'];
    } catch (e) {
      return { ok: false, code: 'bad-priors', message: `[clientele] --priors "${o.priors}" is not a priors.json from \`clientele report --priors\` (${(e as Error).message})` };
    }
  }
  const read = await readLogFile(resolve(o.events), {
    tz: o.tz,
    keep: o.onlyCatalog && catalog ? (item) => catalog!.has(item) : undefined,
    onFraction: (f) => o.onProgress?.({ stage: 'reading log', fraction: f * 0.2 }),
  });
  if (!read.ok) return read;
  const readMs = Date.now() - t0;
  if (catalog) for (const [id, meta] of catalog) read.value.log.describe(id, meta, false);
  const options: BuildOptions = { holdout: o.holdout ?? true };
  if (o.models) options.models = o.models;
  if (o.evalUsers) options.evalUsers = Math.round(o.evalUsers);
  if (o.windowDays) options.windowDays = o.windowDays;
  if (priors) options.priors = priors;
  const built = await buildSiteModel(read.value.log, options, (p) => o.onProgress?.({ stage: p.stage, fraction: 0.2 + 0.8 * p.fraction }));
  if (!built.ok) return built;
  const unreadable = read.value.unreadable ? unreadableWarning(`--events "${o.events}"`, read.value.unreadable) : undefined;
  return { ok: true, value: { built: built.value, layout: read.value.layout, skipped: read.value.skipped as Record<string, number>, readMs, ...(unreadable ? { unreadable } : {}) } };
}

/**
 * Writes a built model into `dir` (manifest.json, shards/, meta/), removing shard and metadata files of an earlier build
 * there (and a format 1 weights.bin). Returns the total bytes written, raw and gzip.
 * @example writeModel('public/model', built) // { bytes: 1_234_567, gzip: 987_654 }
 */
export function writeModel(dir: string, built: BuiltSiteModel): { bytes: number; gzip: number } {
  const out = resolve(dir);
  mkdirSync(out, { recursive: true });
  const keep = new Set(built.files.map((f) => f.path));
  for (const sub of ['shards', 'meta']) {
    const d = join(out, sub);
    if (!existsSync(d)) continue;
    for (const name of readdirSync(d)) if (/^[0-9a-f]{16}\.(bin|json)$/.test(name) && !keep.has(`${sub}/${name}`)) rmSync(join(d, name));
  }
  rmSync(join(out, 'weights.bin'), { force: true });
  let bytes = 0, gzip = 0;
  for (const f of built.files) {
    const p = join(out, f.path);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, f.bytes);
    bytes += f.bytes.byteLength;
    gzip += gzipSync(f.bytes, { level: 9 }).byteLength;
  }
  return { bytes, gzip };
}

const kb = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} KB`);
const pct = (x: number) => (x * 100).toFixed(2) + '%';

function printSummary(s: BuildSummary, out: string, readMs: number, layout: string, skipped: Record<string, number>, size: { bytes: number; gzip: number }): string {
  const lines: string[] = [];
  lines.push(`Site model written to ${out}`);
  lines.push(`  log        ${s.rows.toLocaleString('en')} rows (${layout} layout), read in ${(readMs / 1000).toFixed(1)} s` +
    (Object.keys(skipped).length ? `; left out: ${Object.entries(skipped).map(([k, v]) => `${v.toLocaleString('en')} ${k}`).join(', ')}` : ''));
  lines.push(`  learned    ${s.users.toLocaleString('en')} users x ${s.items.toLocaleString('en')} items, ${s.interactions.toLocaleString('en')} user-item interactions, ${s.purchases.toLocaleString('en')} purchase rows in ${s.orders.toLocaleString('en')} orders`);
  if (s.span) lines.push(`  span       ${s.span.from.slice(0, 10)} .. ${s.span.to.slice(0, 10)}`);
  lines.push(`  models     ${'name'.padEnd(14)}${'train'.padStart(9)}   alone as for-you, on each user's last 10%: NDCG@10  Recall@10  HitRate@10  Coverage@10`);
  for (const m of s.models) {
    const h = m.holdout;
    lines.push(`             ${(m.name + (m.name === 'ease' ? ` λ${m.params.lambda}` : m.name === 'itemKnn' ? ` k${m.params.k}` : '')).padEnd(14)}${((m.trainMs / 1000).toFixed(1) + ' s').padStart(9)}   ` +
      (h ? `${''.padStart(36)}${h.ndcg.toFixed(4).padStart(7)}  ${h.recall.toFixed(4).padStart(9)}  ${h.hit.toFixed(4).padStart(10)}  ${pct(h.coverage).padStart(11)}` : m.name === 'coVisitation' ? '  (bought together; no for-you weight)' : '  (not tuned)'));
  }
  lines.push(`  for-you    ${Object.entries(s.blend).map(([k, v]) => `${k} ${v}`).join(' + ') || '(none)'}, half-life ${s.halfLifeDays || 'none'}${s.halfLifeDays ? ' days' : ''}, ${s.rowLength} targets a row` +
    (s.blendHoldout ? `: NDCG@10 ${s.blendHoldout.ndcg.toFixed(4)}, HitRate@10 ${s.blendHoldout.hit.toFixed(4)} on ${s.blendHoldout.nUsers} users' last 10%` : ''));
  if (s.segments) lines.push(`  segments   trained on ${s.segments.customers.toLocaleString('en')} customers' orders`);
  lines.push(`  files      manifest.json ${kb(s.bytes.manifest)}, ${s.bytes.files - 1} shard and metadata files ${kb(s.bytes.shards + s.bytes.meta)}; ${kb(size.gzip)} gzip in all`);
  lines.push(`  time       ${(s.ms / 1000).toFixed(1)} s to build`);
  for (const w of s.warnings) lines.push(`  warning    ${w}`);
  return lines.join('\n');
}

/** build-model's options, checked by the CLI shell (scripts/cli) before the build starts. */
export interface BuildModelOptions extends Omit<BuildFromFileOptions, 'onProgress'> {
  out: string;
  json: boolean;
}

/**
 * The body of `clientele build-model`: reads the log, builds, writes the model folder into `opts.out` (which the shell
 * has already made). Returns the exit code (0 ok, 1 bad input, 2 usage).
 * @example process.exitCode = await buildModel({ events: 'log.csv', out: 'public/model', json: false }, createIO());
 */
export async function buildModel(opts: BuildModelOptions, io: CommandIO): Promise<number> {
  const t0 = Date.now();
  const r = await buildFromLogFile({ ...opts, onProgress: (p) => io.progress(p.stage, p.fraction) });
  io.done();
  if (!r.ok) { process.stderr.write(r.message + '\n'); return r.code === 'usage' || r.code === 'bad-tz' ? 2 : 1; }
  const size = writeModel(opts.out, r.value.built);
  const summary = { ...r.value.built.summary, ms: Date.now() - t0 };
  const holdout = summary.blendHoldout ?? summary.models.find((m) => m.holdout)?.holdout ?? null;
  // In the summary's warnings (and its JSON), next to the figures it qualifies.
  const small = holdout ? holdoutWarning(holdout.nUsers, holdout.hit) : null;
  if (small) summary.warnings = [...summary.warnings, small];
  if (r.value.unreadable) summary.warnings = [r.value.unreadable, ...summary.warnings];
  const outDir = resolve(opts.out);
  if (opts.json) io.result(JSON.stringify({ ...summary, layout: r.value.layout, skipped: r.value.skipped, out: outDir, gzip: size.gzip }, null, 2));
  else io.result(printSummary(summary, outDir, r.value.readMs, r.value.layout, r.value.skipped, size));
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
