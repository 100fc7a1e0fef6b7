// The for-you row, defined once. The builder tunes its settings on a validation split with rankForYou, `npm run eval`
// measures it through the device's recommend(), and the device serves it with forYouScores: one ranking, three callers.
//
//   normalization  every item-to-item model is divided by its own scale (the mean of its rows' largest scores)
//   weights        chosen by the builder on each user's last 10% of interactions, from the families in FOR_YOU_FAMILIES;
//                  co-visitation gets none (that split cuts orders in two and flatters it, see VALIDATION_BIASED)
//   combination    the weighted rows are summed into one row per source item and kept to its k best targets, so the
//                  site model ships one list per item and a visitor costs a lookup per item they touched
//   fold-in        score_j = sum over the visitor's maxHistory most recent items i of w_i 0.5^(age_i / halfLife) S[i -> j]
//   exclusions     everything the visitor touched: bought, viewed, in the cart (buy-again and recently-viewed show those)
//   diversity      at most MAX_CATEGORY_SHARE of a row from one category (where categories are known) while others can fill it
//   fallbacks      content similarity to the visitor's items, then the crowd's popular list, then the catalog
import type { RowSource } from './sparseRows.ts';

/** The for-you settings a site model carries (manifest.json `forYou`). */
export interface ForYouSettings {
  /** Fold-in recency half-life in days; 0 = every item the visitor touched counts the same. */
  halfLifeDays: number;
  /** Only the visitor's most recent items count (also bounds how many shards a long history fetches). */
  maxHistory: number;
  /** Targets kept per item row. */
  k: number;
  /** Weight of each model family in the combined rows (they sum to 1), as the builder chose them. */
  weights: Record<string, number>;
  /** Each family's scale (the mean of its rows' largest scores), the normalization the weights apply after. */
  scales: Record<string, number>;
}

/** Families the builder may combine into the for-you rows, and their weights when it does not tune (--no-holdout). */
export const FOR_YOU_FAMILIES: Readonly<Record<string, number>> = { itemKnn: 0.2, rp3beta: 0.4, ease: 0.4 };

/** Families whose validation score overstates test on the per-user time split: they get no for-you weight from it. */
export const VALIDATION_BIASED: ReadonlySet<string> = new Set(['coVisitation']);

export const FOR_YOU_DEFAULTS: ForYouSettings = { halfLifeDays: 30, maxHistory: 500, k: 100, weights: { ...FOR_YOU_FAMILIES }, scales: {} };

/** Half-lives (days) the builder tries. */
export const HALF_LIFE_GRID: readonly number[] = [10, 30, 100, 0];

/** A row holds at most this share of items of one category (when categories are known). */
export const MAX_CATEGORY_SHARE = 0.7;

/** A visitor's items over site-model indices: weights are event weights (views 1, orders 8 ...), ts unix seconds. */
export interface ForYouHistory {
  items: ArrayLike<number>;
  weights: ArrayLike<number>;
  ts: ArrayLike<number>;
  /** Unix seconds to decay against. */
  now: number;
}

/**
 * The history entries that count, most recent first (ties: the lower item index first).
 * @example
 * recentHistory(h, 100) // indices into h.items
 */
export function recentHistory(h: ForYouHistory, maxHistory: number): number[] {
  const order = Array.from({ length: h.items.length }, (_, e) => e).filter((e) => h.weights[e] > 0);
  order.sort((a, b) => h.ts[b] - h.ts[a] || h.items[a] - h.items[b]);
  return order.length > maxHistory ? order.slice(0, maxHistory) : order;
}

/**
 * Writes the site's for-you score of every item into `out` (length = the model's item count) and returns how many
 * history items had a row. Items the rows do not reach score 0.
 * @example
 * const out = new Float32Array(nItems); forYouScores(rowsSource(rows), history, model.forYou, out);
 */
