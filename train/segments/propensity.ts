// Purchase and churn propensity, the training half: logistic regression (Newton steps with tfjs) fitted on
// past snapshots of the order log. The device scores with scoring/segments/propensity.ts.
import { tf } from '../tf.ts';
import { DAY_MS } from '../../scoring/segments/orders.ts';
import { bgNbdSummary, type BgNbdParams } from '../../scoring/segments/bgnbd.ts';
import { PROPENSITY_FEATURES, propensityFeatures } from '../../scoring/segments/propensity.ts';
import type { LogisticModel, Order } from '../../scoring/segments/types.ts';
import { fitBgNbd } from './bgnbd.ts';

const D = PROPENSITY_FEATURES.length;

/** Solves A x = b for a symmetric positive-definite A (d x d, row-major) by Cholesky, in float64. */
function solveSpd(a: Float64Array, b: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= l[i * d + k] * l[j * d + k];
      if (i === j) l[i * d + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * d + j] = s / l[j * d + j];
    }
  }
  const y = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * y[k];
    y[i] = s / l[i * d + i];
  }
  const x = new Float64Array(d);
  for (let i = d - 1; i >= 0; i--) {
    let s = y[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * x[k];
    x[i] = s / l[i * d + i];
  }
  return x;
}

/**
 * Fits L2-regularized logistic regression by Newton's method (IRLS). `x` is n x d row-major;
 * returns d weights then the intercept (which is not penalized). Products run in tfjs (matMul only,
 * so the wasm backend works), the small d x d solve in float64.
 * @example fitLogistic(new Float64Array([0, 1, 2, 3]), new Float64Array([0, 0, 1, 1]), 4, 1, { l2: 0.1 })
 */
export function fitLogistic(x: Float64Array, y: Float64Array, n: number, d: number, opts: { l2?: number; iters?: number } = {}): Float64Array {
  const l2 = opts.l2 ?? 1;
  const iters = opts.iters ?? 30;
  const db = d + 1;
  const xb = new Float32Array(n * db);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) xb[i * db + j] = x[i * d + j];
    xb[i * db + d] = 1;
  }
  const X = tf.tensor2d(xb, [n, db]);
  const Y = tf.tensor2d(Float32Array.from(y), [n, 1]);
  const w = new Float64Array(db);
  try {
    for (let it = 0; it < iters; it++) {
      const [gData, hData] = tf.tidy(() => {
        const W = tf.tensor2d(Float32Array.from(w), [db, 1]);
        const p = tf.sigmoid(tf.matMul(X, W));
        const g = tf.matMul(X, tf.sub(p, Y), true, false);
        const s = tf.mul(p, tf.sub(1, p));
        const h = tf.matMul(X, tf.mul(X, s), true, false);
        return [g.dataSync(), h.dataSync()];
      });
      const g = new Float64Array(db);
      const h = new Float64Array(db * db);
      for (let i = 0; i < db; i++) g[i] = gData[i] + (i < d ? l2 * w[i] : 0);
      for (let i = 0; i < db * db; i++) h[i] = hData[i];
      for (let i = 0; i < d; i++) h[i * db + i] += l2;
      h[d * db + d] += 1e-6;
      const step = solveSpd(h, g, db);
      let maxStep = 0;
      for (let i = 0; i < db; i++) {
        w[i] -= step[i];
        maxStep = Math.max(maxStep, Math.abs(step[i]));
      }
      if (maxStep < 1e-5) break;
    }
  } finally {
    X.dispose();
    Y.dispose();
  }
  return w;
}

/** How to build training examples from the order log. */
export interface PropensityOptions {
  /** The end of the log: labels never look past it. Default: the last order's time. */
  now?: number;
  /** Days ahead the label looks. Default 90. */
  horizonDays?: number;
  /** 'purchase': orders in the horizon; 'churn': no order in the horizon. */
  target?: 'purchase' | 'churn';
  /** Past snapshots to stack as training examples, `stepDays` apart. Default 2. */
  snapshots?: number;
  stepDays?: number;
  /** L2 strength per training example. Default 0.05: strong shrinkage carries better to later, differently-seasoned periods. */
  l2?: number;
}

