// Implicit ALS (Hu, Koren & Volinsky 2008): closed-form alternating solves, tfjs for the dense matrix products,
// conjugate-gradient steps for the per-row systems, exact Cholesky fold-in of one visitor against frozen item factors.
import { tf, initTf } from '../tf.ts';
import { DAY_S, decayedWeights, mergeItems } from '../../scoring/models/decay.ts';
import { num, transpose } from '../../scoring/models/csr.ts';
import { choleskySolve, normalRng } from './linalg.ts';
import type { FoldedVisitor, Interactions, ModelSpec, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

export interface IalsParams extends Record<string, unknown> {
  factors: number;
  /** L2 penalty on factors. */
  reg: number;
  /** Confidence slope: c = 1 + alpha * weight. */
  alpha: number;
  iters: number;
  /** Conjugate-gradient steps per row and sweep (warm-started, so 3 is close to exact). */
  cgSteps: number;
  seed: number;
  /** Fold-in recency half-life in days (0 = no decay). */
  halfLifeDays: number;
}

/**
 * Gram matrix Y^T Y (f x f) with tfjs.
 * @example
 * gram(itemFactors, nItems, 64) // Float32Array(64 * 64)
 */
export function gram(Y: Float32Array, rows: number, f: number): Float32Array {
  return readAndDispose(tf.tidy(() => {
    const t = tf.tensor2d(Y, [rows, f]);
    return tf.matMul(tf.transpose(t), t);
  }));
}

/** X (n x f) times the symmetric f x f matrix G, on the tfjs backend. */
function timesGram(X: Float32Array, n: number, f: number, G: tf.Tensor2D): Float32Array {
  return readAndDispose(tf.tidy(() => tf.matMul(tf.tensor2d(X, [n, f]), G)));
}

/** Copies a tensor out and frees it. (Never return a typed array from tf.tidy: it walks every element looking for tensors.) */
function readAndDispose(t: tf.Tensor): Float32Array {
  const out = (t.dataSync() as Float32Array).slice();
  t.dispose();
  return out;
}

/**
 * One ALS half-sweep: updates rows X (n x f) against fixed Y for CSR (ptr, idx, w), by warm-started batched CG on
 * (Y^T Y + reg I + alpha Y_r^T W_r Y_r) x_r = Y_r^T (1 + alpha w_r).
 * @example
 * alsHalfSweep(U, V, data.userPtr, data.items, data.weights, nUsers, 64, 10, 1, 3);
 */
export function alsHalfSweep(X: Float32Array, Y: Float32Array, ptr: Int32Array, idx: Int32Array, w: Float32Array, n: number, f: number, reg: number, alpha: number, steps: number): void {
  const yRows = Y.length / f;
  const G = tf.tidy(() => {
    const t = tf.tensor2d(Y, [yRows, f]);
    return tf.add(tf.matMul(tf.transpose(t), t), tf.mul(tf.eye(f), reg)) as tf.Tensor2D;
  });
  // A v = v G + alpha * sum_i w_i y_i (y_i . v), row by row; the dense part is one tfjs matMul for all rows
  const applyA = (V: Float32Array): Float32Array => {
    const out = timesGram(V, n, f, G);
    for (let r = 0; r < n; r++) {
      const o = r * f;
      for (let p = ptr[r]; p < ptr[r + 1]; p++) {
        const y = idx[p] * f;
        let dot = 0;
        for (let k = 0; k < f; k++) dot += Y[y + k] * V[o + k];
        const s = alpha * w[p] * dot;
        for (let k = 0; k < f; k++) out[o + k] += s * Y[y + k];
      }
    }
    return out;
  };
  const AX = applyA(X);
  const R = new Float32Array(n * f);
  for (let r = 0; r < n; r++) {
    const o = r * f;
    if (ptr[r] === ptr[r + 1]) { X.fill(0, o, o + f); continue; }
    for (let p = ptr[r]; p < ptr[r + 1]; p++) {
      const y = idx[p] * f, c = 1 + alpha * w[p];
      for (let k = 0; k < f; k++) R[o + k] += c * Y[y + k];
    }
    for (let k = 0; k < f; k++) R[o + k] -= AX[o + k];
  }
  const P = R.slice();
  const rs = new Float64Array(n);
  for (let r = 0; r < n; r++) { let s = 0; for (let k = 0; k < f; k++) s += R[r * f + k] ** 2; rs[r] = s; }
  for (let step = 0; step < steps; step++) {
    const AP = applyA(P);
    for (let r = 0; r < n; r++) {
      if (rs[r] < 1e-20) continue;
      const o = r * f;
      let pap = 0;
      for (let k = 0; k < f; k++) pap += P[o + k] * AP[o + k];
      if (!(pap > 0)) continue;
      const a = rs[r] / pap;
      let rsNew = 0;
      for (let k = 0; k < f; k++) {
        X[o + k] += a * P[o + k];
        R[o + k] -= a * AP[o + k];
        rsNew += R[o + k] ** 2;
      }
      const beta = rsNew / rs[r];
      for (let k = 0; k < f; k++) P[o + k] = R[o + k] + beta * P[o + k];
      rs[r] = rsNew;
    }
  }
  G.dispose();
}

/**
 * Wraps frozen item factors as a TrainedModel whose fold-in solves the visitor's vector exactly.
 * @example
 * const m = ialsModel(V, gram(V, nItems, 64), 64, 10, 1, 30); m.score(m.foldIn(history), out);
 */
export function ialsModel(itemFactors: Float32Array, yty: Float32Array, f: number, reg: number, alpha: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel {
  const n = itemFactors.length / f;
  const build = (h: number): TrainedModel => ({
    name: 'ials',
    nItems: n,
    foldIn(history: VisitorHistory): FoldedVisitor {
      // recency scales each observed item's loss term: confidence alpha*sum(w*d) and preference pull (d_latest + alpha*sum(w*d))
      const wd = decayedWeights(history, h * DAY_S);
      const merged = mergeItems(history.items, wd, n);
      const latest = new Map<number, number>();
      const ones = decayedWeights({ ...history, weights: new Float32Array(history.items.length).fill(1) }, h * DAY_S);
      for (let e = 0; e < history.items.length; e++) latest.set(history.items[e], Math.max(latest.get(history.items[e]) ?? 0, ones[e]));
      const A = new Float64Array(f * f);
      for (let i = 0; i < f * f; i++) A[i] = yty[i];
      for (let k = 0; k < f; k++) A[k * f + k] += reg;
      const b = new Float64Array(f);
      for (let t = 0; t < merged.items.length; t++) {
        const y = merged.items[t] * f;
        const c = alpha * merged.weights[t];
        const cb = (latest.get(merged.items[t]) ?? 1) + c;
        for (let a = 0; a < f; a++) {
          const ya = itemFactors[y + a];
          b[a] += cb * ya;
          const s = c * ya;
          for (let q = 0; q <= a; q++) A[a * f + q] += s * itemFactors[y + q];
        }
      }
      for (let a = 0; a < f; a++) for (let q = 0; q < a; q++) A[q * f + a] = A[a * f + q];
      const vector = new Float32Array(f);
      if (merged.items.length && choleskySolve(A, b, f)) vector.set(b);
      return { items: merged.items, weights: merged.weights, vector };
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      const v = visitor.vector;
      if (!v) { out.fill(0); return; }
      for (let i = 0; i < n; i++) {
        let s = 0;
        const o = i * f;
        for (let k = 0; k < f; k++) s += itemFactors[o + k] * v[k];
        out[i] = s;
      }
    },
    neighbours(item: number, k: number) {
      const sims = new Float32Array(n);
      const o = item * f;
      let ni = 0;
      for (let q = 0; q < f; q++) ni += itemFactors[o + q] ** 2;
      for (let i = 0; i < n; i++) {
        let s = 0, nn = 0;
        for (let q = 0; q < f; q++) { s += itemFactors[i * f + q] * itemFactors[o + q]; nn += itemFactors[i * f + q] ** 2; }
        sims[i] = i === item ? -Infinity : s / (Math.sqrt(ni * nn) + 1e-12);
      }
      const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => sims[b] - sims[a] || a - b).slice(0, Math.min(k, n - 1));
      return { items: Int32Array.from(order), scores: Float32Array.from(order, (i) => sims[i]) };
    },
    toWeights(): ModelWeights {
      return { meta: { ...meta, model: 'ials', nItems: n, factors: f, reg, alpha, halfLifeDays: h }, arrays: { itemFactors, yty } };
    },
    withFoldIn(p: Record<string, unknown>): TrainedModel {
      return build(num(p, 'halfLifeDays', h));
    },
  });
  return build(halfLifeDays);
}

const ialsGrid: IalsParams[] = [];
for (const [alpha, reg] of [[3, 10], [10, 50], [1, 10]]) {
  for (const halfLifeDays of [10, 30]) ialsGrid.push({ factors: 64, reg, alpha, iters: 8, cgSteps: 2, seed: 20240601, halfLifeDays });
}

export const ialsSpec: ModelSpec<IalsParams> = {
  name: 'ials',
  defaults: { factors: 64, reg: 10, alpha: 1, iters: 8, cgSteps: 2, seed: 20240601, halfLifeDays: 30 },
  grid: ialsGrid,
  foldInKeys: ['halfLifeDays'],
  async train(data: Interactions, params, onProgress) {
    await initTf();
    const f = Math.round(num(params, 'factors', 64));
    const reg = num(params, 'reg', 10), alpha = num(params, 'alpha', 1);
    const iters = Math.round(num(params, 'iters', 12)), steps = Math.round(num(params, 'cgSteps', 3));
    const rnd = normalRng(num(params, 'seed', 20240601));
    const U = new Float32Array(data.nUsers * f);
    const V = Float32Array.from({ length: data.nItems * f }, () => 0.01 * rnd());
    const cols = transpose(data);
    for (let it = 0; it < iters; it++) {
      alsHalfSweep(U, V, data.userPtr, data.items, data.weights, data.nUsers, f, reg, alpha, steps);
      alsHalfSweep(V, U, cols.itemPtr, cols.users, cols.weights, data.nItems, f, reg, alpha, steps);
      onProgress?.((it + 1) / iters);
      await new Promise((r) => setTimeout(r, 0)); // yield so a worker stays responsive
    }
    return ialsModel(V, gram(V, data.nItems, f), f, reg, alpha, num(params, 'halfLifeDays', 30));
  },
  fromWeights: ialsFromWeights,
};

/**
 * Revives iALS from site-model weights: frozen item factors for on-device fold-in (no tfjs needed).
 * @example const m = ialsFromWeights(weights); m.score(m.foldIn(history), out);
 */
export function ialsFromWeights(w: ModelWeights): TrainedModel {
  const m = w.meta;
  return ialsModel(w.arrays.itemFactors as Float32Array, w.arrays.yty as Float32Array, Number(m.factors), Number(m.reg), Number(m.alpha), Number(m.halfLifeDays ?? 0), m);
}
