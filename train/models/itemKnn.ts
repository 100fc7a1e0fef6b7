// Item-to-item collaborative filtering: cosine over co-occurrence with shrinkage, top-k neighbours per item.
import { num, transpose } from '../../scoring/models/csr.ts';
import { kthLargest } from './select.ts';
import { neighbourListModel } from '../../scoring/models/neighbourList.ts';
import type { Interactions, ModelSpec, TrainedModel } from '../../scoring/models/types.ts';

export interface ItemKnnParams extends Record<string, unknown> {
  /** Neighbours kept per item. */
  k: number;
  /** Added to the similarity denominator: damps pairs seen together only a few times. */
  shrink: number;
  /** Asymmetric cosine exponent: sim(i->j) = G_ij / (c_i^alpha c_j^(1-alpha) + shrink); 0.5 = cosine. */
  alpha: number;
  /** Fold-in recency half-life in days (0 = all history counts the same). */
  halfLifeDays: number;
}

/**
 * Keeps, for every target item j, the k source items i with the highest sim(i->j) (rows of `nbrIdx`, best first, -1 padded).
 * @example
 * const { nbrIdx, nbrSim } = knnNeighbours(data, 25, 0, 0.5);
 */
export function knnNeighbours(data: Interactions, k: number, shrink: number, alpha: number): { nbrIdx: Int32Array; nbrSim: Float32Array } {
  const n = data.nItems;
  const cols = transpose(data);
  // c_i = sum of squared weights: the diagonal of X^T X
  const diag = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let q = cols.itemPtr[i]; q < cols.itemPtr[i + 1]; q++) diag[i] += cols.weights[q] * cols.weights[q];
  const nbrIdx = new Int32Array(n * k).fill(-1);
  const nbrSim = new Float32Array(n * k);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const sims = new Float64Array(n);
  const scratch = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let nt = 0;
    for (let q = cols.itemPtr[j]; q < cols.itemPtr[j + 1]; q++) {
      const u = cols.users[q], wj = cols.weights[q];
      for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) {
        const i = data.items[p];
        if (i === j) continue;
        if (acc[i] === 0) touched[nt++] = i;
        acc[i] += wj * data.weights[p];
      }
    }
    const dj = Math.pow(diag[j], 1 - alpha);
    for (let t = 0; t < nt; t++) {
      const i = touched[t];
      sims[t] = acc[i] / (Math.pow(diag[i], alpha) * dj + shrink + 1e-12);
    }
    // threshold at the k-th largest (quickselect), then only the survivors are sorted
    const thr = nt > k ? kthLargest(sims, nt, k, scratch) : -Infinity;
    const order: number[] = [];
    for (let t = 0; t < nt; t++) if (sims[t] >= thr) order.push(t);
    order.sort((a, b) => sims[b] - sims[a] || touched[a] - touched[b]);
    const m = Math.min(k, order.length);
    for (let r = 0; r < m; r++) {
      nbrIdx[j * k + r] = touched[order[r]];
      nbrSim[j * k + r] = sims[order[r]];
    }
    for (let t = 0; t < nt; t++) acc[touched[t]] = 0;
  }
  return { nbrIdx, nbrSim };
}

/**
 * Wraps item-kNN neighbour lists as a TrainedModel.
 * @example const m = itemKnnModel(nbrIdx, nbrSim, 25, 10); m.score(m.foldIn(history), out);
 */
export const itemKnnModel = (nbrIdx: Int32Array, nbrSim: Float32Array, k: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel =>
  neighbourListModel('itemKnn', nbrIdx, nbrSim, k, halfLifeDays, meta);

const knnGrid: ItemKnnParams[] = [];
for (const k of [25, 50, 100]) for (const shrink of [0, 10]) for (const halfLifeDays of [0, 3, 10, 30, 100]) knnGrid.push({ k, shrink, alpha: 0.5, halfLifeDays });

export const itemKnnSpec: ModelSpec<ItemKnnParams> = {
  name: 'itemKnn',
  defaults: { k: 50, shrink: 0, alpha: 0.5, halfLifeDays: 30 },
  grid: knnGrid,
  foldInKeys: ['halfLifeDays'],
  async train(data, params, onProgress) {
    const k = Math.max(1, Math.round(num(params, 'k', 50)));
    const { nbrIdx, nbrSim } = knnNeighbours(data, k, num(params, 'shrink', 0), num(params, 'alpha', 0.5));
    onProgress?.(1);
    return itemKnnModel(nbrIdx, nbrSim, k, num(params, 'halfLifeDays', 30), { shrink: params.shrink, alpha: params.alpha });
  },
  fromWeights(w) {
    const k = Number(w.meta.k);
    return itemKnnModel(w.arrays.nbrIdx as Int32Array, w.arrays.nbrSim as Float32Array, k, Number(w.meta.halfLifeDays ?? 0), w.meta);
  },
};
