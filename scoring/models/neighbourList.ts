// A model stored as each item's top-k neighbour list (item-kNN, co-visitation): scored through
// reverse lists, so a visitor costs in proportion to their own history, not the catalogue.
import type { FoldedVisitor, ModelWeights, TrainedModel, VisitorHistory } from './types.ts';
import { DAY_S, decayedWeights, mergeItems } from './decay.ts';
import { num } from './csr.ts';

/**
 * Wraps neighbour lists (row j = the k items most like j, -1 padded) as a TrainedModel named `name`.
 * @example const m = neighbourListModel('itemKnn', nbrIdx, nbrSim, 25, 10); m.score(m.foldIn(history), out);
 */
export function neighbourListModel(name: string, nbrIdx: Int32Array, nbrSim: Float32Array, k: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel {
  const n = k > 0 ? nbrIdx.length / k : 0;
  // reverse lists (source i -> targets j) make scoring cost proportional to the visitor's history
  const revPtr = new Int32Array(n + 1);
  for (let e = 0; e < nbrIdx.length; e++) if (nbrIdx[e] >= 0) revPtr[nbrIdx[e] + 1]++;
  for (let i = 0; i < n; i++) revPtr[i + 1] += revPtr[i];
  const fill = revPtr.slice(0, n);
  const revJ = new Int32Array(revPtr[n]);
  const revS = new Float32Array(revPtr[n]);
  for (let j = 0; j < n; j++) {
    for (let r = 0; r < k; r++) {
      const i = nbrIdx[j * k + r];
      if (i < 0) break;
      const q = fill[i]++;
      revJ[q] = j;
      revS[q] = nbrSim[j * k + r];
    }
  }
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
        for (let q = revPtr[i]; q < revPtr[i + 1]; q++) out[revJ[q]] += w * revS[q];
      }
    },
    neighbours(item: number, kk: number) {
      const m = Math.min(kk, k);
      let len = 0;
      while (len < m && nbrIdx[item * k + len] >= 0) len++;
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
