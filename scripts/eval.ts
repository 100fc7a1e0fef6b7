// `npm run eval -- --data <dir> [--json <file>] [--models a,b] [--quick]`: tunes each model on train_inner/valid,
// refits on train, scores test once, with the metrics of ../shared/data/eval_reference.py.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs as parseCli } from 'node:util';
import { heldOut, readSplitDir, toInteractions, type SplitData } from './lib/splitCsv.ts';
import { evaluateModel } from '../scoring/models/evaluate.ts';
import { INTERACTION_MODELS, MODEL_SPECS, modelFromWeights } from '../train/models/registry.ts';
import type { RankingMetrics } from '../scoring/models/metrics.ts';
import type { Interactions, ModelSpec, TrainedModel } from '../scoring/models/types.ts';
import { historyOf } from '../scoring/models/evaluate.ts';
import { buildFromLogFile } from './build-model.ts';
import { deployedMetrics, gzipBytes, readModelFiles, type DeployedCase } from './lib/deployed.ts';
import { evaluateForYou } from '../train/siteModel/forYouRows.ts';

interface Args { data: string; json?: string; models: string[]; quick: boolean; deployed: boolean }

const USAGE = 'npm run eval -- --data <split dir> [--json <file>] [--models a,b | --models none] [--quick] [--no-deployed]';

/** Exits with the message: 2 for bad usage (as the clientele commands do), 1 for a run that failed. */
function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function parseArgs(argv: string[]): Args {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseCli({ args: argv, options: { data: { type: 'string' }, json: { type: 'string' }, models: { type: 'string' }, quick: { type: 'boolean' }, 'no-deployed': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true }));
  } catch (e) {
    fail(`[clientele] eval: ${(e as Error).message}; use ${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n\nTunes each model on train_inner/valid, refits on train and scores test once (NDCG@10, recall@10, hit@10,\ncoverage@10, as ../shared/data/eval_reference.py); --json writes the table, --quick tries 2 settings per model,\n--models none scores only the deployed site model, --no-deployed skips it.\n`);
    process.exit(0);
  }
  if (!values.data) fail(`[clientele] --data is required: the folder holding train.csv, test.csv, train_inner.csv, valid.csv; use ${USAGE}`, 2);
  const models = typeof values.models === 'string' ? (values.models === 'none' ? [] : values.models.split(',').map((x) => x.trim()).filter(Boolean)) : [...INTERACTION_MODELS];
  return { data: values.data as string, json: values.json as string | undefined, models, quick: values.quick === true, deployed: values['no-deployed'] !== true };
}

const log = (s: string): void => { process.stderr.write(`${s}\n`); };
const fmt = (p: Record<string, unknown>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ') || '-';

interface Row { name: string; params: Record<string, unknown>; valid: number; test: RankingMetrics; fitS: number; tuneS: number; deployed?: number }

/** Trains each distinct train-param combination once and tries its fold-in variants on valid. */
async function tune(spec: ModelSpec, inner: Interactions, valid: Map<number, Set<number>>, quick: boolean): Promise<{ params: Record<string, unknown>; score: number; model: TrainedModel }> {
  const foldKeys = new Set(spec.foldInKeys ?? []);
  const grid = quick ? spec.grid.slice(0, 2) : spec.grid;
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const p of grid) {
    const key = JSON.stringify(Object.entries(p).filter(([k]) => !foldKeys.has(k)));
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(p);
  }
  let best = { params: spec.defaults as Record<string, unknown>, score: -1, model: null as TrainedModel | null };
  let done = 0;
  for (const ps of groups.values()) {
    const base = await spec.train(inner, ps[0]);
    for (const p of ps) {
      const m = base.withFoldIn ? base.withFoldIn(p) : p === ps[0] ? base : await spec.train(inner, p);
      const r = evaluateModel(m, inner, valid);
      done++;
      log(`  [tune ${done}/${grid.length}] ${spec.name} ${fmt(p)}: valid NDCG@10=${r.ndcg.toFixed(4)}`);
      if (r.ndcg > best.score) best = { params: p, score: r.ndcg, model: m };
    }
  }
  return best as { params: Record<string, unknown>; score: number; model: TrainedModel };
}

