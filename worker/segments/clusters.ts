// Behaviour clusters: k-means (tfjs) over standardized order-behaviour features, named from each
// centroid's strongest features, and nearest-centroid assignment for one visitor.
import { tf } from '../tf.ts';
import { DAY_MS } from './orders.ts';
import type { ClusterModel, Order } from './types.ts';

/** Features a cluster is built from, with the words that name a centroid high / low on each. */
export const CLUSTER_FEATURES: ReadonlyArray<{ name: string; high: string; low: string }> = [
  { name: 'log days since last order', high: 'dormant', low: 'recent' },
  { name: 'log orders', high: 'frequent', low: 'one-time' },
  { name: 'log average order value', high: 'big-basket', low: 'small-basket' },
  { name: 'log average item price', high: 'premium', low: 'budget' },
  { name: 'log lines per order', high: 'wide-range', low: 'few-item' },
  { name: 'log days since first order', high: 'long-standing', low: 'newcomer' },
];
const D = CLUSTER_FEATURES.length;
// One customer who spent 1000x the norm must not drag a centroid (or be named after it): clip z-scores.
const CLIP = 3;
const z = (v: number, mean: number, std: number) => Math.max(-CLIP, Math.min(CLIP, (v - mean) / std));

/**
 * One customer's raw cluster features at `now`; null with no orders before it.
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

/** A small deterministic generator so the same log always gives the same clusters. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >> 17;
    s ^= s << 5; s >>>= 0;
    return s / 4294967296;
  };
}

/** Squared distances of every row of x (n x d) to every centroid (k x d), via matMul. */
function distances(X: tf.Tensor2D, c: Float32Array, k: number, d: number): Float32Array {
  return tf.tidy(() => {
    const C = tf.tensor2d(c, [k, d]);
    const xx = tf.sum(tf.mul(X, X), 1, true);
    const cc = tf.reshape(tf.sum(tf.mul(C, C), 1), [1, k]);
    const xc = tf.matMul(X, C, false, true);
    return tf.add(tf.sub(xx, tf.mul(xc, 2)), cc).dataSync() as Float32Array;
  });
}

/**
 * k-means with k-means++ seeding on n x d row-major data; returns centroids, assignments and inertia.
 * @example kmeans(Float32Array.of(0, 0, 0, 1, 10, 10, 10, 11), 4, 2, 2).assign // [0, 0, 1, 1] or [1, 1, 0, 0]
 */
export function kmeans(x: Float32Array, n: number, d: number, k: number, opts: { iters?: number; seed?: number } = {}): { centroids: Float32Array; assign: Int32Array; inertia: number } {
  const rand = rng(opts.seed ?? 7);
  const iters = opts.iters ?? 50;
  const c = new Float32Array(k * d);
  const X = tf.tensor2d(x, [n, d]);
  try {
    // k-means++: each new seed is drawn in proportion to its squared distance from the nearest seed.
    const first = Math.floor(rand() * n);
    c.set(x.subarray(first * d, first * d + d), 0);
    const best = new Float64Array(n).fill(Infinity);
    for (let j = 1; j < k; j++) {
      const dist = distances(X, c.subarray((j - 1) * d, j * d), 1, d);
      let total = 0;
      for (let i = 0; i < n; i++) { best[i] = Math.min(best[i], Math.max(0, dist[i])); total += best[i]; }
      let r = rand() * total, pick = n - 1;
      for (let i = 0; i < n; i++) { r -= best[i]; if (r <= 0) { pick = i; break; } }
      c.set(x.subarray(pick * d, pick * d + d), j * d);
    }
    const assign = new Int32Array(n).fill(-1);
    let inertia = 0;
    for (let it = 0; it < iters; it++) {
      const dist = distances(X, c, k, d);
      let changed = 0;
      inertia = 0;
      for (let i = 0; i < n; i++) {
        let bj = 0, bd = Infinity;
        for (let j = 0; j < k; j++) { const v = dist[i * k + j]; if (v < bd) { bd = v; bj = j; } }
        if (assign[i] !== bj) { assign[i] = bj; changed++; }
        inertia += Math.max(0, bd);
      }
      const sum = new Float64Array(k * d), count = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        const j = assign[i];
        count[j]++;
        for (let f = 0; f < d; f++) sum[j * d + f] += x[i * d + f];
      }
      for (let j = 0; j < k; j++) {
        // An emptied cluster keeps its old centroid rather than collapsing to the origin.
        if (count[j] > 0) for (let f = 0; f < d; f++) c[j * d + f] = sum[j * d + f] / count[j];
      }
      if (changed === 0) break;
    }
    return { centroids: c, assign, inertia };
  } finally {
    X.dispose();
  }
}

