// Time-decayed popularity: what the crowd touched, recent touches counting more. Same list for everyone.
import { DAY_S } from '../../scoring/models/decay.ts';
import { num } from '../../scoring/models/csr.ts';
import type { FoldedVisitor, Interactions, ModelSpec, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

export interface PopularityParams extends Record<string, unknown> {
  /** Half-life of an interaction's contribution in days, relative to the newest interaction; 0 = plain counts. */
  halfLifeDays: number;
}

/**
 * Wraps a per-item popularity vector as a TrainedModel.
 * @example
 * popularityModel(Float32Array.of(3, 1, 2)).score(v, out) // out = [3, 1, 2]
 */
export function popularityModel(pop: Float32Array, meta: Record<string, unknown> = {}): TrainedModel {
  return {
    name: 'popularity',
    nItems: pop.length,
    foldIn(history: VisitorHistory): FoldedVisitor {
      return { items: history.items, weights: history.weights };
    },
    score(_visitor: FoldedVisitor, out: Float32Array): void {
      out.set(pop);
    },
    toWeights(): ModelWeights {
      return { meta: { ...meta, model: 'popularity', nItems: pop.length }, arrays: { pop } };
    },
  };
}

/**
 * Sums each item's interaction weights, decayed by age relative to the newest interaction.
 * @example
 * decayedPopularity(data, 7) // Float32Array of length data.nItems
 */
export function decayedPopularity(data: Interactions, halfLifeDays: number): Float32Array {
  let tMax = -Infinity;
  for (let p = 0; p < data.ts.length; p++) if (data.ts[p] > tMax) tMax = data.ts[p];
  const h = halfLifeDays * DAY_S;
  const pop = new Float64Array(data.nItems);
  for (let p = 0; p < data.items.length; p++) {
    const d = h > 0 ? Math.pow(0.5, (tMax - data.ts[p]) / h) : 1;
    pop[data.items[p]] += data.weights[p] * d;
  }
  return Float32Array.from(pop);
}

export const popularitySpec: ModelSpec<PopularityParams> = {
  name: 'popularity',
  defaults: { halfLifeDays: 30 },
  grid: [{ halfLifeDays: 0 }, { halfLifeDays: 7 }, { halfLifeDays: 30 }, { halfLifeDays: 120 }],
  async train(data, params) {
    const h = num(params, 'halfLifeDays', 30);
    return popularityModel(decayedPopularity(data, h), { halfLifeDays: h });
  },
  fromWeights(w) {
    return popularityModel(w.arrays.pop as Float32Array, w.meta);
  },
};