export function forYouScores(rows: RowSource, h: ForYouHistory, s: Pick<ForYouSettings, 'halfLifeDays' | 'maxHistory'>, out: Float32Array): number {
  out.fill(0);
  const hl = s.halfLifeDays > 0 ? s.halfLifeDays * 86400 : 0;
  let used = 0;
  for (const e of recentHistory(h, s.maxHistory)) {
    const row = rows(h.items[e]);
    if (!row) continue;
    used++;
    const w = hl ? h.weights[e] * Math.pow(0.5, Math.max(0, h.now - h.ts[e]) / hl) : h.weights[e];
    const { items, scores } = row;
    for (let r = 0; r < items.length; r++) out[items[r]] += w * scores[r];
  }
  return used;
}

/**
 * The largest number of items of one category a row of `limit` may hold.
 * @example categoryCap(6) // 5
 */
export const categoryCap = (limit: number): number => Math.max(1, Math.ceil(limit * MAX_CATEGORY_SHARE));

/**
 * The for-you row as the builder and eval rank it, with the device's rules: scores from forYouScores, the visitor's
 * items excluded, ties to the lower index, at most categoryCap items per known category, then the popular list.
 * (The device's content fallback needs catalog text, which a log does not have.)
 * @example
 * rankForYou(rowsSource(rows), popularTop, history, settings, 10, new Set(history.items))
 */
export function rankForYou(
  rows: RowSource,
  popular: ArrayLike<number>,
  h: ForYouHistory,
  s: ForYouSettings,
  limit: number,
  exclude: ReadonlySet<number>,
  scratch: Float32Array,
  categoryOf?: (item: number) => string | undefined,
): Int32Array {
  forYouScores(rows, h, s, scratch);
  // an excluded item is skipped wherever it ranks, so it may as well not score
  for (const i of exclude) if (i >= 0 && i < scratch.length) scratch[i] = 0;
  const out: number[] = [];
  const taken = new Set<number>();
  const perCategory = new Map<string, number>();
  const deferred: number[] = [];
  const cap = categoryCap(limit);
  const take = (i: number): void => {
    if (out.length >= limit || taken.has(i) || exclude.has(i)) return;
    taken.add(i);
    const c = categoryOf?.(i);
    if (c !== undefined) {
      const k = perCategory.get(c) ?? 0;
      // over its category's share: kept back, in case nothing else can fill the row
      if (k >= cap) { deferred.push(i); return; }
      perCategory.set(c, k + 1);
    }
    out.push(i);
  };
  for (const i of topPositive(scratch, categoryOf ? 4 * limit : limit)) take(i);
  if (out.length < limit && categoryOf) for (const i of topPositive(scratch, scratch.length)) take(i);
  for (let r = 0; r < popular.length && out.length < limit; r++) take(popular[r]);
  for (const i of deferred) if (out.length < limit) out.push(i);
  return Int32Array.from(out);
}

/**
 * Indices of up to `k` positive scores, best first, ties to the lower index (the order the device's bestFirst yields).
 * @example topPositive(Float32Array.of(0, 3, 1, 3), 2) // [1, 3]
 */
export function topPositive(scores: Float32Array, k: number): number[] {
  if (k >= 64) {
    const idx: number[] = [];
    for (let i = 0; i < scores.length; i++) if (scores[i] > 0) idx.push(i);
    idx.sort((a, b) => scores[b] - scores[a] || a - b);
    return idx.length > k ? idx.slice(0, k) : idx;
  }
  // a short sorted list: most scores are 0 or below its last entry, so this is one pass over the array
  const idx = new Int32Array(k), val = new Float32Array(k);
  let len = 0;
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i];
    if (!(v > 0) || (len === k && !(v > val[k - 1]))) continue;
    let p = len < k ? len++ : k - 1;
    // strict '>' keeps the lower index ahead on ties, since i ascends
    while (p > 0 && v > val[p - 1]) { val[p] = val[p - 1]; idx[p] = idx[p - 1]; p--; }
    val[p] = v;
    idx[p] = i;
  }
  return Array.from(idx.subarray(0, len));
}