/** Customers a BG/NBD fit uses at most: four parameters are settled long before, and each costs 500 likelihood passes. */
const BG_FIT_CUSTOMERS = 20_000;

/** BG/NBD parameters fitted to customers' orders before `at` (an even sample of BG_FIT_CUSTOMERS); null with no customers then. */
function fitBgAt(customers: ReadonlyMap<string, ReadonlyArray<Order>>, at: number): BgNbdParams | null {
  const data = [];
  for (const list of customers.values()) {
    const s = bgNbdSummary(list, at);
    if (s) data.push(s);
  }
  const step = Math.ceil(data.length / BG_FIT_CUSTOMERS);
  return fitBgNbd(step > 1 ? data.filter((_, i) => i % step === 0) : data);
}

/**
 * Trains a propensity model from every customer's orders: features at `now - horizon` (and earlier
 * snapshots) labelled by what happened in the following horizon. Null when the log is too short.
 * @example const model = trainPropensity(groupOrders(lines), { horizonDays: 90 });
 */
export function trainPropensity(customers: ReadonlyMap<string, ReadonlyArray<Order>>, options: PropensityOptions = {}): LogisticModel | null {
  const horizonDays = options.horizonDays ?? 90;
  const target = options.target ?? 'purchase';
  const snapshots = options.snapshots ?? 2;
  const stepDays = options.stepDays ?? 30;
  let now = options.now ?? -Infinity;
  let start = Infinity;
  for (const list of customers.values()) {
    if (!list.length) continue;
    if (options.now === undefined) now = Math.max(now, list[list.length - 1].time);
    start = Math.min(start, list[0].time);
  }
  if (!Number.isFinite(now) || !Number.isFinite(start)) return null;
  const h = horizonDays * DAY_MS;
  const rows: number[] = [];
  const labels: number[] = [];
  const buf = new Float64Array(D);
  let scoringFit: number[] | null = null;
  for (let s = 0; s < snapshots; s++) {
    const at = now - h - s * stepDays * DAY_MS;
    // A snapshot needs some history behind it, or every customer looks brand new.
    if (at - start < Math.min(h, 30 * DAY_MS)) break;
    // BG/NBD is refitted at each snapshot, as scoring uses the fit at `now`: features mean the same at both.
    const bg = fitBgAt(customers, at);
    if (s === 0) scoringFit = bg;
    for (const list of customers.values()) {
      const f = propensityFeatures(list, at, horizonDays, bg, buf);
      if (!f) continue;
      let bought = 0;
      for (const o of list) if (o.time >= at && o.time < at + h) { bought = 1; break; }
      for (let j = 0; j < D; j++) rows.push(f[j]);
      labels.push(target === 'purchase' ? bought : 1 - bought);
    }
  }
  const n = labels.length;
  let pos = 0;
  for (const v of labels) pos += v;
  if (n < 20 || pos === 0 || pos === n) return null;
  const mean = new Array<number>(D).fill(0);
  const std = new Array<number>(D).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) mean[j] += rows[i * D + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) std[j] += (rows[i * D + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < D; j++) std[j] = Math.sqrt(std[j]) || 1;
  const x = new Float64Array(n * D);
  for (let i = 0; i < n; i++) for (let j = 0; j < D; j++) x[i * D + j] = (rows[i * D + j] - mean[j]) / std[j];
  const w = fitLogistic(x, Float64Array.from(labels), n, D, { l2: (options.l2 ?? 0.05) * n });
  // Scoring reuses the newest training snapshot's BG/NBD fit: a refit at `now` can land on a very
  // different (a, b) pair (the likelihood is flat along a ridge), which shifts the features the
  // weights were learned on (seen at the end of Online Retail: every active customer scored ~0).
  const bgnbd = scoringFit;
  return {
    features: [...PROPENSITY_FEATURES],
    ...(bgnbd ? { bgnbd } : {}),
    mean,
    std,
    weights: Array.from(w),
    target: target === 'purchase' ? `orders in the next ${horizonDays} days` : `no order in the next ${horizonDays} days`,
    horizonDays,
  };
}