/** Models whose weights are a dense items x items matrix, and the catalogue size above which eval skips them. */
const DENSE = new Set(['ease']);
const MAX_DENSE_ITEMS = 12_000;

/** NDCG@10 of the model as deployed (revived from toWeights), when that differs from the trained one (e.g. sparsified EASE). */
function deployedNdcg(model: TrainedModel, train: Interactions, test: Map<number, Set<number>>): number | undefined {
  const r = modelFromWeights(model.toWeights());
  if (!r.ok) return undefined;
  const a = new Float32Array(train.nItems), b = new Float32Array(train.nItems);
  const probe = [...test.keys()].slice(0, 100);
  const same = probe.every((u) => {
    const h = historyOf(train, u);
    model.score(model.foldIn(h), a);
    r.model.score(r.model.foldIn(h), b);
    return a.every((x, i) => x === b[i]);
  });
  return same ? undefined : evaluateModel(r.model, train, test).ndcg;
}

/** The deployed pipeline on this split: build from train.csv as `clientele build-model` does, rank with recommend(). */
async function deployed(d: SplitData, test: Map<number, Set<number>>, train: Interactions): Promise<{ metrics: RankingMetrics; floatNdcg: number; bytesGzip: number; bytes: number; files: number; best: string; weights: Record<string, number>; halfLifeDays: number; valid: RankingMetrics | null; buildS: number; rankS: number }> {
  const t0 = performance.now();
  let last = '';
  const built = await buildFromLogFile({ events: join(d.dir, 'train.csv'), onProgress: (p) => { if (p.stage !== last) { last = p.stage; log(`  [build] ${Math.round(p.fraction * 100)}% ${p.stage}`); } } });
  if (!built.ok) fail(built.message);
  const b = built.value.built;
  const buildS = (performance.now() - t0) / 1000;
  const model = readModelFiles(b.files);
  if (!model.ok) fail(model.message);
  const t1 = performance.now();
  const index = new Map(d.itemIds.map((id, i) => [id, i]));
  const c: DeployedCase = { itemIds: d.itemIds, users: [] };
  for (const u of [...test.keys()].sort((x, y) => x - y)) {
    const a = train.userPtr[u], z = train.userPtr[u + 1];
    c.users.push({ items: Array.from(train.items.subarray(a, z), (i) => d.itemIds[i]), ts: Array.from(train.ts.subarray(a, z)), held: test.get(u)! });
  }
  const metrics = deployedMetrics(model.value, c, 10);
  const rankS = (performance.now() - t1) / 1000;
  // the same rows before 8-bit quantization, ranked by the protocol: what quantizing costs
  const modelIndex = new Map(b.head.items.map((id, i) => [id, i]));
  const toModel = (i: number) => modelIndex.get(d.itemIds[i]) ?? -1;
  const held = new Map<number, Set<number>>();
  const hist: Interactions = { ...train, nItems: b.head.items.length, items: train.items.map(toModel) };
  for (const [u, s] of test) held.set(u, new Set([...s].map(toModel)));
  const floatNdcg = evaluateForYou(b.forYouRowsFloat, b.head.popular.items, dropUnknown(hist), held, b.head.forYou).ndcg;
  const weights = b.head.forYou.weights;
  const best = `for-you: ${Object.entries(weights).map(([k, v]) => `${k} ${v}`).join(' + ')}, half-life ${b.head.forYou.halfLifeDays} days`;
  void index;
  return { metrics, floatNdcg, bytesGzip: gzipBytes(b.files), bytes: b.files.reduce((s, f) => s + f.bytes.byteLength, 0), files: b.files.length, best, weights, halfLifeDays: b.head.forYou.halfLifeDays, valid: b.summary.blendHoldout, buildS, rankS };
}

