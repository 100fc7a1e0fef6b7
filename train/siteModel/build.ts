// Interaction log -> trained site model (manifest + weights.bin bytes) and a summary of what was learned.
// Pure worker code (no Node APIs): the CLI and a browser page both call it.
import type { Result } from '../../src/contract/types.ts';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/contract/events.ts';
import { MODEL_SPECS } from '../models/registry.ts';
import { evaluateModel, historyOf } from '../../scoring/models/evaluate.ts';
import { MetricsAccumulator, type RankingMetrics } from '../../scoring/models/metrics.ts';
import { topK } from '../../scoring/models/topK.ts';
import type { Interactions, ModelSpec, ModelWeights, TrainedModel } from '../../scoring/models/types.ts';
import { ActivityAccumulator } from '../../scoring/segments/activity.ts';
import type { OrderLine } from '../../scoring/segments/types.ts';
import { trainSegmentsModel } from '../segments/index.ts';
import { initTf } from '../tf.ts';
import { itemMetaColumns, type SiteModelManifest } from '../../scoring/siteModel/format.ts';
import type { InteractionLog } from '../ingest/log.ts';
import { packSiteModel } from './serialize.ts';

/** How to build a site model; every field is optional. */
export interface BuildOptions {
  /** Implicit-feedback weight per event name (defaults: Clientele's DEFAULT_EVENT_WEIGHTS; unknown events weigh 1). */
  eventWeights?: Record<string, number>;
  /** Model families to train, by registry name. Default: popularity, itemKnn, rp3beta, ials, ease (up to maxDenseItems) and coVisitation. */
  models?: string[];
  /** Per-family parameter overrides on top of each spec's defaults. */
  params?: Record<string, Record<string, unknown>>;
  /** Measure holdout NDCG@10 on a per-user temporal 90/10 split (trains each model twice). Default true. */
  holdout?: boolean;
  /** Users sampled for the holdout metrics. Default 2000. */
  evalUsers?: number;
  /** Days in the "recent" popularity window used by trending. Default 7. */
  windowDays?: number;
  /** One user-item pair never weighs more than this (a shopper buying one item 50 times should not own it). Default 24. */
  maxPairWeight?: number;
  /** Without an explicit `models` list, factor models (iALS, EASE) are left out above this many log rows. Default 400,000. */
  maxDefaultHeavyRows?: number;
  /** Dense item x item models (EASE) are skipped above this many items. Default 15,000. */
  maxDenseItems?: number;
  /** Train the segments model from purchase rows when there are any. Default true. */
  segments?: boolean;
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
  models: Array<{ name: string; params: Record<string, unknown>; bytes: number; trainMs: number; holdout: RankingMetrics | null }>;
  blend: Record<string, number>;
  blendHoldout: RankingMetrics | null;
  segments: { customers: number } | null;
  bytes: { manifest: number; weights: number };
  ms: number;
  warnings: string[];
}

/** Progress of a build: which stage and how far through the whole build (0..1). */
export interface BuildProgress {
  stage: string;
  fraction: number;
}

const PURCHASE = 'Order Completed';
/** Families trained when options.models is not given (those the registry has). */
const DEFAULT_MODELS = ['popularity', 'itemKnn', 'rp3beta', 'ials', 'ease', 'coVisitation'];
/** Families whose weights are a dense item x item matrix. */
const DENSE_MODELS = new Set(['ease']);
/** Families whose training time grows fastest with the log (iterative factorization). */
const HEAVY_MODELS = new Set(['ials', 'ease', 'bpr']);

