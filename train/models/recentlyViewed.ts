// Recently viewed: the visitor's own items, newest first. No training; the "model" is the history itself.
import type { FoldedVisitor, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

/**
 * The visitor's distinct items ordered by their latest touch, newest first (ties: the later entry wins).
 * @example
 * recentItems({ items: Int32Array.of(4, 2, 4), weights, ts: Float64Array.of(10, 20, 30), now: 40 }) // [4, 2]
 */
export function recentItems(history: VisitorHistory): Int32Array {
  const last = new Map<number, number>();
  for (let t = 0; t < history.items.length; t++) {
    const i = history.items[t], ts = history.ts[t];
    const prev = last.get(i);
    if (prev === undefined || ts >= prev) last.set(i, ts);
  }
  const order = [...last.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  return Int32Array.from(order, (e) => e[0]);
}

/**
 * A TrainedModel over `nItems` that scores the visitor's own items by recency (1 for the newest, then 1/2, 1/3 ...),
 * and every other item -Infinity, so it can sit in the same ranking pipeline as the crowd models.
 * @example
 * const m = recentlyViewedModel(100); m.score(m.foldIn(history), out);
 */
export function recentlyViewedModel(nItems: number): TrainedModel {
  return {
    name: 'recentlyViewed',
    nItems,
    foldIn(history: VisitorHistory): FoldedVisitor {
      const items = recentItems(history).filter((i) => i >= 0 && i < nItems);
      return { items, weights: Float32Array.from(items, (_, r) => 1 / (r + 1)) };
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      out.fill(-Infinity);
      for (let t = 0; t < visitor.items.length; t++) out[visitor.items[t]] = visitor.weights[t];
    },
    toWeights(): ModelWeights {
      return { meta: { model: 'recentlyViewed', nItems }, arrays: {} };
    },
  };
}