/** Interactions without entries on items the model does not know (-1). */
function dropUnknown(x: Interactions): Interactions {
  const keep: number[] = [];
  const userPtr = new Int32Array(x.nUsers + 1);
  for (let u = 0; u < x.nUsers; u++) {
    for (let p = x.userPtr[u]; p < x.userPtr[u + 1]; p++) if (x.items[p] >= 0) keep.push(p);
    userPtr[u + 1] = keep.length;
  }
  return { nUsers: x.nUsers, nItems: x.nItems, userPtr, items: Int32Array.from(keep, (p) => x.items[p]), weights: Float32Array.from(keep, (p) => x.weights[p]), ts: Float64Array.from(keep, (p) => x.ts[p]) };
}

async function main(): Promise<void> {
  const tStart = performance.now();
  const args = parseArgs(process.argv.slice(2));
  const read = await readSplitDir(args.data);
  if (!read.ok) fail(read.message);
  const d = read.value;
  const itemIndex = new Map(d.itemIds.map((id, i) => [id, i]));
  const userIndex = new Map(d.userIds.map((id, i) => [id, i]));
  const inner = toInteractions(d.files.train_inner, userIndex, itemIndex);
  const train = toInteractions(d.files.train, userIndex, itemIndex);
  const valid = heldOut(d.files.valid, userIndex, itemIndex);
  const test = heldOut(d.files.test, userIndex, itemIndex);
  log(`[eval] ${d.dir}: ${d.userIds.length} users, ${d.itemIds.length} items; train ${train.items.length}, test ${d.files.test.users.length} (${test.size} users); tuning on train_inner ${inner.items.length} / valid ${d.files.valid.users.length}`);

  const names = args.models;
  for (const n of names) if (!INTERACTION_MODELS.includes(n)) fail(`[clientele] --models lists "${n}", which eval cannot run; choose from ${INTERACTION_MODELS.join(', ')}, or none (content needs catalog attributes, which split files lack)`);
  let dep: Awaited<ReturnType<typeof deployed>> | null = null;
  if (args.deployed) {
    log('[eval] deployed: building the site model from train.csv as `clientele build-model` does');
    dep = await deployed(d, test, train);
    log(`  [test] deployed ${dep.best}: R@10=${dep.metrics.recall.toFixed(4)} N@10=${dep.metrics.ndcg.toFixed(4)} HR@10=${dep.metrics.hit.toFixed(4)} Cov@10=${dep.metrics.coverage.toFixed(4)} (unquantized rows N@10=${dep.floatNdcg.toFixed(4)}); model ${(dep.bytesGzip / 1024).toFixed(0)} KB gzip in ${dep.files} files; build ${dep.buildS.toFixed(1)} s, ranking ${dep.rankS.toFixed(1)} s`);
  }
  const rows: Row[] = [];
  for (const name of names) {
    const spec = MODEL_SPECS[name];
    if (DENSE.has(name) && train.nItems > MAX_DENSE_ITEMS) {
      // An items x items inverse: cubic time and square memory would swamp a 2-core machine on a large catalogue.
      log(`[eval] ${name} skipped: ${train.nItems} items is above ${MAX_DENSE_ITEMS} for a dense items x items model (pass --models ${name} with a smaller dataset)`);
      continue;
    }
    log(`[eval] ${name}: tuning on valid (${((performance.now() - tStart) / 1000).toFixed(0)} s elapsed)`);
    const t0 = performance.now();
    const best = await tune(spec, inner, valid, args.quick);
    const tuneS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const model = await spec.train(train, best.params);
    const fitS = (performance.now() - t1) / 1000;
    const r = evaluateModel(model, train, test);
    const deployed = deployedNdcg(model, train, test);
    log(`  [test] ${name} ${fmt(best.params)}: R@10=${r.recall.toFixed(4)} N@10=${r.ndcg.toFixed(4)} HR@10=${r.hit.toFixed(4)} Cov@10=${r.coverage.toFixed(4)} fit=${fitS.toFixed(2)}s${deployed === undefined ? '' : ` deployed N@10=${deployed.toFixed(4)}`}`);
    rows.push({ name, params: best.params, valid: best.score, test: r, fitS, tuneS, deployed });
  }

  const lines = [
    `| model | params (chosen on valid) | valid NDCG@10 | Recall@10 | NDCG@10 | HitRate@10 | Coverage@10 | fit s | tuning s |`,
    '|---|---|---|---|---|---|---|---|---|',
    ...(dep ? [`| **deployed** (${dep.best}) | built from train.csv by build-model, ranked by recommend() | ${dep.valid ? dep.valid.ndcg.toFixed(4) : '-'} | ${dep.metrics.recall.toFixed(4)} | **${dep.metrics.ndcg.toFixed(4)}** | ${dep.metrics.hit.toFixed(4)} | ${dep.metrics.coverage.toFixed(4)} | ${dep.buildS.toFixed(1)} (build) | |`] : []),
    ...rows.map((r) => `| ${r.name} | ${fmt(r.params)} | ${r.valid.toFixed(4)} | ${r.test.recall.toFixed(4)} | ${r.test.ndcg.toFixed(4)} | ${r.test.hit.toFixed(4)} | ${r.test.coverage.toFixed(4)} | ${r.fitS.toFixed(2)} | ${r.tuneS.toFixed(1)} |`),
  ];
  process.stdout.write(`\n${d.dir}: ${test.size} test users, ${d.itemIds.length} items\n\n${lines.join('\n')}\n`);
  if (dep) process.stdout.write(`\ndeployed model: ${(dep.bytesGzip / 1024).toFixed(0)} KB gzip (${(dep.bytes / 1024).toFixed(0)} KB) in ${dep.files} files; NDCG@10 with unquantized rows ${dep.floatNdcg.toFixed(4)} (8-bit costs ${(100 * (1 - dep.metrics.ndcg / dep.floatNdcg)).toFixed(2)}%)\n`);
  log(`[eval] total ${((performance.now() - tStart) / 1000).toFixed(0)} s`);
  if (args.json) {
    const models: Record<string, unknown> = {};
    for (const r of rows) models[r.name] = { 'recall@10': r.test.recall, 'ndcg@10': r.test.ndcg, 'hit@10': r.test.hit, 'coverage@10': r.test.coverage, fit_s: r.fitS, tune_s: r.tuneS, params: r.params, valid_ndcg: r.valid, ...(r.deployed === undefined ? {} : { 'deployed_ndcg@10': r.deployed }) };
    const out: Record<string, unknown> = { data: d.dir, test_users: test.size, items: d.itemIds.length };
    if (dep) {
      out.deployed = {
        'ndcg@10': dep.metrics.ndcg, 'recall@10': dep.metrics.recall, 'hit@10': dep.metrics.hit, 'coverage@10': dep.metrics.coverage, model_bytes_gzip: dep.bytesGzip,
        model_bytes: dep.bytes, model_files: dep.files, 'unquantized_ndcg@10': dep.floatNdcg, weights: dep.weights, half_life_days: dep.halfLifeDays,
        'valid_ndcg@10': dep.valid?.ndcg ?? null, build_s: dep.buildS, rank_s: dep.rankS,
      };
      out.best = dep.best;
    }
    out.models = models;
    writeFileSync(args.json, JSON.stringify(out, null, 1));
    log(`[eval] wrote ${args.json}`);
  }
}

main().catch((e: unknown) => fail(`[clientele] eval failed: ${e instanceof Error ? e.message : String(e)}`));
