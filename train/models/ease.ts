// EASE (Steck 2019): closed-form item-item weights B = I - P diag(1/diag P), P = (X^T X + lambda I)^-1, zero diagonal.
// Training keeps the dense B for exact scoring; the site model carries only each item's top `keep` targets.
import { initTf } from '../tf.ts';
import { invertSpd } from './blockInverse.ts';
import { DAY_S, decayedWeights, mergeItems } from '../../scoring/models/decay.ts';
import { num } from '../../scoring/models/csr.ts';
import { itemRowsFromWeights, topRow } from '../../scoring/models/itemRows.ts';
import type { FoldedVisitor, Interactions, ModelSpec, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

export interface EaseParams extends Record<string, unknown> {
  /** L2 penalty added to the Gram diagonal; larger = smoother, more popularity-like. */
  lambda: number;
  /** Targets kept per source item in `toWeights` (the deployed model); scoring in training uses all of them. */
  keep: number;
  /** Fold-in recency half-life in days (0 = all history counts the same). */
  halfLifeDays: number;
}

/**
 * Dense Gram matrix X^T X (n x n, row-major) of weighted interactions, from the sparse user rows.
 * @example
 * gramMatrix(data)[i * data.nItems + j] // sum over users of w_ui * w_uj
 */
export function gramMatrix(data: Interactions): Float32Array {
  const n = data.nItems;
  const G = new Float32Array(n * n);
  for (let u = 0; u < data.nUsers; u++) {
    const a = data.userPtr[u], z = data.userPtr[u + 1];
    for (let p = a; p < z; p++) {
      const row = data.items[p] * n, w = data.weights[p];
      for (let q = a; q < z; q++) G[row + data.items[q]] += w * data.weights[q];
    }
  }
  return G;
}

/**
 * EASE weights B (row i = source item, column j = target item), or null if the regularized Gram is not invertible.
 * @example
 * const B = easeWeights(data, 100); // score_j = sum_i x_i B[i * n + j]
 */
export function easeWeights(data: Interactions, lambda: number): Float32Array | null {
  const n = data.nItems;
  const G = gramMatrix(data);
  for (let i = 0; i < n; i++) G[i * n + i] += lambda;
  const P = invertSpd(G, n);
  if (!P) return null;
  // B_ij = -P_ij / P_jj; P is symmetric, so reuse its storage column-scaled
  const dinv = new Float32Array(n);
  for (let j = 0; j < n; j++) dinv[j] = 1 / P[j * n + j];
  for (let i = 0; i < n; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) P[r + j] = -P[r + j] * dinv[j];
    P[r + i] = 0;
  }
  return P;
}

/**
 * Sparsifies dense B to the `keep` largest targets per source row (the itemRows layout).
 * @example
 * const { nbrIdx, nbrSim } = sparsifyRows(B, n, 100);
 */
export function sparsifyRows(B: Float32Array, n: number, keep: number): { nbrIdx: Int32Array; nbrSim: Float32Array } {
  const k = Math.max(1, Math.min(keep, Math.max(1, n - 1)));
  const nbrIdx = new Int32Array(n * k), nbrSim = new Float32Array(n * k);
  for (let i = 0; i < n; i++) topRow(B.subarray(i * n, (i + 1) * n), i, k, nbrIdx, nbrSim, i * k);
  return { nbrIdx, nbrSim };
}

/**
 * Wraps dense EASE weights as a TrainedModel (exact scoring; `toWeights` sparsifies to `keep` per row).
 * @example
 * const m = easeModel(B, n, 100, 10); m.score(m.foldIn(history), out);
 */
export function easeModel(B: Float32Array, n: number, keep: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel {
  const build = (h: number, kk: number): TrainedModel => ({
    name: 'ease',
    nItems: n,
    foldIn(history: VisitorHistory): FoldedVisitor {
      return mergeItems(history.items, decayedWeights(history, h * DAY_S), n);
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      out.fill(0);
      for (let t = 0; t < visitor.items.length; t++) {
        const r = visitor.items[t] * n, w = visitor.weights[t];
        for (let j = 0; j < n; j++) out[j] += w * B[r + j];
      }
    },
    neighbours(item: number, want: number) {
      const k = Math.max(1, Math.min(want, n - 1));
      const idx = new Int32Array(k), val = new Float32Array(k);
      topRow(B.subarray(item * n, (item + 1) * n), item, k, idx, val, 0);
      let len = 0;
      while (len < k && idx[len] >= 0 && val[len] > 0) len++;
      return { items: idx.slice(0, len), scores: val.slice(0, len) };
    },
    toWeights(): ModelWeights {
      const { nbrIdx, nbrSim } = sparsifyRows(B, n, kk);
      return { meta: { ...meta, model: 'ease', nItems: n, k: nbrIdx.length / n, keep: kk, halfLifeDays: h }, arrays: { nbrIdx, nbrSim } };
    },
    withFoldIn(p: Record<string, unknown>): TrainedModel {
      return build(num(p, 'halfLifeDays', h), Math.round(num(p, 'keep', kk)));
    },
  });
  return build(halfLifeDays, keep);
}

const easeGrid: EaseParams[] = [];
for (const lambda of [50, 150, 400]) for (const halfLifeDays of [0, 10, 30]) easeGrid.push({ lambda, keep: 100, halfLifeDays });

export const easeSpec: ModelSpec<EaseParams> = {
  name: 'ease',
  defaults: { lambda: 150, keep: 100, halfLifeDays: 10 },
  grid: easeGrid,
  foldInKeys: ['halfLifeDays', 'keep'],
  async train(data, params, onProgress) {
    await initTf();
    const lambda = num(params, 'lambda', 150);
    const B = easeWeights(data, lambda);
    if (!B) throw new Error(`[clientele] ease: X^T X + lambda I is not positive definite for lambda=${lambda}; use a lambda above 0`);
    onProgress?.(1);
    return easeModel(B, data.nItems, Math.round(num(params, 'keep', 100)), num(params, 'halfLifeDays', 10), { lambda });
  },
  fromWeights: (w) => itemRowsFromWeights('ease', w),
};