/** Collapses the log into one CSR entry per user-item pair (weights add up to a cap, ts = latest), rows sorted by time. */
function toInteractions(log: InteractionLog, weightOf: Float32Array, maxPair: number): { data: Interactions; repeatBuyers: Float32Array; buyers: Float32Array } {
  const nUsers = log.users.names.length, nItems = log.items.names.length, n = log.length;
  const ptr = new Int32Array(nUsers + 1);
  for (let r = 0; r < n; r++) ptr[log.user[r] + 1]++;
  for (let u = 0; u < nUsers; u++) ptr[u + 1] += ptr[u];
  const fill = ptr.slice(0, nUsers);
  const rowsByUser = new Int32Array(n);
  for (let r = 0; r < n; r++) rowsByUser[fill[log.user[r]]++] = r;

  const userPtr = new Int32Array(nUsers + 1);
  const items: number[] = [], weights: number[] = [], ts: number[] = [];
  const buyers = new Float32Array(nItems), repeatBuyers = new Float32Array(nItems);
  const slot = new Int32Array(nItems).fill(-1);
  const purchaseTimes = new Map<number, Set<number>>();
  for (let u = 0; u < nUsers; u++) {
    const start = items.length;
    purchaseTimes.clear();
    for (let q = ptr[u]; q < ptr[u + 1]; q++) {
      const r = rowsByUser[q], i = log.item[r], w = weightOf[log.event[r]];
      let e = slot[i];
      if (e < 0) { e = items.length; slot[i] = e; items.push(i); weights.push(0); ts.push(-Infinity); }
      weights[e] = Math.min(maxPair, weights[e] + w);
      if (log.ts[r] > ts[e]) ts[e] = log.ts[r];
      if (log.events.names[log.event[r]] === PURCHASE) {
        let s = purchaseTimes.get(i);
        if (!s) purchaseTimes.set(i, (s = new Set()));
        s.add(log.order[r] >= 0 ? -1 - log.order[r] : log.ts[r]);
      }
    }
    for (const [i, s] of purchaseTimes) { buyers[i]++; if (s.size > 1) repeatBuyers[i]++; }
    // sort this user's entries by time (then item), as the Interactions contract asks
    const idx = Array.from({ length: items.length - start }, (_, k) => start + k).sort((a, b) => ts[a] - ts[b] || items[a] - items[b]);
    const si = idx.map((k) => items[k]), sw = idx.map((k) => weights[k]), st = idx.map((k) => ts[k]);
    for (let k = 0; k < idx.length; k++) { items[start + k] = si[k]; weights[start + k] = sw[k]; ts[start + k] = st[k]; slot[si[k]] = -1; }
    userPtr[u + 1] = items.length;
  }
  return {
    data: { nUsers, nItems, userPtr, items: Int32Array.from(items), weights: Float32Array.from(weights), ts: Float64Array.from(ts) },
    repeatBuyers,
    buyers,
  };
}

