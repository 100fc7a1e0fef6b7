// Interaction log -> a version 2 site model (manifest.json + shards + metadata files) and a summary of what was
// learned. Pure code (no Node APIs): the CLI, eval and the owner page's build worker all call it.
//
// The for-you row is the protocol in scoring/protocol/forYou.ts. The builder trains its families on the first 90% of
// every user's interactions (the split eval_reference.py tunes on), chooses their weights and half-life there with
// the protocol's own ranking over the quantized rows, retrains on everything and ships exactly those rows.
import type { Result } from '../../src/contract/types.ts';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/contract/events.ts';
import type { RankingMetrics } from '../../scoring/models/metrics.ts';
import type { Interactions, ModelSpec } from '../../scoring/models/types.ts';
import { FOR_YOU_DEFAULTS, FOR_YOU_FAMILIES, VALIDATION_BIASED, rankForYou, type ForYouHistory, type ForYouSettings } from '../../scoring/protocol/forYou.ts';
import { fromSourceLists, rowsSource, type SparseRows } from '../../scoring/protocol/sparseRows.ts';
import { ActivityAccumulator, BROWSE_EVENTS } from '../../scoring/segments/activity.ts';
import type { SiteModelHead } from '../../scoring/siteModel/format.ts';
import { MODEL_SPECS } from '../models/registry.ts';
import { trainSegmentsModel } from '../segments/index.ts';
import { orderLinesFromLog } from '../segments/fromLog.ts';
import { initTf } from '../tf.ts';
import type { InteractionLog } from '../ingest/log.ts';
import { deployedRows, evaluateForYou, trainFamily, tuneForYou } from './forYouRows.ts';
import { collapseLog, itemRanks, validationSplit } from './interactions.ts';
import { packSiteModel, popularList, POPULAR_LIST, type ModelFile } from './pack.ts';

/** The model families a site model can ship, by the names `options.models` (and `--models`) take. */
export const SHIPPABLE_MODELS: readonly string[] = [...Object.keys(FOR_YOU_FAMILIES), 'coVisitation'];

/** How to build a site model; every field is optional. */
export interface BuildOptions {
  /** Implicit-feedback weight per event name (defaults: Clientele's DEFAULT_EVENT_WEIGHTS; unknown events weigh 1). */
  eventWeights?: Record<string, number>;
  /** Families to train, by registry name: the for-you candidates (itemKnn, rp3beta, ease) and coVisitation (bought together). Default: all of them. */
  models?: string[];
  /** Per-family parameter overrides on top of each spec's defaults. */
  params?: Record<string, Record<string, unknown>>;
  /** Tune the for-you weights and half-life on each user's last 10% of interactions (trains each family twice). Default true; false ships FOR_YOU_FAMILIES' weights. */
  holdout?: boolean;
  /** Users sampled for the validation metrics. Default 3000. */
  evalUsers?: number;
  /** Days in the "recent" popularity window used by trending. Default 7. */
  windowDays?: number;
  /** One user-item pair never weighs more than this (a shopper buying one item 50 times should not own it). Default 24. */
  maxPairWeight?: number;
  /** Dense item x item models (EASE) are skipped above this many items. Default 5,000. */
  maxDenseItems?: number;
  /** Targets kept per for-you row. Default 100. */
  k?: number;
  /** Bits per quantized score: 8 (default) or 16. */
  scoreBits?: 8 | 16;
  /** Train the segments model from purchase rows when there are any. Default true. */
  segments?: boolean;
  /** Slot bandit priors (`{ slots: { <slot>: { <variant>: { alpha, beta } } } }`) from `clientele report --priors`, carried in the head. */
  priors?: { slots?: Record<string, Record<string, { alpha: number; beta: number }>> };
  /** ISO time stamped into the manifest. Default: now. */
  created?: string;
  /** Clock for timings (ms). Default Date.now. */
  clock?: () => number;
}

