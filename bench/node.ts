// Benchmarks that run in Node: site-model training per model family on the eval split, and the real
// `build-model` CLI on a generated million-row log (wall time and peak memory of the child process).
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { readSplitDir, toInteractions } from '../scripts/lib/splitCsv.ts';
import { writeLog, type GenLogSummary } from '../scripts/gen-log.ts';
import { MODEL_SPECS } from '../train/models/registry.ts';
import { coVisitationSpec } from '../train/models/coVisitation.ts';
import type { Interactions, ModelSpec } from '../scoring/models/types.ts';
import { InteractionLog, buildSiteModel } from '../train/siteModel/index.ts';
import { tf } from '../train/tf.ts';
import { summarize, type Summary } from './stats.ts';

/** What a child process cost: wall time from spawn to exit, and its own peak resident memory. */
export interface ChildRun {
  code: number;
  wallMs: number;
  maxRssMb: number | null;
  /** User + system CPU seconds of the child (below wall time when the machine is busy with other work). */
  cpuS: number | null;
  stdout: string;
  stderr: string;
}

// Preloaded into the child: reports the process's own peak RSS as it exits (works without /usr/bin/time).
const MAXRSS_HOOK = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nclientele-bench-maxrss-kb="+u.maxRSS+" cpu-us="+(u.userCPUTime+u.systemCPUTime)+"\\n")})';

/**
 * Runs a TypeScript script in a fresh `node --import tsx` process and measures it.
 * @example
 * const r = await runTsChild(root, 'scripts/build-model.ts', ['--events', 'log.csv', '--out', '.tmp/m', '--json']);
 */
export function runTsChild(root: string, script: string, args: string[]): Promise<ChildRun> {
  return new Promise((done, failed) => {
    const t = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', MAXRSS_HOOK, script, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', failed);
    child.on('close', (code) => {
      const wallMs = performance.now() - t;
      const m = /clientele-bench-maxrss-kb=(\d+) cpu-us=(\d+)/.exec(stderr);
      done({ code: code ?? -1, wallMs, maxRssMb: m ? Math.round(Number(m[1]) / 1024) : null, cpuS: m ? Number(m[2]) / 1e6 : null, stdout, stderr: stderr.replace(/\n?clientele-bench-maxrss-kb=.*\n?/, '') });
    });
  });
}

/** The last line a failed child printed that says something, for a one-line bench message. */
export function lastMessage(r: ChildRun): string {
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^\d+% /.test(l) && !/^npm warn/.test(l));
  return lines.find((l) => l.startsWith('[clientele]')) ?? lines[lines.length - 1] ?? `exit code ${r.code}`;
}

/** Fit seconds of eval_reference.py on this machine, from reference_results.json beside the data (or the published table). */
function referenceFits(dataDir: string): { source: string; fit_s: Record<string, number> } {
  const file = join(dirname(dirname(dataDir)), 'reference_results.json');
  const dataset = basename(dirname(dataDir));
  try {
    const json = JSON.parse(readFileSync(file, 'utf8')) as { datasets: Array<{ dataset: string; results: Array<{ model: string; fit_s: number }> }> };
    const d = json.datasets.find((x) => x.dataset === dataset);
    if (d) return { source: file, fit_s: Object.fromEntries(d.results.map((r) => [r.model, Math.round(r.fit_s * 100) / 100])) };
  } catch {
    // fall through to the table in reference_results.md
  }
  return { source: 'reference_results.md (online-retail)', fit_s: { ItemKNN: 0.96, EASE: 2.1, iALS: 9.17 } };
}

export interface TrainNodeResult {
  data: string;
  users: number;
  items: number;
  interactions: number;
  tf_backend: string;
  /** Wall and CPU seconds per family (spec.train on the whole train split, default params); CPU shows contention. */
  models: Record<string, { params: Record<string, unknown>; seconds: Summary; cpu_seconds: Summary }>;
  /** The whole site-model build without holdout (log interning, default families, popularity windows, segments, packing). */
  build_site_model: { seconds: number; cpu_seconds: number; models: string[] };
  reference_python_fit_s: { source: string; fit_s: Record<string, number> };
}

