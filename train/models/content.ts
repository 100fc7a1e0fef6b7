// Content-based model over catalog attributes: TF-IDF item vectors (category, brand, tags, name words, price band);
// a visitor's profile is the recency-weighted sum of the vectors of what they touched. Works for cold items and visitors.
import { DAY_S, decayedWeights, mergeItems } from '../../scoring/models/decay.ts';
import { num } from '../../scoring/models/csr.ts';
import type { FoldedVisitor, ModelSpec, ModelWeights, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

/** Catalog attributes of one item (index = item index). */
export interface ItemAttributes { category?: string; brand?: string; name?: string; tags?: string[]; price?: number }

export interface ContentParams extends Record<string, unknown> {
  /** Attributes per item index; required (the interaction splits have none, so eval skips this model). */
  items?: ItemAttributes[];
  halfLifeDays: number;
}

/**
 * The feature tokens of an item: category, brand, tags, lower-cased name words and a log-price band.
 * @example
 * itemTokens({ category: 'Mugs', name: 'Red heart mug', price: 7 }) // ['c:mugs', 'w:red', 'w:heart', 'w:mug', 'p:3']
 */
export function itemTokens(a: ItemAttributes): string[] {
  const t: string[] = [];
  if (a.category) t.push(`c:${a.category.toLowerCase()}`);
  if (a.brand) t.push(`b:${a.brand.toLowerCase()}`);
  for (const tag of a.tags ?? []) t.push(`t:${tag.toLowerCase()}`);
  for (const w of (a.name ?? '').toLowerCase().split(/[^\p{L}\p{N}]+/u)) if (w.length > 1) t.push(`w:${w}`);
  if (typeof a.price === 'number' && a.price > 0) t.push(`p:${Math.round(Math.log2(a.price))}`);
  return [...new Set(t)];
}

/**
 * L2-normalized TF-IDF vectors in CSR form (item -> token ids and values).
 * @example
 * const { ptr, tok, val } = tfidfVectors(items);
 */
export function tfidfVectors(items: ItemAttributes[]): { ptr: Int32Array; tok: Int32Array; val: Float32Array; nTokens: number } {
  const vocab = new Map<string, number>();
  const toks = items.map((a) => itemTokens(a).map((s) => {
    let id = vocab.get(s);
    if (id === undefined) vocab.set(s, (id = vocab.size));
    return id;
  }));
  const df = new Float64Array(vocab.size);
  for (const ts of toks) for (const t of ts) df[t]++;
  const ptr = new Int32Array(items.length + 1);
  toks.forEach((ts, i) => { ptr[i + 1] = ptr[i] + ts.length; });
  const tok = new Int32Array(ptr[items.length]);
  const val = new Float32Array(ptr[items.length]);
  toks.forEach((ts, i) => {
    let norm = 0;
    ts.forEach((t, k) => {
      const w = Math.log(1 + items.length / df[t]);
      tok[ptr[i] + k] = t;
      val[ptr[i] + k] = w;
      norm += w * w;
    });
    norm = Math.sqrt(norm) || 1;
    for (let p = ptr[i]; p < ptr[i + 1]; p++) val[p] /= norm;
  });
  return { ptr, tok, val, nTokens: vocab.size };
}

/**
 * Wraps item vectors as a TrainedModel: score_j = profile . v_j.
 * @example
 * const m = contentModel(ptr, tok, val, nTokens, 30);
 */
export function contentModel(ptr: Int32Array, tok: Int32Array, val: Float32Array, nTokens: number, halfLifeDays: number): TrainedModel {
  const n = ptr.length - 1;
  const profileOf = (items: Int32Array, weights: Float32Array): Float32Array => {
    const prof = new Float32Array(nTokens);
    for (let t = 0; t < items.length; t++) for (let p = ptr[items[t]]; p < ptr[items[t] + 1]; p++) prof[tok[p]] += weights[t] * val[p];
    return prof;
  };
  const scoreAll = (prof: Float32Array, out: Float32Array): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let p = ptr[i]; p < ptr[i + 1]; p++) s += prof[tok[p]] * val[p];
      out[i] = s;
    }
  };
  const build = (h: number): TrainedModel => ({
    name: 'content',
    nItems: n,
    foldIn(history: VisitorHistory): FoldedVisitor {
      const m = mergeItems(history.items, decayedWeights(history, h * DAY_S), n);
      return { ...m, vector: profileOf(m.items, m.weights) };
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      scoreAll(visitor.vector ?? profileOf(visitor.items, visitor.weights), out);
    },
    neighbours(item: number, k: number) {
      const out = new Float32Array(n);
      scoreAll(profileOf(Int32Array.of(item), Float32Array.of(1)), out);
      out[item] = -Infinity;
      const order = Array.from({ length: n }, (_, i) => i).filter((i) => out[i] > 0).sort((a, b) => out[b] - out[a] || a - b).slice(0, k);
      return { items: Int32Array.from(order), scores: Float32Array.from(order, (i) => out[i]) };
    },
    toWeights(): ModelWeights {
      return { meta: { model: 'content', nItems: n, nTokens, halfLifeDays: h }, arrays: { ptr, tok, val } };
    },
    withFoldIn(p: Record<string, unknown>): TrainedModel {
      return build(num(p, 'halfLifeDays', h));
    },
  });
  return build(halfLifeDays);
}

/**
 * Trains the content model straight from catalog attributes (index = item index).
 * @example
 * const m = trainContent([{ category: 'mugs' }, { category: 'mugs' }, { category: 'socks' }]);
 */
export function trainContent(items: ItemAttributes[], halfLifeDays = 30): TrainedModel {
  const v = tfidfVectors(items);
  return contentModel(v.ptr, v.tok, v.val, v.nTokens, halfLifeDays);
}

export const contentSpec: ModelSpec<ContentParams> = {
  name: 'content',
  defaults: { halfLifeDays: 30 },
  grid: [],
  foldInKeys: ['halfLifeDays'],
  async train(data, params) {
    // without attributes every item is an empty vector: scores are all 0 and ranking falls back to index order
    const items = params.items ?? [];
    const padded = Array.from({ length: data.nItems }, (_, i) => items[i] ?? {});
    return trainContent(padded, num(params, 'halfLifeDays', 30));
  },
  fromWeights(w) {
    return contentModel(w.arrays.ptr as Int32Array, w.arrays.tok as Int32Array, w.arrays.val as Float32Array, Number(w.meta.nTokens), Number(w.meta.halfLifeDays ?? 0));
  },
};