/** What the build learned, for the CLI to print and the page to show. */
export interface BuildSummary {
  rows: number;
  users: number;
  items: number;
  interactions: number;
  purchases: number;
  orders: number;
  span: { from: string; to: string } | null;
  /** Each family trained: its params, training time, and alone as the for-you row on the validation split. */
  models: Array<{ name: string; params: Record<string, unknown>; trainMs: number; holdout: RankingMetrics | null }>;
  /** The for-you weights shipped, and the deployed for-you row on the validation split. */
  blend: Record<string, number>;
  halfLifeDays: number;
  /** Targets kept per for-you row (the shortest that ranks within 1% of the longest tried). */
  rowLength: number;
  blendHoldout: RankingMetrics | null;
  /** The same, with the rows before quantization. */
  blendHoldoutUnquantized: RankingMetrics | null;
  segments: { customers: number } | null;
  bytes: { manifest: number; shards: number; meta: number; files: number };
  ms: number;
  warnings: string[];
}

/** Progress of a build: which stage and how far through the whole build (0..1). */
export interface BuildProgress {
  stage: string;
  fraction: number;
}

/** A built site model: its files (manifest.json first), its head, and the for-you rows it ships (as the device decodes them). */
export interface BuiltSiteModel {
  head: SiteModelHead;
  files: ModelFile[];
  summary: BuildSummary;
  forYouRows: SparseRows;
  /** The same rows before quantization, to measure what 8 bits cost. */
  forYouRowsFloat: SparseRows;
}

const PURCHASE = 'Order Completed';
/** Settings each for-you family tries on the validation split (alone); the first is the default without one. */
const FAMILY_GRIDS: Record<string, Array<Record<string, unknown>>> = {
  itemKnn: [{ k: 50 }, { k: 200 }],
  rp3beta: [{}],
  ease: [{ lambda: 150 }, { lambda: 2400 }],
};

/** A longer row must rank this much better (relative NDCG@10 on validation) to be worth its bytes: each doubling doubles the model. */
const ROW_LENGTH_TOLERANCE = 0.02;

/** Row lengths tried: k, 2k and 4k (2k at most on catalogues over 20,000 items, whose rows cost memory in the build). */
const rowLengths = (nItems: number, k: number): number[] => (nItems > 20_000 ? [k, 2 * k] : [k, 2 * k, 4 * k]);

/** Families whose weights are a dense item x item matrix. */
const DENSE_MODELS = new Set(['ease']);

/**
 * The builder's own for-you ranking of a history against a built model: what `npm run eval` and the device must match.
 * @example
 * builderRanking(built, { items: [3, 7], weights: [8, 8], ts: [t, t], now: t }, 10)
 */
export function builderRanking(built: BuiltSiteModel, history: ForYouHistory, limit: number): Int32Array {
  const exclude = new Set(Array.from(history.items));
  return rankForYou(rowsSource(built.forYouRows), built.head.popular.items, history, built.head.forYou, limit, exclude, new Float32Array(built.forYouRows.nItems));
}

/**
 * Trains every family on an interaction log and packs the result as a version 2 site model.
 * @example
 * const log = new InteractionLog(); log.add({ user: 'u1', item: 'mug', event: 'purchase', ts: 1.7e9 });
 * const r = await buildSiteModel(log, {}, (p) => console.log(p.stage, p.fraction));
 * if (r.ok) for (const f of r.value.files) write(join(out, f.path), f.bytes);
 */
