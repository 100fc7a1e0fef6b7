// `npm run eval -- --data <dir> [--json <file>] [--models a,b] [--quick]`: tunes each model on train_inner/valid,
// refits on train, scores test once, with the metrics of ../shared/data/eval_reference.py.
import { writeFileSync } from 'node:fs';
import { heldOut, readSplitDir, toInteractions } from './lib/splitCsv.ts';
import { evaluateModel, historyOf } from '../scoring/models/evaluate.ts';
import { MetricsAccumulator } from '../scoring/models/metrics.ts';
import { topK } from '../scoring/models/topK.ts';
import { INTERACTION_MODELS, MODEL_SPECS, modelFromWeights } from '../train/models/registry.ts';
import { blendModels, standardize } from '../train/models/blend.ts';
import type { RankingMetrics } from '../scoring/models/metrics.ts';
import type { Interactions, ModelSpec, TrainedModel } from '../scoring/models/types.ts';

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

/** Models whose valid NDCG overstates test on order-based data (see the blend call in main). */
const VALID_BIASED = new Set(['coVisitation']);

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
/** Float32 cells the blend's score tables may take together (about 1 GB). */
const MAX_TABLE_CELLS = 250_000_000;

/** Every held-out user's scores from one model, row by row (users ascending), for blending without re-scoring. */
interface ScoreTable { users: number[]; nItems: number; scores: Float32Array }

/** Scores `users` with `model` into one table, then standardizes each row as blendModels does (ranking is unchanged). */
function scoreTable(model: TrainedModel, data: Interactions, held: Map<number, Set<number>>): ScoreTable {
  const users = [...held.keys()].sort((a, b) => a - b);
  const n = data.nItems;
  const scores = new Float32Array(users.length * n);
  users.forEach((u, r) => {
    const row = scores.subarray(r * n, (r + 1) * n);
    model.score(model.foldIn(historyOf(data, u)), row);
    standardize(row);
  });
  return { users, nItems: n, scores };
}

/** NDCG@10 etc. of the weighted sum of standardized score tables (the blend), train items excluded. */
function evaluateTables(tables: ScoreTable[], weights: number[], data: Interactions, held: Map<number, Set<number>>): RankingMetrics {
  const { users, nItems: n } = tables[0];
  const acc = new MetricsAccumulator(n, 10);
  const out = new Float32Array(n);
  users.forEach((u, r) => {
    out.fill(0);
    tables.forEach((t, m) => {
      const w = weights[m];
      if (w === 0) return;
      const row = t.scores.subarray(r * n, (r + 1) * n);
      for (let j = 0; j < n; j++) out[j] += w * row[j];
    });
    acc.add(topK(out, 10, historyOf(data, u).items), held.get(u)!);
  });
  return acc.result();
}

/**
 * Greedy coordinate ascent on valid: start from the best single model at weight 1, then repeatedly give each other model
 * the weight (from a small grid) that most raises valid NDCG; two rounds. Test is scored once with the chosen weights.
 */
