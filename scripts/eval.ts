// `npm run eval -- --data <dir> [--json <file>] [--models a,b] [--quick]`: tunes each model on train_inner/valid,
// refits on train, scores test once, with the metrics of ../shared/data/eval_reference.py.
import { writeFileSync } from 'node:fs';
import { heldOut, readSplitDir, toInteractions } from './lib/splitCsv.ts';
import { evaluateModel } from '../worker/models/evaluate.ts';
import { INTERACTION_MODELS, MODEL_SPECS } from '../worker/models/registry.ts';
import { blendModels } from '../worker/models/blend.ts';
import type { RankingMetrics } from '../worker/models/metrics.ts';
import type { Interactions, ModelSpec, TrainedModel } from '../worker/models/types.ts';

interface Args { data: string; json?: string; models?: string[]; quick: boolean }

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { data: '', quick: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) fail(`[clientele] ${k} needs a value; e.g. ${k} ${k === '--json' ? 'results.json' : '<dir>'}`);
      return x;
    };
    if (k === '--data') a.data = v();
    else if (k === '--json') a.json = v();
    else if (k === '--models') a.models = v().split(',').map((s) => s.trim()).filter(Boolean);
    else if (k === '--quick') a.quick = true;
    else fail(`[clientele] unknown option "${k}"; use --data <dir> [--json <file>] [--models a,b] [--quick]`);
  }
  if (!a.data) fail('[clientele] --data is required: the folder holding train.csv, test.csv, train_inner.csv, valid.csv');
  return a;
}

const log = (s: string): void => { process.stderr.write(`${s}\n`); };
const fmt = (p: Record<string, unknown>): string => Object.entries(p).map(([k, v]) => `${k}=${v}`).join(', ') || '-';

interface Row { name: string; params: Record<string, unknown>; valid: number; test: RankingMetrics; fitS: number; tuneS: number }

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

