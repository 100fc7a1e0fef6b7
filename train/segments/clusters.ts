// Behaviour clusters, the training half: k-means over customers' standardized features (tfjs for the
// distance matrix), the number of clusters by silhouette, and plain-words names for the centroids.
// The device assigns a visitor with scoring/segments/clusters.ts, over the features recorded here.
import { tf } from '../tf.ts';
import { CATEGORY_FEATURE, NOUN_FEATURE, behaviourFeatures, ORDER_NAMES, VISIT_FEATURES, WORDS, featureVector, z } from '../../scoring/segments/clusters.ts';
import type { ActivitySummary } from '../../scoring/segments/activity.ts';
import type { ClusterModel, Order } from '../../scoring/segments/types.ts';

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
 * With browsing features, views per order gives the noun: "regular deep browsers", "recent quick buyers".
 * @example nameCentroids([[-1, 1.2, 0, 0, 0, 0]]) // ['frequent recent']
 */
export function nameCentroids(centroids: number[][], features: ReadonlyArray<string> = ORDER_NAMES): string[] {
  const used = new Map<string, number>();
  const nounAt = features.indexOf(NOUN_FEATURE);
  return centroids.map((c) => {
    const ranked = c.map((z, f) => ({ z, f })).filter((e) => e.f !== nounAt && Math.abs(e.z) >= 0.25 && WORDS.has(features[e.f])).sort((a, b) => Math.abs(b.z) - Math.abs(a.z));
    const word = (e: { z: number; f: number }) => { const w = WORDS.get(features[e.f])!; return e.z > 0 ? w.high : w.low; };
    const nz = nounAt >= 0 ? c[nounAt] : 0;
    const noun = nounAt < 0 ? '' : nz >= 0.25 ? ' browsers' : nz <= -0.25 ? ' buyers' : ' shoppers';
    const words = (n: number) => ranked.slice(0, n).map(word).join(' ');
    let name = ranked.length ? words(2) + noun : noun ? (noun === ' shoppers' ? 'typical shoppers' : noun.trim()) : 'typical';
    if (used.has(name) && ranked.length > 2) name = words(3) + noun;
    const seen = used.get(name) ?? 0;
    used.set(name, seen + 1);
    return seen ? `${name} ${seen + 1}` : name;
  });
}

/** How learnClusters is set up. */
export interface LearnClustersOptions {
  k?: number;
  seed?: number;
  /** Each customer's browsing summary; without it (or with no browse events in it) only order features are used. */
  activity?: ReadonlyMap<string, ActivitySummary>;
}

// A browsing feature is kept only when enough of the clustered customers carry it, and it varies.
const MIN_BROWSING_SHARE = 0.1;
const MIN_CATEGORY_SHARE = 0.3;

/**
 * Learns clusters from every customer's features at `now`; k is `opts.k` or the best silhouette
 * among 3..6 (fewer with few customers). Null with fewer than 10 customers. The features used are
 * recorded in the model, so the device computes exactly those.
 * @example const clusters = learnClusters(groupOrders(lines), Date.now(), { activity });
 */
export function learnClusters(customers: ReadonlyMap<string, ReadonlyArray<Order>>, now: number, opts: LearnClustersOptions = {}): ClusterModel | null {
  const ids: string[] = [];
  for (const [id, list] of customers) if (list.some((o) => o.time < now)) ids.push(id);
  const n = ids.length;
  if (n < 10) return null;
  const activity = opts.activity;
  const names = [...ORDER_NAMES];
  if (activity) {
    let browsing = 0, categorized = 0;
    const extra = ids.map((id) => {
      const a = activity.get(id);
      if (a && a.browse > 0) browsing++;
      const f = behaviourFeatures(a, customers.get(id)!, now);
      if (!Number.isNaN(f[CATEGORY_FEATURE.name])) categorized++;
      return f;
    });
    const candidates = [
      ...(browsing >= MIN_BROWSING_SHARE * n ? VISIT_FEATURES.map((f) => f.name) : []),
      ...(categorized >= MIN_CATEGORY_SHARE * n ? [CATEGORY_FEATURE.name] : []),
    ];
    for (const name of candidates) {
      let lo = Infinity, hi = -Infinity;
      for (const f of extra) if (!Number.isNaN(f[name])) { lo = Math.min(lo, f[name]); hi = Math.max(hi, f[name]); }
      if (hi - lo > 1e-9) names.push(name);
    }
  }
  const d = names.length;
  const rows = ids.map((id) => featureVector(names, customers.get(id)!, activity?.get(id), now)!);
  const mean = new Array<number>(d).fill(0), std = new Array<number>(d).fill(0), cnt = new Array<number>(d).fill(0);
  for (const r of rows) for (let j = 0; j < d; j++) if (!Number.isNaN(r[j])) { mean[j] += r[j]; cnt[j]++; }
  for (let j = 0; j < d; j++) mean[j] /= Math.max(1, cnt[j]);
  for (const r of rows) for (let j = 0; j < d; j++) if (!Number.isNaN(r[j])) std[j] += (r[j] - mean[j]) ** 2;
  // A constant feature's std is float noise, not zero: treat it as constant so it never names a cluster.
  for (let j = 0; j < d; j++) { const s = Math.sqrt(std[j] / Math.max(1, cnt[j])); std[j] = s > 1e-9 * Math.max(1, Math.abs(mean[j])) ? s : 1; }
  const x = new Float32Array(n * d);
  rows.forEach((r, i) => { for (let j = 0; j < d; j++) x[i * d + j] = z(r[j], mean[j], std[j]); });
  const rand = rng((opts.seed ?? 7) + 1);
  const sample: number[] = [];
  const step = Math.max(1, Math.floor(n / 600));
  for (let i = Math.floor(rand() * step); i < n; i += step) sample.push(i);
  const ks = opts.k ? [opts.k] : [3, 4, 5, 6].filter((k) => k * 5 <= n);
  if (!ks.length) ks.push(2);
  let best: { k: number; fit: ReturnType<typeof kmeans>; score: number } | null = null;
  for (const k of ks) {
    const fit = kmeans(x, n, d, k, { seed: opts.seed });
    const score = ks.length > 1 ? silhouette(x, n, d, fit.assign, k, sample) : 0;
    if (!best || score > best.score) best = { k, fit, score };
  }
  const { k, fit } = best!;
  const centroids = Array.from({ length: k }, (_, j) => Array.from(fit.centroids.subarray(j * d, j * d + d), (v) => Math.round(v * 1e4) / 1e4));
  const sizes = new Array<number>(k).fill(0);
  for (const a of fit.assign) sizes[a]++;
  return { features: names, mean, std, centroids, names: nameCentroids(centroids, names), sizes };
}