export async function buildSiteModel(log: InteractionLog, options: BuildOptions = {}, onProgress?: (p: BuildProgress) => void): Promise<Result<BuiltSiteModel>> {
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const warnings: string[] = [];
  if (log.length === 0) {
    return { ok: false, code: 'empty-log', message: '[clientele] the interaction log has no usable rows; each row needs a user, an item and a time (see `npx clientele build-model --help`)' };
  }
  const ew: Record<string, number> = { ...DEFAULT_EVENT_WEIGHTS, interaction: 1, ...(options.eventWeights ?? {}) };
  const weightOf = Float32Array.from(log.events.names, (e) => ew[e] ?? 1);
  const names = options.models ?? SHIPPABLE_MODELS;
  const unknown = names.find((m) => !SHIPPABLE_MODELS.includes(m));
  if (unknown !== undefined) return { ok: false, code: 'unknown-model', message: `[clientele] options.models lists "${unknown}", which the site model cannot ship; use some of ${SHIPPABLE_MODELS.join(', ')}` };
  const nItemsAll = log.items.names.length;
  const denseLimit = options.maxDenseItems ?? 5_000;
  const families: Array<[string, ModelSpec]> = [];
  for (const name of names) {
    if (name === 'coVisitation' || !MODEL_SPECS[name]) continue;
    // EASE inverts an items x items matrix: cubic time, square memory. 5,000 items is about a minute.
    if (DENSE_MODELS.has(name) && nItemsAll > denseLimit) {
      warnings.push(`${name} was skipped: it needs ${nItemsAll}^2 floats for ${nItemsAll} items (limit options.maxDenseItems = ${denseLimit})`);
      continue;
    }
    families.push([name, MODEL_SPECS[name]]);
  }
  if (families.length === 0) return { ok: false, code: 'no-models', message: '[clientele] no for-you family is left to train; pass options.models with at least one of itemKnn, rp3beta, ease' };
  const k = options.k ?? FOR_YOU_DEFAULTS.k;
  const bits = options.scoreBits ?? 8;
  const holdout = options.holdout ?? true;
  const coVis = names.includes('coVisitation');
  const nSteps = families.length * (holdout ? 2 : 1) + (holdout ? 1 : 0) + (coVis ? 1 : 0) + 1;
  let step = 0;
  const report = (stage: string, within = 0) => onProgress?.({ stage, fraction: Math.min(1, 0.05 + (0.9 * (step + within)) / nSteps) });
  const yieldNow = () => new Promise((r) => setTimeout(r, 0));
  onProgress?.({ stage: 'indexing interactions', fraction: 0 });
  if (families.some(([n]) => DENSE_MODELS.has(n))) await initTf();

  // 0. segments (RFM, lifecycle, clusters, propensity) learn from orders: purchase rows grouped by order id (or user + time).
  // They go first: their objects are garbage before the model families need memory, which then reuse the heap.
  let segments: unknown;
  let segSummary: BuildSummary['segments'] = null;
  if ((options.segments ?? true) && hasPurchases(log)) {
    report('segments');
    const seg = await trainSegments(log);
    if (seg.ok) { segments = seg.value; segSummary = { customers: seg.value.customers }; } else warnings.push(seg.message);
  }
  step++;

  const windowDays = options.windowDays ?? 7;
  const c = collapseLog(log, weightOf, options.maxPairWeight ?? 24, windowDays);
  const data = c.data;
  const nItems = data.nItems;
  const paramsOf = (name: string, spec: ModelSpec) => ({ ...spec.defaults, ...(options.params?.[name] ?? {}) });

  // 1. validation: train on each user's first 90%, choose weights and half-life on the rest
  let settings: ForYouSettings = { ...FOR_YOU_DEFAULTS, k, weights: Object.fromEntries(families.map(([n]) => [n, FOR_YOU_FAMILIES[n]])), scales: {} };
  const modelRows: BuildSummary['models'] = [];
  let blendHoldout: RankingMetrics | null = null;
  let blendHoldoutUnquantized: RankingMetrics | null = null;
  let validUsers = 0;
  const familyParams: Record<string, Record<string, unknown>> = {};
  let rowLengthTried: Array<{ k: number; ndcg: number }> = [];
  if (holdout) {
    const split = validationSplit(data, c.firstTs, itemRanks(log.items.names.slice(0, nItems)));
    const valid = sampleUsers(split.valid, options.evalUsers ?? 3000);
    validUsers = valid.size;
    if (valid.size === 0) warnings.push('no user has two or more interactions, so the for-you weights were not tuned');
    else {
      const innerRows: Record<string, SparseRows> = {};
      const popular = popularList(innerCounts(split.inner), POPULAR_LIST);
      const kMax = rowLengths(nItems, k).at(-1)!;
      const chosenParams: Record<string, Record<string, unknown>> = {};
      const single: Record<string, RankingMetrics> = {};
      for (const [name, spec] of families) {
        // each family's settings chosen alone, on the same ranking and split as the weights after it
        for (const grid of FAMILY_GRIDS[name] ?? [{}]) {
          const params = { ...paramsOf(name, spec), ...grid, ...(options.params?.[name] ?? {}) };
          report(`${name}: training on 90% of each user's history`);
          const r = await trainFamily(name, spec, split.inner, { ...params, ...(name === 'rp3beta' || name === 'ease' ? { k: kMax, keep: kMax } : {}) }, kMax, (f) => report(`${name}: training on 90% of each user's history`, f));
          await yieldNow();
          if (!r.rows) continue;
          const alone = evaluateForYou(deployedRows({ [name]: r.rows }, { [name]: 1 }, kMax, bits).rows, popular, split.inner, valid, { ...settings, k: kMax });
          if (!single[name] || alone.ndcg > single[name].ndcg + 1e-4) { single[name] = alone; chosenParams[name] = params; innerRows[name] = r.rows; }
        }
        step++;
      }
      report('choosing the for-you weights');
      const tuned = tuneForYou(innerRows, popular, split.inner, valid, { ...settings, k: kMax }, bits, (st) => report(st));
      settings = { ...settings, weights: tuned.weights, halfLifeDays: tuned.halfLifeDays };
      // the shortest rows that rank within 1% of the longest: a model ships what its rows use
      const byK = rowLengths(nItems, k).map((kk) => ({ k: kk, m: evaluateForYou(deployedRows(innerRows, settings.weights, kk, bits).rows, popular, split.inner, valid, { ...settings, k: kk }) }));
      const bestK = Math.max(...byK.map((x) => x.m.ndcg));
      settings = { ...settings, k: byK.find((x) => x.m.ndcg >= (1 - ROW_LENGTH_TOLERANCE) * bestK)!.k };
      rowLengthTried = byK.map((x) => ({ k: x.k, ndcg: r4(x.m.ndcg) }));
      // measured again with the rounded weights that ship, and without quantization to show what 8 bits cost
      const shipped = deployedRows(innerRows, settings.weights, settings.k, bits);
      blendHoldout = evaluateForYou(shipped.rows, popular, split.inner, valid, settings);
      blendHoldoutUnquantized = evaluateForYou(shipped.float, popular, split.inner, valid, settings);
      for (const [name] of families) if (chosenParams[name]) familyParams[name] = chosenParams[name];
      for (const [name] of families) modelRows.push({ name, params: familyParams[name] ?? paramsOf(name, MODEL_SPECS[name]), trainMs: 0, holdout: single[name] ?? null });
      step++;
    }
  }
  for (const b of VALIDATION_BIASED) delete settings.weights[b];

  // 2. the shipped rows: the chosen families on the whole log
  const fullRows: Record<string, SparseRows> = {};
  for (const [name, spec] of families) {
    if (!(settings.weights[name] > 0)) { step++; continue; }
    report(`${name}: training`);
    const params = familyParams[name] ?? paramsOf(name, spec);
    const r = await trainFamily(name, spec, data, { ...params, ...(name === 'rp3beta' || name === 'ease' ? { k: settings.k, keep: settings.k } : {}) }, settings.k, (f) => report(`${name}: training`, f));
    if (r.rows) fullRows[name] = r.rows;
    const row = modelRows.find((m) => m.name === name);
    if (row) row.trainMs = r.ms;
    else modelRows.push({ name, params, trainMs: r.ms, holdout: null });
    step++;
    await yieldNow();
  }
  const deployed = deployedRows(fullRows, settings.weights, settings.k, bits);
  settings = { ...settings, scales: Object.fromEntries(Object.entries(deployed.scales).map(([n, s]) => [n, Number(s.toPrecision(4))])) };

  // 3. bought together: co-visitation in baskets (the same order or session)
  let boughtTogether: SparseRows | null = null;
  if (coVis) {
    report('coVisitation: training');
    const spec = MODEL_SPECS.coVisitation;
    const t = clock();
    const m = await spec.train(data, paramsOf('coVisitation', spec), (f) => report('coVisitation: training', f));
    const w = m.toWeights();
    boughtTogether = fromSourceLists(w.arrays.nbrIdx as Int32Array, w.arrays.nbrSim as Float32Array, Number(w.meta.k));
    modelRows.push({ name: 'coVisitation', params: paramsOf('coVisitation', spec), trainMs: clock() - t, holdout: null });
    step++;
  }

  report('packing');
  const created = options.created ?? new Date(clock()).toISOString();
  const span = c.span ? { from: new Date(c.span.from * 1000).toISOString(), to: new Date(c.span.to * 1000).toISOString() } : null;
  const metrics: Record<string, unknown> = {
    users: data.nUsers,
    items: nItems,
    interactions: data.items.length,
    rows: log.length,
    purchases: c.purchases,
    span,
    validation: blendHoldout ? { protocol: 'per-user temporal 90/10 by first time then item id, own items excluded, @10', users: validUsers, forYou: round(blendHoldout), rowLengths: rowLengthTried } : null,
    models: Object.fromEntries(modelRows.map((m) => [m.name, { params: m.params, trainMs: Math.round(m.trainMs), validation: m.holdout ? round(m.holdout) : null }])),
  };
  const packed = await packSiteModel({
    created,
    items: log.items.names.slice(0, nItems),
    metas: Array.from({ length: nItems }, (_, i) => log.itemMeta[i]),
    forYou: deployed.float,
    boughtTogether,
    settings,
    count: c.count,
    recent: c.recent,
    previous: c.previous,
    repeat: c.repeat,
    windowDays,
    end: c.span?.to ?? 0,
    metrics,
    segments,
    scoreBits: bits,
    ...(options.priors ? { priors: options.priors } : {}),
  });
  const size = (re: RegExp) => packed.files.filter((f) => re.test(f.path)).reduce((s, f) => s + f.bytes.byteLength, 0);
  const summary: BuildSummary = {
    rows: log.length,
    users: data.nUsers,
    items: nItems,
    interactions: data.items.length,
    purchases: c.purchases,
    orders: log.orders.names.length,
    span,
    models: modelRows,
    blend: settings.weights,
    halfLifeDays: settings.halfLifeDays,
    rowLength: settings.k,
    blendHoldout,
    blendHoldoutUnquantized,
    segments: segSummary,
    bytes: { manifest: size(/^manifest\.json$/), shards: size(/^shards\//), meta: size(/^meta\//), files: packed.files.length },
    ms: clock() - t0,
    warnings,
  };
  onProgress?.({ stage: 'done', fraction: 1 });
  return { ok: true, value: { head: packed.head, files: packed.files, summary, forYouRows: deployed.rows, forYouRowsFloat: deployed.float } };
}

const round = (m: RankingMetrics) => ({ ndcg: r4(m.ndcg), recall: r4(m.recall), hit: r4(m.hit), coverage: r4(m.coverage), users: m.nUsers });
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

/** Whether any row of the log is a purchase. */
function hasPurchases(log: InteractionLog): boolean {
  const p = log.events.get(PURCHASE);
  if (p === undefined) return false;
  for (let r = 0; r < log.length; r++) if (log.event[r] === p) return true;
  return false;
}

/** Pair weights per item of a split's train part, for its popular list. */
function innerCounts(inner: Interactions): Float32Array {
  const count = new Float32Array(inner.nItems);
  for (let p = 0; p < inner.items.length; p++) count[inner.items[p]] += inner.weights[p];
  return count;
}

/** A deterministic sample of at most `k` held-out users (xorshift, so reruns agree). */
function sampleUsers(test: Map<number, Set<number>>, k: number): Map<number, Set<number>> {
  const users = [...test.keys()];
  if (users.length <= k) return test;
  let s = 2463534242;
  for (let i = users.length - 1; i > 0; i--) {
    s ^= s << 13; s ^= s >>> 17; s ^= s << 5;
    const j = (s >>> 0) % (i + 1);
    [users[i], users[j]] = [users[j], users[i]];
  }
  const out = new Map<number, Set<number>>();
  for (const u of users.slice(0, k).sort((a, b) => a - b)) out.set(u, test.get(u)!);
  return out;
}

/** The segments model from the log's purchase rows (and its other events, for browsing features). */
async function trainSegments(log: InteractionLog): Promise<Result<ReturnType<typeof trainSegmentsModel>>> {
  // browsing features need browse events: a log of orders only (Online Retail) keeps no activity at all
  let activity: ActivityAccumulator | undefined;
  if (log.events.names.some((e) => BROWSE_EVENTS.has(e))) {
    activity = new ActivityAccumulator();
    for (let r = 0; r < log.length; r++) activity.add(log.users.names[log.user[r]], log.ts[r] * 1000, log.events.names[log.event[r]], log.itemMeta[log.item[r]]?.category);
  }
  try {
    // the segment models run tfjs ops, which need a backend chosen first
    await initTf();
    return { ok: true, value: trainSegmentsModel(orderLinesFromLog(log), activity ? { activity } : {}) };
  } catch (err) {
    return { ok: false, code: 'segments', message: `segments were not trained (${err instanceof Error ? err.message : String(err)})` };
  }
}