/** Blends the tuned models: weights chosen on valid (first model weight 1), then the train-fitted parts scored on test. */
function tuneBlend(fitted: Map<string, { inner: TrainedModel; train: TrainedModel }>, rows: Row[], inner: Interactions, valid: Map<number, Set<number>>, train: Interactions, test: Map<number, Set<number>>): Row {
  const t0 = performance.now();
  // anchor on the best single model by valid NDCG; the others join with a small weight grid
  const order = [...fitted.keys()].sort((a, b) => rows.find((r) => r.name === b)!.valid - rows.find((r) => r.name === a)!.valid);
  const steps = [0, 0.1, 0.25, 0.5, 1];
  const combos: number[][] = [[1]];
  for (let k = 1; k < order.length; k++) {
    const next: number[][] = [];
    for (const c of combos) for (const w of k === order.length - 1 || order[k] === 'popularity' ? steps.slice(0, 3) : steps) next.push([...c, w]);
    combos.splice(0, combos.length, ...next);
  }
  let best = { w: combos[0], score: -1 };
  combos.forEach((w, i) => {
    const m = blendModels(order.map((n, k) => ({ model: fitted.get(n)!.inner, weight: w[k] })));
    const s = evaluateModel(m, inner, valid).ndcg;
    log(`  [tune ${i + 1}/${combos.length}] blend ${order.map((n, k) => `${n}*${w[k]}`).join(' + ')}: valid NDCG@10=${s.toFixed(4)}`);
    if (s > best.score) best = { w, score: s };
  });
  const tuneS = (performance.now() - t0) / 1000;
  const model = blendModels(order.map((n, k) => ({ model: fitted.get(n)!.train, weight: best.w[k] })));
  const r = evaluateModel(model, train, test);
  const fitS = order.reduce((s, n) => s + rows.find((x) => x.name === n)!.fitS, 0);
  const params = Object.fromEntries(order.map((n, k) => [n, best.w[k]]));
  log(`  [test] blend ${fmt(params)}: R@10=${r.recall.toFixed(4)} N@10=${r.ndcg.toFixed(4)} HR@10=${r.hit.toFixed(4)} Cov@10=${r.coverage.toFixed(4)}`);
  return { name: 'blend', params, valid: best.score, test: r, fitS, tuneS };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const read = readSplitDir(args.data);
  if (!read.ok) fail(read.message);
  const d = read.value;
  const itemIndex = new Map(d.itemIds.map((id, i) => [id, i]));
  const userIndex = new Map(d.userIds.map((id, i) => [id, i]));
  const inner = toInteractions(d.files.train_inner, userIndex, itemIndex);
  const train = toInteractions(d.files.train, userIndex, itemIndex);
  const valid = heldOut(d.files.valid, userIndex, itemIndex);
  const test = heldOut(d.files.test, userIndex, itemIndex);
  log(`[eval] ${d.dir}: ${d.userIds.length} users, ${d.itemIds.length} items; train ${train.items.length}, test ${d.files.test.users.length} (${test.size} users); tuning on train_inner ${inner.items.length} / valid ${d.files.valid.users.length}`);

  const all = [...INTERACTION_MODELS, 'blend'];
  const names = args.models ?? all;
  for (const n of names) if (!all.includes(n)) fail(`[clientele] --models lists "${n}", which eval cannot run; choose from ${all.join(', ')} (content needs catalog attributes, which split files lack)`);
  log('[eval] content model skipped: the split files carry no catalog attributes');
  const rows: Row[] = [];
  const fitted = new Map<string, { inner: TrainedModel; train: TrainedModel }>();
  for (const name of names.filter((n) => n !== 'blend')) {
    const spec = MODEL_SPECS[name];
    const t0 = performance.now();
    const best = await tune(spec, inner, valid, args.quick);
    const tuneS = (performance.now() - t0) / 1000;
    const t1 = performance.now();
    const model = await spec.train(train, best.params);
    const fitS = (performance.now() - t1) / 1000;
    const r = evaluateModel(model, train, test);
    log(`  [test] ${name} ${fmt(best.params)}: R@10=${r.recall.toFixed(4)} N@10=${r.ndcg.toFixed(4)} HR@10=${r.hit.toFixed(4)} Cov@10=${r.coverage.toFixed(4)} fit=${fitS.toFixed(2)}s`);
    rows.push({ name, params: best.params, valid: best.score, test: r, fitS, tuneS });
    fitted.set(name, { inner: best.model, train: model });
  }
  if (names.includes('blend') && fitted.size >= 2) rows.push(tuneBlend(fitted, rows, inner, valid, train, test));

  const lines = [
    `| model | params (chosen on valid) | Recall@10 | NDCG@10 | HitRate@10 | Coverage@10 | fit s | tuning s |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.params)} | ${r.test.recall.toFixed(4)} | ${r.test.ndcg.toFixed(4)} | ${r.test.hit.toFixed(4)} | ${r.test.coverage.toFixed(4)} | ${r.fitS.toFixed(2)} | ${r.tuneS.toFixed(1)} |`),
  ];
  process.stdout.write(`\n${d.dir}: ${test.size} test users, ${d.itemIds.length} items\n\n${lines.join('\n')}\n`);
  // the winner is picked on valid NDCG, like the params: test stays a once-only measurement
  const best = rows.reduce((a, b) => (b.valid > a.valid ? b : a), rows[0]);
  if (args.json) {
    const models: Record<string, unknown> = {};
    for (const r of rows) models[r.name] = { 'recall@10': r.test.recall, 'ndcg@10': r.test.ndcg, 'hit@10': r.test.hit, 'coverage@10': r.test.coverage, fit_s: r.fitS, params: r.params, valid_ndcg: r.valid };
    writeFileSync(args.json, JSON.stringify({ data: d.dir, models, best: best.name }, null, 1));
    log(`[eval] wrote ${args.json}`);
  }
}

main().catch((e: unknown) => fail(`[clientele] eval failed: ${e instanceof Error ? e.message : String(e)}`));