/**
 * Times training of each model family, and of the whole site-model build, on a split's train.csv.
 * @example
 * const r = await trainNode('../shared/data/online-retail/split'); if (r.ok) r.value.models.itemKnn.seconds.median
 */
export async function trainNode(dataDir: string, log: (s: string) => void = () => undefined): Promise<{ ok: true; value: TrainNodeResult } | { ok: false; message: string }> {
  const d = await readSplitDir(dataDir);
  if (!d.ok) return { ok: false, message: d.message };
  const userIndex = new Map(d.value.userIds.map((u, i) => [u, i]));
  const itemIndex = new Map(d.value.itemIds.map((u, i) => [u, i]));
  const train = toInteractions(d.value.files.train, userIndex, itemIndex);
  // the four families the site model is made of, plus EASE (when registered) for its python reference
  const families: Array<[string, ModelSpec | undefined, number]> = [
    ['popularity', MODEL_SPECS.popularity, 5],
    ['itemKnn', MODEL_SPECS.itemKnn, 3],
    ['rp3beta', MODEL_SPECS.rp3beta, 3],
    ['ials', MODEL_SPECS.ials, 1],
    ['coVisitation', MODEL_SPECS.coVisitation ?? (coVisitationSpec as unknown as ModelSpec), 3],
    ['ease', MODEL_SPECS.ease, 2],
  ];
  const models: TrainNodeResult['models'] = {};
  const tiny = sliceUsers(train, 50);
  for (const [name, spec, reps] of families) {
    if (!spec) continue;
    // warm-up on a few users (JIT, tfjs backend start) so the timed fits measure training alone
    await spec.train(tiny, spec.defaults);
    const wall: number[] = [], cpu: number[] = [];
    for (let r = 0; r < reps; r++) {
      const c = process.cpuUsage(), t = performance.now();
      await spec.train(train, spec.defaults);
      wall.push((performance.now() - t) / 1000);
      const dc = process.cpuUsage(c);
      cpu.push((dc.user + dc.system) / 1e6);
    }
    models[name] = { params: spec.defaults, seconds: summarize(wall), cpu_seconds: summarize(cpu) };
    log(`  ${name.padEnd(13)} ${models[name].seconds.median.toFixed(3)} s (cpu ${models[name].cpu_seconds.median.toFixed(3)} s)`);
  }
  // the site-model builder reads a log: feed it the same train rows, one "interaction" each
  const rows = d.value.files.train;
  const c0 = process.cpuUsage(), t0 = performance.now();
  const l = new InteractionLog();
  for (let r = 0; r < rows.users.length; r++) l.add({ user: rows.users[r], item: rows.items[r], event: 'interaction', ts: rows.ts[r] });
  // as `build-model --no-holdout` runs it: default families, segments, packing
  const b = await buildSiteModel(l, { holdout: false });
  if (!b.ok) return { ok: false, message: b.message };
  const buildS = (performance.now() - t0) / 1000;
  const dc = process.cpuUsage(c0);
  const names = b.value.summary.models.map((m) => `${m.name} ${(m.trainMs / 1000).toFixed(2)} s`);
  log(`  buildSiteModel (no holdout) ${buildS.toFixed(2)} s: ${names.join(', ')}`);
  return {
    ok: true,
    value: {
      data: dataDir,
      users: train.nUsers,
      items: train.nItems,
      interactions: train.items.length,
      tf_backend: tf.getBackend(),
      models,
      build_site_model: { seconds: round(buildS), cpu_seconds: round((dc.user + dc.system) / 1e6), models: names },
      reference_python_fit_s: referenceFits(dataDir),
    },
  };
}

const round = (x: number, d = 3) => Math.round(x * 10 ** d) / 10 ** d;

/** The first n users' rows of a CSR log (for warm-up fits). */
function sliceUsers(x: Interactions, n: number): Interactions {
  const k = Math.min(n, x.nUsers), end = x.userPtr[k];
  return { nUsers: k, nItems: x.nItems, userPtr: x.userPtr.slice(0, k + 1), items: x.items.slice(0, end), weights: x.weights.slice(0, end), ts: x.ts.slice(0, end) };
}

