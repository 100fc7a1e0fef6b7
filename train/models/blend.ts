// A weighted blend of trained models: each part's scores are standardized per visitor, then summed with weights.
import type { FoldedVisitor, ModelSpec, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

/** One blended part: a trained model and its weight. */
export interface BlendPart { model: TrainedModel; weight: number }

export interface BlendParams extends Record<string, unknown> {
  /** Parts by model family name, their train params and blend weight. */
  parts: Array<{ name: string; params: Record<string, unknown>; weight: number }>;
}

/**
 * Standardizes finite scores in place to mean 0 / std 1 (so parts on different scales mix); -Infinity stays.
 * @example
 * const s = Float32Array.of(1, 2, 3); standardize(s); // [-1.22, 0, 1.22]
 */
export function standardize(s: Float32Array): void {
  let n = 0, sum = 0, sq = 0;
  for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) { n++; sum += s[i]; sq += s[i] * s[i]; }
  if (!n) return;
  const mean = sum / n;
  const sd = Math.sqrt(Math.max(0, sq / n - mean * mean)) || 1;
  for (let i = 0; i < s.length; i++) if (Number.isFinite(s[i])) s[i] = (s[i] - mean) / sd;
}

/**
 * Blends trained models over the same item index.
 * @example
 * const m = blendModels([{ model: knn, weight: 1 }, { model: ials, weight: 0.5 }]);
 */
export function blendModels(parts: BlendPart[]): TrainedModel {
  const nItems = parts[0]?.model.nItems ?? 0;
  const live = parts.filter((p) => p.weight !== 0);
  const buf = new Float32Array(nItems);
  // each part folds in on its own; the blended FoldedVisitor carries them in order
  const folded = new WeakMap<FoldedVisitor, FoldedVisitor[]>();
  return {
    name: 'blend',
    nItems,
    foldIn(history: VisitorHistory): FoldedVisitor {
      const subs = live.map((p) => p.model.foldIn(history));
      const v: FoldedVisitor = { items: subs[0]?.items ?? new Int32Array(0), weights: subs[0]?.weights ?? new Float32Array(0) };
      folded.set(v, subs);
      return v;
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      const subs = folded.get(visitor) ?? live.map((p) => p.model.foldIn({ items: visitor.items, weights: visitor.weights, ts: new Float64Array(visitor.items.length), now: 0 }));
      out.fill(0);
      live.forEach((p, k) => {
        p.model.score(subs[k], buf);
        standardize(buf);
        for (let i = 0; i < nItems; i++) out[i] += p.weight * buf[i];
      });
    },
    neighbours: live[0]?.model.neighbours?.bind(live[0].model),
    toWeights(): ModelWeights {
      const arrays: ModelWeights['arrays'] = {};
      const metas = live.map((p, k) => {
        const w = p.model.toWeights();
        for (const [key, a] of Object.entries(w.arrays)) arrays[`${k}.${key}`] = a;
        return { weight: p.weight, meta: w.meta };
      });
      return { meta: { model: 'blend', nItems, parts: metas }, arrays };
    },
  };
}

/**
 * The blend family, resolving its parts through `specs` (the registry passes itself, avoiding an import cycle).
 * @example
 * const blendSpec = makeBlendSpec(MODEL_SPECS);
 */
export function makeBlendSpec(specs: Readonly<Record<string, ModelSpec>>): ModelSpec<BlendParams> {
  return {
    name: 'blend',
    defaults: { parts: [{ name: 'itemKnn', params: {}, weight: 1 }, { name: 'ials', params: {}, weight: 0.5 }] },
    grid: [],
    async train(data, params, onProgress) {
      const parts: BlendPart[] = [];
      for (const [k, p] of params.parts.entries()) {
        const spec = specs[p.name];
        if (!spec) throw new Error(`[clientele] blend part "${p.name}" is not a model; use one of ${Object.keys(specs).join(', ')}`);
        parts.push({ model: await spec.train(data, { ...spec.defaults, ...p.params }), weight: p.weight });
        onProgress?.((k + 1) / params.parts.length);
      }
      return blendModels(parts);
    },
    fromWeights(w) {
      const metas = (w.meta.parts ?? []) as Array<{ weight: number; meta: Record<string, unknown> }>;
      return blendModels(metas.map((m, k) => {
        const arrays: ModelWeights['arrays'] = {};
        for (const [key, a] of Object.entries(w.arrays)) if (key.startsWith(`${k}.`)) arrays[key.slice(String(k).length + 1)] = a;
        return { model: specs[String(m.meta.model)].fromWeights({ meta: m.meta, arrays }), weight: m.weight };
      }));
    },
  };
}