function tuneBlend(fitted: Map<string, { inner: TrainedModel; train: TrainedModel }>, rows: Row[], inner: Interactions, valid: Map<number, Set<number>>, train: Interactions, test: Map<number, Set<number>>): Row {
  const t0 = performance.now();
  const order = [...fitted.keys()].sort((a, b) => rows.find((r) => r.name === b)!.valid - rows.find((r) => r.name === a)!.valid);
  // On a large dataset the tables are built for an even sample of valid users, so they fit in memory.
  const cap = Math.max(500, Math.floor(MAX_TABLE_CELLS / (inner.nItems * order.length)));
  const users = [...valid.keys()].sort((a, b) => a - b);
  const sample = users.length <= cap ? valid : new Map(users.filter((_, i) => i % Math.ceil(users.length / cap) === 0).map((u) => [u, valid.get(u)!]));
  log(`  [blend] scoring ${sample.size} valid users with ${order.join(', ')}`);
  const tables = order.map((n) => scoreTable(fitted.get(n)!.inner, inner, sample));
  const steps = [0, 0.1, 0.2, 0.35, 0.5, 0.75, 1];
  const w: number[] = order.map((_, k) => (k === 0 ? 1 : 0));
  let best = evaluateTables(tables, w, inner, sample).ndcg;
  let tries = 0;
  for (let round = 0; round < 2; round++) {
    let moved = false;
    for (let m = 1; m < order.length; m++) {
      for (const s of steps) {
        if (s === w[m]) continue;
        const cand = w.slice(); cand[m] = s;
        const score = evaluateTables(tables, cand, inner, sample).ndcg;
        tries++;
        // a move must beat the current best by a hair, so noise-level gains do not add parts
        if (score > best + 1e-4) { best = score; w[m] = s; moved = true; }
      }
      log(`  [tune ${tries}] blend ${order.map((n, k) => `${n}*${w[k]}`).join(' + ')}: valid NDCG@10=${best.toFixed(4)}`);
    }
    if (!moved) break;
  }
  const tuneS = (performance.now() - t0) / 1000;
  const model = blendModels(order.map((n, k) => ({ model: fitted.get(n)!.train, weight: w[k] })));
  const r = evaluateModel(model, train, test);
  const used = order.filter((_, k) => w[k] !== 0);
  const fitS = used.reduce((s, n) => s + rows.find((x) => x.name === n)!.fitS, 0);
  const params = Object.fromEntries(order.map((n, k) => [n, w[k]]).filter(([, x]) => x !== 0));
  log(`  [test] blend ${fmt(params)}: R@10=${r.recall.toFixed(4)} N@10=${r.ndcg.toFixed(4)} HR@10=${r.hit.toFixed(4)} Cov@10=${r.coverage.toFixed(4)}`);
  return { name: 'blend', params, valid: best, test: r, fitS, tuneS };
}

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

async function main(): Promise<void> {
  const tStart = performance.now();
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
    fitted.set(name, { inner: best.model, train: model });
  }
  // coVisitation stays out of the blend and the winner pick: an order's lines share one timestamp, so the per-user time
  // split often cuts an order in two and valid (the last 10%) rewards "rest of the same order" far more than test does
  // (first-6-months Online Retail: valid 0.113 vs test 0.102, while the other models keep valid ~ test)
  const blendable = new Map([...fitted].filter(([n]) => !VALID_BIASED.has(n)));
  if (names.includes('blend') && blendable.size >= 2) rows.push(tuneBlend(blendable, rows, inner, valid, train, test));

  const lines = [
    `| model | params (chosen on valid) | valid NDCG@10 | Recall@10 | NDCG@10 | HitRate@10 | Coverage@10 | deployed NDCG@10 | fit s | tuning s |`,
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.name} | ${fmt(r.params)} | ${r.valid.toFixed(4)} | ${r.test.recall.toFixed(4)} | ${r.test.ndcg.toFixed(4)} | ${r.test.hit.toFixed(4)} | ${r.test.coverage.toFixed(4)} | ${r.deployed === undefined ? 'same' : r.deployed.toFixed(4)} | ${r.fitS.toFixed(2)} | ${r.tuneS.toFixed(1)} |`),
  ];
  process.stdout.write(`\n${d.dir}: ${test.size} test users, ${d.itemIds.length} items\n\n${lines.join('\n')}\n`);
  // the winner is picked on valid NDCG, like the params: test stays a once-only measurement
  const fair = rows.filter((r) => !VALID_BIASED.has(r.name));
  const best = (fair.length ? fair : rows).reduce((a, b) => (b.valid > a.valid ? b : a));
  log(`[eval] total ${((performance.now() - tStart) / 1000).toFixed(0)} s`);
  if (args.json) {
    const models: Record<string, unknown> = {};
    for (const r of rows) models[r.name] = { 'recall@10': r.test.recall, 'ndcg@10': r.test.ndcg, 'hit@10': r.test.hit, 'coverage@10': r.test.coverage, fit_s: r.fitS, tune_s: r.tuneS, params: r.params, valid_ndcg: r.valid, ...(r.deployed === undefined ? {} : { 'deployed_ndcg@10': r.deployed }) };
    writeFileSync(args.json, JSON.stringify({ data: d.dir, models, best: best.name }, null, 1));
    log(`[eval] wrote ${args.json}`);
  }
}

main().catch((e: unknown) => fail(`[clientele] eval failed: ${e instanceof Error ? e.message : String(e)}`));