/** Per-user temporal split: the first floor(0.9 n) entries train, the rest are held out (users with one entry only train). */
function temporalSplit(data: Interactions): { train: Interactions; test: Map<number, Set<number>> } {
  const userPtr = new Int32Array(data.nUsers + 1);
  const keep: number[] = [];
  const test = new Map<number, Set<number>>();
  for (let u = 0; u < data.nUsers; u++) {
    const a = data.userPtr[u], b = data.userPtr[u + 1], n = b - a;
    const cut = n >= 2 ? a + Math.floor(0.9 * n) : b;
    for (let p = a; p < cut; p++) keep.push(p);
    if (cut < b && cut > a) test.set(u, new Set(Array.from(data.items.subarray(cut, b))));
    userPtr[u + 1] = keep.length;
  }
  const sel = Int32Array.from(keep);
  return {
    train: { nUsers: data.nUsers, nItems: data.nItems, userPtr, items: sel.map((p) => data.items[p]), weights: Float32Array.from(sel, (p) => data.weights[p]), ts: Float64Array.from(sel, (p) => data.ts[p]) },
    test,
  };
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

/**
 * Blends models the way recommend() does: each model's scores scaled by its own maximum, then weighted.
 * @example
 * blendScores([a, b], [0.7, 0.3], folded, out)
 */
export function blendScores(models: TrainedModel[], weights: number[], history: Parameters<TrainedModel['foldIn']>[0], out: Float32Array, scratch = new Float32Array(out.length)): void {
  out.fill(0);
  for (let m = 0; m < models.length; m++) {
    if (!(weights[m] > 0)) continue;
    models[m].score(models[m].foldIn(history), scratch);
    let max = 0;
    for (let i = 0; i < scratch.length; i++) if (scratch[i] > max) max = scratch[i];
    if (!(max > 0)) continue;
    const w = weights[m] / max;
    for (let i = 0; i < scratch.length; i++) if (scratch[i] > 0) out[i] += w * scratch[i];
  }
}

function evaluateBlend(models: TrainedModel[], weights: number[], train: Interactions, test: Map<number, Set<number>>): RankingMetrics {
  const acc = new MetricsAccumulator(train.nItems, 10);
  const out = new Float32Array(train.nItems), scratch = new Float32Array(train.nItems);
  for (const [u, held] of test) {
    const h = historyOf(train, u);
    blendScores(models, weights, h, out, scratch);
    acc.add(topK(out, 10, h.items), held);
  }
  return acc.result();
}

/** Greedy blend search on the holdout: start from the best model, add others at a few relative weights while NDCG rises. */
function chooseBlend(names: string[], models: TrainedModel[], single: number[], train: Interactions, test: Map<number, Set<number>>): { weights: number[]; metrics: RankingMetrics } {
  const order = names.map((_, k) => k).sort((a, b) => single[b] - single[a]);
  const w = names.map(() => 0);
  w[order[0]] = 1;
  let best = evaluateBlend(models, w, train, test);
  for (const k of order.slice(1)) {
    let bestW = 0;
    for (const cand of [0.15, 0.35, 0.7]) {
      w[k] = cand;
      const r = evaluateBlend(models, w, train, test);
      if (r.ndcg > best.ndcg + 1e-4) { best = r; bestW = cand; }
    }
    w[k] = bestW;
  }
  const total = w.reduce((s, x) => s + x, 0);
  return { weights: w.map((x) => x / total), metrics: best };
}

/**
 * Trains every model family on an interaction log and packs the result as a site model.
 * @example
 * const log = new InteractionLog(); log.add({ user: 'u1', item: 'mug', event: 'purchase', ts: 1.7e9 });
 * const r = await buildSiteModel(log, {}, (p) => console.log(p.stage, p.fraction));
 * if (r.ok) write('manifest.json', JSON.stringify(r.value.manifest)), write('weights.bin', r.value.weights);
 */
export async function buildSiteModel(
  log: InteractionLog,
  options: BuildOptions = {},
  onProgress?: (p: BuildProgress) => void,
): Promise<Result<{ manifest: SiteModelManifest; weights: Uint8Array; summary: BuildSummary }>> {
  const clock = options.clock ?? Date.now;
  const t0 = clock();
  const warnings: string[] = [];
  if (log.length === 0) {
    return { ok: false, code: 'empty-log', message: '[clientele] the interaction log has no usable rows; each row needs a user, an item and a time (see `npx clientele build-model --help`)' };
  }
  const ew: Record<string, number> = { ...DEFAULT_EVENT_WEIGHTS, interaction: 1, ...(options.eventWeights ?? {}) };
  const weightOf = Float32Array.from(log.events.names, (e) => ew[e] ?? 1);
  // content scoring happens on the device against the live catalog, and the for-you blend is chosen here, so neither is a default family
  let names = options.models ?? DEFAULT_MODELS.filter((n) => MODEL_SPECS[n]);
  // factor models train in minutes per 100k interactions on a laptop; on big logs they run only when asked for by name
  const heavyLimit = options.maxDefaultHeavyRows ?? 400_000;
  if (!options.models && log.length > heavyLimit) {
    const heavy = names.filter((n) => HEAVY_MODELS.has(n));
    if (heavy.length) {
      names = names.filter((n) => !HEAVY_MODELS.has(n));
      warnings.push(`${heavy.join(', ')} not trained by default on a log of ${log.length} rows (over ${heavyLimit}); list it in --models to train it anyway`);
    }
  }
  const specs: Array<[string, ModelSpec]> = [];
  for (const name of names) {
    const spec = MODEL_SPECS[name];
    if (!spec) {
      return { ok: false, code: 'unknown-model', message: `[clientele] options.models lists "${name}", which is not a model family; use some of ${Object.keys(MODEL_SPECS).join(', ')}` };
    }
    specs.push([name, spec]);
  }
  // dense item-item models hold nItems^2 floats: past a limit they would exhaust memory, so they sit out with a warning
  // EASE inverts an items x items matrix: cubic time, square memory. 5,000 items is about a minute.
  const denseLimit = options.maxDenseItems ?? 5_000;
  const nItemsAll = log.items.names.length;
  for (let k = specs.length - 1; k >= 0; k--) {
    if (DENSE_MODELS.has(specs[k][0]) && nItemsAll > denseLimit) {
      warnings.push(`${specs[k][0]} was skipped: it needs ${nItemsAll}^2 floats for ${nItemsAll} items (limit options.maxDenseItems = ${denseLimit})`);
      specs.splice(k, 1);
    }
  }
  if (specs.length === 0) return { ok: false, code: 'no-models', message: '[clientele] no model family is left to train; pass options.models with at least one of itemKnn, coVisitation, ials' };
  const holdout = options.holdout ?? true;
  // progress budget: 5% prep, then each training (x2 with holdout) shares the rest
  const nSteps = specs.length * (holdout ? 2 : 1) + (holdout ? 1 : 0);
  let step = 0;
  const report = (stage: string, within = 0) => onProgress?.({ stage, fraction: Math.min(1, 0.05 + (0.9 * (step + within)) / nSteps) });
  onProgress?.({ stage: 'indexing interactions', fraction: 0 });

  const { data, buyers, repeatBuyers } = toInteractions(log, weightOf, options.maxPairWeight ?? 24);
  const nItems = data.nItems;

  // popularity: all-time per-pair weight, plus raw weight in the last window and the one before, for trending
  const windowDays = options.windowDays ?? 7;
  let tMin = Infinity, tMax = -Infinity;
  for (let r = 0; r < log.length; r++) { const t = log.ts[r]; if (t < tMin) tMin = t; if (t > tMax) tMax = t; }
  const W = windowDays * 86400;
  const count = new Float32Array(nItems), recent = new Float32Array(nItems), previous = new Float32Array(nItems);
  for (let p = 0; p < data.items.length; p++) count[data.items[p]] += data.weights[p];
  let purchases = 0;
  for (let r = 0; r < log.length; r++) {
    const age = tMax - log.ts[r], w = weightOf[log.event[r]];
    if (age <= W) recent[log.item[r]] += w;
    else if (age <= 2 * W) previous[log.item[r]] += w;
    if (log.events.names[log.event[r]] === PURCHASE) purchases++;
  }
  const repeat = Float32Array.from(buyers, (b, i) => (b > 0 ? repeatBuyers[i] / b : 0));

  // holdout: train on the first 90% of each user's interactions, measure on the rest
  const trained: Record<string, ModelWeights> = {};
  const modelRows: BuildSummary['models'] = [];
  const heldModels: TrainedModel[] = [];
  const single: number[] = [];
  let split: { train: Interactions; test: Map<number, Set<number>> } | null = null;
  if (holdout) {
    const s = temporalSplit(data);
    split = { train: s.train, test: sampleUsers(s.test, options.evalUsers ?? 2000) };
    if (split.test.size === 0) { warnings.push('no user has two or more interactions, so no holdout metrics were measured'); split = null; }
  }
  for (const [name, spec] of specs) {
    const params = { ...spec.defaults, ...(options.params?.[name] ?? {}) };
    let metrics: RankingMetrics | null = null;
    if (split) {
      report(`${name}: holdout training`);
      const m = await spec.train(split.train, params, (f) => report(`${name}: holdout training`, f));
      step++;
      report(`${name}: holdout scoring`);
      metrics = evaluateModel(m, split.train, split.test, 10);
      heldModels.push(m);
      single.push(metrics.ndcg);
    }
    const tStart = clock();
    report(`${name}: training`);
    const model = await spec.train(data, params, (f) => report(`${name}: training`, f));
    const trainMs = clock() - tStart;
    step++;
    const w = model.toWeights();
    trained[name] = w;
    let bytes = 0;
    for (const a of Object.values(w.arrays)) bytes += a.byteLength;
    modelRows.push({ name, params, bytes, trainMs, holdout: metrics });
  }

  let blend: Record<string, number> = {};
  let blendHoldout: RankingMetrics | null = null;
  // popularity and co-visitation serve their own rows; the for-you blend is searched over every model on the holdout
  if (split && heldModels.length) {
    report('choosing the for-you blend');
    const names2 = specs.map(([n]) => n);
    // search on a smaller sample (each candidate costs a full scoring pass), then measure on the same users as the single models
    const search = sampleUsers(split.test, 500);
    const r = chooseBlend(names2, heldModels, single, split.train, search);
    r.weights.forEach((w, k) => { if (w > 0) blend[names2[k]] = Math.round(w * 1000) / 1000; });
    blendHoldout = search.size === split.test.size ? r.metrics : evaluateBlend(heldModels, r.weights, split.train, split.test);
    step++;
  } else {
    const collab = specs.map(([n]) => n).filter((n) => n !== 'popularity');
    blend = Object.fromEntries(collab.map((n) => [n, 1 / collab.length]));
  }

  // segments (RFM, lifecycle, clusters, propensity) learn from orders: purchase rows grouped by order id (or user + time)
  let segments: unknown;
  let segSummary: BuildSummary['segments'] = null;
  if ((options.segments ?? true) && purchases > 0) {
    report('segments');
    const lines: OrderLine[] = [];
    // every event feeds the browsing features (sessions, depth, views per order, category mix) when the log has views
    const activity = new ActivityAccumulator();
    for (let r = 0; r < log.length; r++) {
      const name = log.events.names[log.event[r]];
      activity.add(log.users.names[log.user[r]], log.ts[r] * 1000, name, log.itemMeta[log.item[r]]?.category);
      if (name !== PURCHASE) continue;
      const u = log.users.names[log.user[r]];
      const it = log.item[r];
      const meta = log.itemMeta[it];
      const price = Number.isFinite(log.price[r]) ? log.price[r] : meta?.price ?? 0;
      const line: OrderLine = {
        customer: u,
        orderId: log.order[r] >= 0 ? log.orders.names[log.order[r]] : `${u}@${log.ts[r]}`,
        time: log.ts[r] * 1000,
        item: log.items.names[it],
        quantity: Number.isFinite(log.value[r]) && log.value[r] > 0 ? log.value[r] : 1,
        price,
      };
      if (meta?.category) line.category = meta.category;
      lines.push(line);
    }
    try {
      // the segment models may run tfjs ops, which need a backend chosen first
      await initTf();
      const seg = trainSegmentsModel(lines, { activity });
      segments = seg;
      segSummary = { customers: seg.customers };
    } catch (err) {
      warnings.push(`segments were not trained (${err instanceof Error ? err.message : String(err)})`);
    }
  }

  const created = options.created ?? new Date(clock()).toISOString();
  const summary: BuildSummary = {
    rows: log.length,
    users: data.nUsers,
    items: nItems,
    interactions: data.items.length,
    purchases,
    orders: log.orders.names.length,
    span: Number.isFinite(tMin) ? { from: new Date(tMin * 1000).toISOString(), to: new Date(tMax * 1000).toISOString() } : null,
    models: modelRows,
    blend,
    blendHoldout,
    segments: segSummary,
    bytes: { manifest: 0, weights: 0 },
    ms: 0,
    warnings,
  };
  const metrics: Record<string, unknown> = {
    users: summary.users,
    items: summary.items,
    interactions: summary.interactions,
    rows: summary.rows,
    purchases,
    span: summary.span,
    holdout: split ? { protocol: 'per-user temporal 90/10, train items excluded, @10', users: split.test.size } : null,
    models: Object.fromEntries(modelRows.map((m) => [m.name, { params: m.params, bytes: m.bytes, trainMs: Math.round(m.trainMs), holdout: m.holdout }])),
    blendHoldout,
  };
  const { manifest, weights } = packSiteModel({
    created,
    items: log.items.names.slice(0, nItems),
    itemMeta: itemMetaColumns(log.itemMeta.slice(0, nItems).concat(new Array(Math.max(0, nItems - log.itemMeta.length)).fill(undefined))),
    models: trained,
    blend,
    popularity: { count, recent, previous, repeat, windowDays, end: tMax },
    metrics,
    segments,
  });
  summary.bytes = { manifest: JSON.stringify(manifest).length, weights: weights.byteLength };
  summary.ms = clock() - t0;
  onProgress?.({ stage: 'done', fraction: 1 });
  return { ok: true, value: { manifest, weights, summary } };
}