/** Mean silhouette on (a sample of) the points: how much closer each is to its own cluster than the next. */
function silhouette(x: Float32Array, n: number, d: number, assign: Int32Array, k: number, sample: number[]): number {
  let total = 0;
  for (const i of sample) {
    const sum = new Float64Array(k), cnt = new Float64Array(k);
    for (const j of sample) {
      if (i === j) continue;
      let s = 0;
      for (let f = 0; f < d; f++) { const v = x[i * d + f] - x[j * d + f]; s += v * v; }
      sum[assign[j]] += Math.sqrt(s);
      cnt[assign[j]]++;
    }
    const own = assign[i];
    const a = cnt[own] ? sum[own] / cnt[own] : 0;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && cnt[c]) b = Math.min(b, sum[c] / cnt[c]);
    if (Number.isFinite(b) && Math.max(a, b) > 0) total += (b - a) / Math.max(a, b);
  }
  return total / Math.max(1, sample.length);
}

/**
 * Names each centroid by its one or two most distinctive features ("recent frequent"), unique across clusters.
 * @example nameCentroids([[-1, 1.2, 0, 0, 0, 0]]) // ['frequent recent']
 */
export function nameCentroids(centroids: number[][]): string[] {
  const used = new Map<string, number>();
  return centroids.map((c) => {
    const ranked = c.map((z, f) => ({ z, f })).filter((e) => Math.abs(e.z) >= 0.25).sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
    const word = (e: { z: number; f: number }) => (e.z > 0 ? CLUSTER_FEATURES[e.f].high : CLUSTER_FEATURES[e.f].low);
    let name = ranked.length ? ranked.slice(0, 2).map(word).join(' ') : 'typical';
    if (used.has(name) && ranked.length > 2) name = ranked.slice(0, 3).map(word).join(' ');
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    return seen ? `${name} ${seen + 1}` : name;
  });
}

/**
 * Learns clusters from every customer's features at `now`; k is `opts.k` or the best silhouette
 * among 3..6 (fewer with few customers). Null with fewer than 10 customers.
 * @example const clusters = learnClusters(groupOrders(lines), Date.now());
 */
export function learnClusters(customers: ReadonlyMap<string, ReadonlyArray<Order>>, now: number, opts: { k?: number; seed?: number } = {}): ClusterModel | null {
  const rows: Float64Array[] = [];
  for (const list of customers.values()) {
    const f = clusterFeatures(list, now);
    if (f) rows.push(f);
  }
  const n = rows.length;
  if (n < 10) return null;
  const mean = new Array<number>(D).fill(0), std = new Array<number>(D).fill(0);
  for (const r of rows) for (let j = 0; j < D; j++) mean[j] += r[j] / n;
  for (const r of rows) for (let j = 0; j < D; j++) std[j] += (r[j] - mean[j]) ** 2 / n;
  for (let j = 0; j < D; j++) std[j] = Math.sqrt(std[j]) || 1;
  const x = new Float32Array(n * D);
  rows.forEach((r, i) => { for (let j = 0; j < D; j++) x[i * D + j] = z(r[j], mean[j], std[j]); });
  const rand = rng((opts.seed ?? 7) + 1);
  const sample: number[] = [];
  const step = Math.max(1, Math.floor(n / 600));
  for (let i = Math.floor(rand() * step); i < n; i += step) sample.push(i);
  const ks = opts.k ? [opts.k] : [3, 4, 5, 6].filter((k) => k * 5 <= n);
  if (!ks.length) ks.push(2);
  let best: { k: number; fit: ReturnType<typeof kmeans>; score: number } | null = null;
  for (const k of ks) {
    const fit = kmeans(x, n, D, k, { seed: opts.seed });
    const score = ks.length > 1 ? silhouette(x, n, D, fit.assign, k, sample) : 0;
    if (!best || score > best.score) best = { k, fit, score };
  }
  const { k, fit } = best!;
  const centroids = Array.from({ length: k }, (_, j) => Array.from(fit.centroids.subarray(j * D, j * D + D), (v) => Math.round(v * 1e4) / 1e4));
  const sizes = new Array<number>(k).fill(0);
  for (const a of fit.assign) sizes[a]++;
  return { features: CLUSTER_FEATURES.map((f) => f.name), mean, std, centroids, names: nameCentroids(centroids), sizes };
}

/**
 * The nearest centroid to a customer's standardized features; null with no orders or no model.
 * @example assignCluster(site.clusters, orders, Date.now()) // { id: 2, name: 'recent frequent' }
 */
export function assignCluster(model: ClusterModel | null, orders: ReadonlyArray<Order>, now: number): { id: number; name: string } | null {
  if (!model || model.centroids.length === 0) return null;
  const f = clusterFeatures(orders, now);
  if (!f || f.length !== model.features.length) return null;
  let bj = 0, bd = Infinity;
  model.centroids.forEach((c, j) => {
    let s = 0;
    for (let i = 0; i < f.length; i++) { const v = z(f[i], model.mean[i], model.std[i]) - c[i]; s += v * v; }
    if (s < bd) { bd = s; bj = j; }
  });
  return { id: bj, name: model.names[bj] };
}
