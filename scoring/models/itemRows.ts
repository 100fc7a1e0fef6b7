// Item-item models stored as fixed-width rows per SOURCE item (score_j = sum_i w_i * S[i -> j]): shared by EASE and RP3beta.
import { DAY_S, decayedWeights, mergeItems } from './decay.ts';
import { num } from './csr.ts';
import type { FoldedVisitor, ModelWeights, TrainedModel, VisitorHistory } from './types.ts';

/**
 * Keeps the k largest finite values of one dense row (the diagonal `self` excluded) as (idx, val), best first, ties to
 * the lower index, -1 padded; `idx`/`val` are written from `at`.
 * @example
 * topRow(Float32Array.of(0, 3, 1), 0, 2, idx, val, 0) // idx [1, 2], val [3, 1]
 */
export function topRow(row: ArrayLike<number>, self: number, k: number, idx: Int32Array, val: Float32Array, at: number): void {
  const n = row.length;
  let len = 0;
  for (let j = 0; j < n; j++) {
    if (j === self) continue;
    const s = row[j];
    if (!Number.isFinite(s)) continue;
    if (len === k && !(s > val[at + k - 1])) continue;
    let pos = len < k ? len++ : k - 1;
    // strict '>' keeps the lower index ahead on ties, because j ascends
    while (pos > 0 && s > val[at + pos - 1]) {
      val[at + pos] = val[at + pos - 1];
      idx[at + pos] = idx[at + pos - 1];
      pos--;
    }
    val[at + pos] = s;
    idx[at + pos] = j;
  }
  for (let r = len; r < k; r++) { idx[at + r] = -1; val[at + r] = 0; }
}

/**
 * Wraps per-source neighbour rows (row i = the k targets j with the largest S[i -> j], -1 padded) as a TrainedModel.
 * @example
 * const m = itemRowsModel('rp3beta', nbrIdx, nbrSim, 100, 10); m.score(m.foldIn(history), out);
 */
export function itemRowsModel(name: string, nbrIdx: Int32Array, nbrSim: Float32Array, k: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel {
  const n = nbrIdx.length / k;
  const build = (h: number): TrainedModel => ({
    name,
    nItems: n,
    foldIn(history: VisitorHistory): FoldedVisitor {
      return mergeItems(history.items, decayedWeights(history, h * DAY_S), n);
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      out.fill(0);
      for (let t = 0; t < visitor.items.length; t++) {
        const i = visitor.items[t], w = visitor.weights[t];
        if (i < 0 || i >= n) continue;
        for (let r = i * k, end = r + k; r < end; r++) {
          const j = nbrIdx[r];
          if (j < 0) break;
          out[j] += w * nbrSim[r];
        }
      }
    },
    neighbours(item: number, want: number) {
      const m = Math.min(want, k);
      let len = 0;
      while (len < m && nbrIdx[item * k + len] >= 0 && nbrSim[item * k + len] > 0) len++;
      return { items: nbrIdx.slice(item * k, item * k + len), scores: nbrSim.slice(item * k, item * k + len) };
    },
    toWeights(): ModelWeights {
      return { meta: { ...meta, model: name, nItems: n, k, halfLifeDays: h }, arrays: { nbrIdx, nbrSim } };
    },
    withFoldIn(p: Record<string, unknown>): TrainedModel {
      return build(num(p, 'halfLifeDays', h));
    },
  });
  return build(halfLifeDays);
}

/**
 * Revives `itemRowsModel` weights, or throws a `[clientele]` message naming what is wrong (the site-model parser catches it).
 * @example
 * itemRowsFromWeights('ease', w)
 */
export function itemRowsFromWeights(name: string, w: ModelWeights): TrainedModel {
  const k = Number(w.meta.k);
  const idx = w.arrays.nbrIdx, sim = w.arrays.nbrSim;
  if (!(k >= 1) || !(idx instanceof Int32Array) || !(sim instanceof Float32Array) || idx.length !== sim.length || idx.length % k !== 0) {
    throw new Error(`[clientele] ${name} weights must hold nbrIdx (Int32Array) and nbrSim (Float32Array) of equal length, a multiple of k=${String(w.meta.k)}; rebuild the site model`);
  }
  return itemRowsModel(name, idx, sim, k, Number(w.meta.halfLifeDays ?? 0), w.meta);
}
