// Behaviour clusters, the scoring half: the features (order habits, plus browsing ones when the log has them), their
// standardization, and the nearest learned centroid. Training (k-means with tfjs, naming) is in train/segments/clusters.ts.
import { DAY_MS } from './orders.ts';
import { SESSION_GAP_MS, type ActivitySummary } from './activity.ts';
import type { ClusterModel, Order } from './types.ts';

/** Order features every cluster model is built from, with the words that name a centroid high / low on each. */
export const CLUSTER_FEATURES: ReadonlyArray<{ name: string; high: string; low: string }> = [
  { name: 'log days since last order', high: 'dormant', low: 'recent' },
  { name: 'log orders', high: 'frequent', low: 'one-time' },
  { name: 'log average order value', high: 'big-basket', low: 'small-basket' },
  { name: 'log average item price', high: 'premium', low: 'budget' },
  { name: 'log lines per order', high: 'wide-range', low: 'few-item' },
  { name: 'log days since first order', high: 'long-standing', low: 'newcomer' },
];
/** Browsing features, used only when the training log has browse events (an order-only log has none). */
export const VISIT_FEATURES: ReadonlyArray<{ name: string; high: string; low: string }> = [
  { name: 'log sessions per 30 days', high: 'regular', low: 'occasional' },
  { name: 'log browse events per session', high: 'deep', low: 'quick' },
  // Names the noun ("browsers" / "buyers") rather than an adjective: see nameCentroids.
  { name: 'log views per order', high: 'browsers', low: 'buyers' },
];
/** Used only when most customers' items have a known category. */
export const CATEGORY_FEATURE = { name: 'top category share', high: 'focused', low: 'eclectic' } as const;
const ALL_FEATURES = [...CLUSTER_FEATURES, ...VISIT_FEATURES, CATEGORY_FEATURE];
export const WORDS = new Map(ALL_FEATURES.map((f) => [f.name, f]));
export const NOUN_FEATURE = VISIT_FEATURES[2].name;
export const ORDER_NAMES = CLUSTER_FEATURES.map((f) => f.name);
const D = CLUSTER_FEATURES.length;
// One customer who spent 1000x the norm must not drag a centroid (or be named after it): clip z-scores.
const CLIP = 3;
// A value a customer lacks (no categorized items) sits at the site mean rather than dragging anyone anywhere.
export const z = (v: number, mean: number, std: number) => (Number.isNaN(v) ? 0 : Math.max(-CLIP, Math.min(CLIP, (v - mean) / std)));
/**
 * One customer's raw order features (CLUSTER_FEATURES) at `now`; null with no orders before it.
 * @example clusterFeatures(orders, Date.now())?.length // CLUSTER_FEATURES.length
 */
export function clusterFeatures(orders: ReadonlyArray<Order>, now: number): Float64Array | null {
  let n = 0, spend = 0, lines = 0, units = 0, unitSpend = 0, first = Infinity, last = -Infinity;
  for (const o of orders) {
    if (o.time >= now) continue;
    n++;
    spend += o.total;
    lines += o.items.length;
    for (const it of o.items) { units += it.quantity; unitSpend += it.quantity * it.price; }
    first = Math.min(first, o.time);
    last = Math.max(last, o.time);
  }
  if (n === 0) return null;
  const avgPrice = units > 0 ? unitSpend / units : spend / n;
  return Float64Array.of(
    Math.log1p((now - last) / DAY_MS),
    Math.log1p(n),
    Math.log1p(Math.max(0, spend / n)),
    Math.log1p(Math.max(0, avgPrice)),
    Math.log1p(lines / n),
    Math.log1p((now - first) / DAY_MS),
  );
}

/**
 * One customer's browsing features by name (VISIT_FEATURES and CATEGORY_FEATURE) at `now`; NaN where unknown.
 * Without an activity summary, sessions come from the order times alone and there are no views.
 * @example behaviourFeatures(activityFromEvents(events, now), orders, now)['log views per order']
 */
export function behaviourFeatures(activity: ActivitySummary | null | undefined, orders: ReadonlyArray<Order>, now: number): Record<string, number> {
  const past = orders.filter((o) => o.time < now);
  let sessions = activity?.sessions ?? 0, first = activity?.first ?? Infinity;
  if (!activity) {
    for (let i = 0; i < past.length; i++) if (i === 0 || past[i].time - past[i - 1].time > SESSION_GAP_MS) sessions++;
  }
  for (const o of past) first = Math.min(first, o.time);
  const browse = activity?.browse ?? 0, views = activity?.views ?? 0;
  // Under a month of history counts as a month, so a first-day visitor is not "30 visits a month".
  const months = Math.max(1, (now - first) / (30 * DAY_MS));
  let cats = activity?.categories;
  if (!cats || cats.size === 0) {
    cats = new Map();
    for (const o of past) for (const it of o.items) if (it.category) cats.set(it.category, (cats.get(it.category) ?? 0) + 1);
  }
  let total = 0, top = 0;
  for (const v of cats.values()) { total += v; top = Math.max(top, v); }
  return {
    [VISIT_FEATURES[0].name]: sessions > 0 ? Math.log1p(sessions / months) : NaN,
    [VISIT_FEATURES[1].name]: sessions > 0 ? Math.log1p(browse / sessions) : NaN,
    [VISIT_FEATURES[2].name]: Math.log1p(views / Math.max(1, past.length)),
    [CATEGORY_FEATURE.name]: total > 0 ? top / total : NaN,
  };
}

/** The named features of one customer, in `names` order; null with no orders, or a name this code does not know. */
export function featureVector(names: ReadonlyArray<string>, orders: ReadonlyArray<Order>, activity: ActivitySummary | null | undefined, now: number): Float64Array | null {
  const base = clusterFeatures(orders, now);
  if (!base) return null;
  const byName: Record<string, number> = {};
  ORDER_NAMES.forEach((n, i) => { byName[n] = base[i]; });
  if (names.length > D) Object.assign(byName, behaviourFeatures(activity, orders, now));
  const out = new Float64Array(names.length);
  for (let i = 0; i < names.length; i++) {
    const v = byName[names[i]];
    if (v === undefined) return null;
    out[i] = v;
  }
  return out;
}

/**
 * The nearest centroid to a customer's standardized features (the model's recorded ones); null with no orders or no model.
 * @example assignCluster(site.clusters, orders, Date.now(), activityFromEvents(events, Date.now())) // { id: 2, name: 'regular deep browsers' }
 */
export function assignCluster(model: ClusterModel | null, orders: ReadonlyArray<Order>, now: number, activity?: ActivitySummary | null): { id: number; name: string } | null {
  if (!model || model.centroids.length === 0) return null;
  // Models from before browsing features have no feature list worth trusting beyond the order features.
  const names = Array.isArray(model.features) && model.features.length === model.mean.length ? model.features : ORDER_NAMES;
  const f = featureVector(names, orders, activity, now);
  if (!f || f.length !== model.mean.length) return null;
  let bj = 0, bd = Infinity;
  model.centroids.forEach((c, j) => {
    let s = 0;
    for (let i = 0; i < f.length; i++) { const v = z(f[i], model.mean[i], model.std[i]) - c[i]; s += v * v; }
    if (s < bd) { bd = s; bj = j; }
  });
  return { id: bj, name: model.names[bj] };
}