/** One `build-model` run in a child process: what it cost and what it built. */
export interface BuildRun {
  command: string;
  wall_s: number;
  cpu_s: number | null;
  peak_rss_mb: number | null;
  rows_per_s: number;
  cli: { ms: number; rows: number; users: number; items: number; models: Array<{ name: string; trainMs: number }>; gzip_mb: number; warnings: string[] };
}

export interface BigLogResult {
  /** The full UCI Online Retail log with the CLI's defaults (validation tuning on): the budget is 500 MB peak. */
  online_retail: BuildRun | { skipped: string };
  /** A generated log (default 10,000,000 rows over 50,000 items): the budget is 3 GB peak. */
  generated: BuildRun & { log: GenLogSummary & { file: string; generate_s: number } };
}

/** Runs the real `build-model` CLI in a child process and measures it. */
async function buildRun(root: string, events: string, out: string): Promise<{ ok: true; value: BuildRun } | { ok: false; message: string }> {
  rmSync(join(root, out), { recursive: true, force: true });
  const args = ['--events', events, '--out', out, '--json'];
  const r = await runTsChild(root, 'scripts/build-model.ts', args);
  if (r.code !== 0) return { ok: false, message: `build-model failed on ${events}: ${lastMessage(r)}` };
  const j = JSON.parse(r.stdout) as { ms: number; rows: number; users: number; items: number; models: Array<{ name: string; trainMs: number }>; gzip: number; warnings: string[] };
  return {
    ok: true,
    value: {
      command: `node --import tsx scripts/build-model.ts ${args.join(' ')}`,
      wall_s: round(r.wallMs / 1000, 2),
      cpu_s: r.cpuS === null ? null : round(r.cpuS, 2),
      peak_rss_mb: r.maxRssMb,
      rows_per_s: Math.round(j.rows / (r.wallMs / 1000)),
      cli: { ms: j.ms, rows: j.rows, users: j.users, items: j.items, models: j.models.map((m) => ({ name: m.name, trainMs: Math.round(m.trainMs) })), gzip_mb: round(j.gzip / 2 ** 20, 2), warnings: j.warnings },
    },
  };
}

/**
 * Peak memory and time of the real `build-model` CLI on the full Online Retail log and on a generated log (default
 * 10,000,000 rows over 50,000 items), each in its own child process.
 * @example
 * const r = await bigLog('/repo', '../shared/data/online-retail/online_retail.csv'); if (r.ok) r.value.generated.peak_rss_mb
 */
export async function bigLog(root: string, retailCsv: string | null, opts: { rows?: number; items?: number } = {}, log: (s: string) => void = () => undefined): Promise<{ ok: true; value: BigLogResult } | { ok: false; message: string }> {
  let online: BigLogResult['online_retail'] = { skipped: 'no online_retail.csv beside the split' };
  if (retailCsv) {
    log(`  build-model on ${retailCsv}`);
    const r = await buildRun(root, retailCsv, join('.tmp', 'model-online-retail'));
    if (!r.ok) return r;
    online = r.value;
    log(`  online retail: ${online.wall_s} s, peak ${online.peak_rss_mb} MB`);
  }
  const rows = opts.rows ?? 10_000_000, items = opts.items ?? 50_000;
  const file = join('.tmp', `log-${rows / 1000}k-${items / 1000}k.csv`);
  let t = performance.now();
  const s = writeLog(join(root, file), { rows, items });
  const generate_s = round((performance.now() - t) / 1000, 2);
  log(`  generated ${file}: ${s.rows} rows, ${s.users} users, ${s.items} items in ${generate_s} s`);
  t = performance.now();
  const g = await buildRun(root, file, join('.tmp', 'model-generated'));
  rmSync(join(root, file), { force: true });
  if (!g.ok) return g;
  log(`  generated: ${g.value.wall_s} s, peak ${g.value.peak_rss_mb} MB`);
  return { ok: true, value: { online_retail: online, generated: { ...g.value, log: { ...s, file, generate_s } } } };
}
