// RP3beta (Paudel et al. 2017; as tuned by Dacrema et al. 2019): a 3-step random walk item -> user -> item, with the
// transition probabilities raised to alpha and the landing item's popularity divided out as pop^beta.
import { num, transpose } from '../../scoring/models/csr.ts';
import { itemRowsFromWeights, itemRowsModel } from '../../scoring/models/itemRows.ts';
import { kthLargest } from './select.ts';
import type { Interactions, ModelSpec } from '../../scoring/models/types.ts';

export interface Rp3betaParams extends Record<string, unknown> {
  /** Targets kept per source item. */
  k: number;
  /** Exponent on the transition probabilities (1 = plain random walk; below 1 flattens heavy users/items). */
  alpha: number;
  /** Popularity penalty: walk probability of landing on j divided by deg(j)^beta. */
  beta: number;
  /** Fold-in recency half-life in days (0 = all history counts the same). */
  halfLifeDays: number;
}

/**
 * For every source item i, the k targets j with the largest W_ij = sum_u P(i->u)^alpha P(u->j)^alpha / deg(j)^beta.
 * @example
 * const { nbrIdx, nbrSim } = rp3betaRows(data, 100, 0.75, 0.3);
 */
export function rp3betaRows(data: Interactions, k: number, alpha: number, beta: number): { nbrIdx: Int32Array; nbrSim: Float32Array } {
  const n = data.nItems;
  const cols = transpose(data);
  const degU = new Float64Array(data.nUsers), degI = new Float64Array(n);
  for (let u = 0; u < data.nUsers; u++) for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) { degU[u] += data.weights[p]; degI[data.items[p]] += data.weights[p]; }
  // P(u -> j)^alpha per user-row entry, P(i -> u)^alpha per item-column entry
  const stepUJ = new Float64Array(data.items.length);
  for (let u = 0; u < data.nUsers; u++) for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) stepUJ[p] = Math.pow(data.weights[p] / degU[u], alpha);
  const stepIU = new Float64Array(cols.users.length);
  for (let i = 0; i < n; i++) for (let q = cols.itemPtr[i]; q < cols.itemPtr[i + 1]; q++) stepIU[q] = Math.pow(cols.weights[q] / degI[i], alpha);
  const pen = Float64Array.from(degI, (d) => (d > 0 ? Math.pow(d, -beta) : 0));
  const kk = Math.max(1, Math.min(k, Math.max(1, n - 1)));
  const nbrIdx = new Int32Array(n * kk), nbrSim = new Float32Array(n * kk);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const vals = new Float64Array(n), scratch = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // only the items the walk reaches: a row costs its co-occurrences, not the catalogue
    let nt = 0;
    for (let q = cols.itemPtr[i]; q < cols.itemPtr[i + 1]; q++) {
      const u = cols.users[q], a = stepIU[q];
      for (let p = data.userPtr[u]; p < data.userPtr[u + 1]; p++) {
        const j = data.items[p];
        if (acc[j] === 0) touched[nt++] = j;
        acc[j] += a * stepUJ[p];
      }
    }
    let m = 0;
    for (let t = 0; t < nt; t++) { const j = touched[t]; if (j !== i && acc[j] > 0) { touched[m] = j; vals[m] = acc[j] * pen[j]; m++; } acc[j] = 0; }
    const thr = m > kk ? kthLargest(vals, m, kk, scratch) : -Infinity;
    const order: number[] = [];
    for (let t = 0; t < m; t++) if (vals[t] >= thr) order.push(t);
    // best first, ties to the lower index; rows of rarely co-bought items stay short (-1 padded)
    order.sort((a, b) => vals[b] - vals[a] || touched[a] - touched[b]);
    const len = Math.min(kk, order.length);
    for (let r = 0; r < kk; r++) {
      nbrIdx[i * kk + r] = r < len ? touched[order[r]] : -1;
      nbrSim[i * kk + r] = r < len ? vals[order[r]] : 0;
    }
  }
  return { nbrIdx, nbrSim };
}

const rp3Grid: Rp3betaParams[] = [];
for (const alpha of [0.25, 0.5, 0.75]) for (const beta of [0.4, 0.6, 0.8]) for (const halfLifeDays of [0, 10, 30]) rp3Grid.push({ k: 100, alpha, beta, halfLifeDays });

export const rp3betaSpec: ModelSpec<Rp3betaParams> = {
  name: 'rp3beta',
  defaults: { k: 100, alpha: 0.5, beta: 0.6, halfLifeDays: 10 },
  grid: rp3Grid,
  foldInKeys: ['halfLifeDays'],
  async train(data, params, onProgress) {
    const k = Math.max(1, Math.round(num(params, 'k', 100)));
    const alpha = num(params, 'alpha', 1), beta = num(params, 'beta', 0.3);
    const { nbrIdx, nbrSim } = rp3betaRows(data, k, alpha, beta);
    onProgress?.(1);
    return itemRowsModel('rp3beta', nbrIdx, nbrSim, nbrIdx.length / data.nItems, num(params, 'halfLifeDays', 10), { alpha, beta });
  },
  fromWeights(w) {
    return itemRowsFromWeights('rp3beta', w);
  },
};
