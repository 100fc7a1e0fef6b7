// Trains the item-to-item families the for-you protocol combines, brings each to sparse rows, and chooses their
// weights and the fold-in half-life on the validation split with the protocol's own ranking (rankForYou) over the
// rows exactly as the device will decode them (quantized).
import type { Interactions, ModelSpec, TrainedModel } from '../../scoring/models/types.ts';
import { MetricsAccumulator, type RankingMetrics } from '../../scoring/models/metrics.ts';
import { historyOf } from '../../scoring/models/evaluate.ts';
import { HALF_LIFE_GRID, rankForYou, type ForYouSettings } from '../../scoring/protocol/forYou.ts';
import { combineRows, fromSourceLists, fromTargetLists, rowScale, rowsSource, type SparseRows } from '../../scoring/protocol/sparseRows.ts';
import { quantizeRows } from '../../scoring/siteModel/codec.ts';

/**
 * A trained family as sparse rows per source item (what a visitor who touched the item is shown), or null when the
 * family is not item-to-item.
 * @example
 * familyRows('rp3beta', model, 100)
 */
export function familyRows(name: string, model: TrainedModel, k: number): SparseRows | null {
  const w = model.toWeights();
  const kk = Number(w.meta.k);
  const idx = w.arrays.nbrIdx, sim = w.arrays.nbrSim;
  if (!(idx instanceof Int32Array) || !(sim instanceof Float32Array) || !(kk >= 1)) return null;
  // item-kNN keeps, for each TARGET, the sources most like it; RP3beta and EASE keep each SOURCE's best targets
  return name === 'itemKnn' ? fromTargetLists(idx, sim, kk, k) : fromSourceLists(idx, sim, kk);
}

/** Trains `spec` and returns its rows, with how long it took. */
export async function trainFamily(name: string, spec: ModelSpec, data: Interactions, params: Record<string, unknown>, k: number, onProgress?: (f: number) => void): Promise<{ rows: SparseRows | null; ms: number }> {
  const t0 = performance.now();
  const model = await spec.train(data, params, onProgress);
  return { rows: familyRows(name, model, k), ms: performance.now() - t0 };
}

/** The for-you rows for given weights (over families with rows), quantized as the device decodes them. */
export function deployedRows(rows: Record<string, SparseRows>, weights: Record<string, number>, k: number, bits: 8 | 16): { rows: SparseRows; float: SparseRows; scales: Record<string, number> } {
  const names = Object.keys(rows).filter((n) => (weights[n] ?? 0) > 0);
  const scales = Object.fromEntries(names.map((n) => [n, rowScale(rows[n])]));
  const combined = combineRows(names.map((n) => ({ rows: rows[n], weight: weights[n], scale: scales[n] })), k);
  return { rows: quantizeRows(combined, bits).rows, float: combined, scales };
}

/**
 * Metrics@10 of the for-you protocol on held-out items: each user's history from `train`, their own items excluded.
 * @example
 * evaluateForYou(rows, popular, inner, valid, settings).ndcg
 */
export function evaluateForYou(rows: SparseRows, popular: ArrayLike<number>, train: Interactions, held: Map<number, Set<number>>, settings: ForYouSettings, k = 10): RankingMetrics {
  const acc = new MetricsAccumulator(train.nItems, k);
  const scratch = new Float32Array(train.nItems);
  const source = rowsSource(rows);
  for (const u of [...held.keys()].sort((a, b) => a - b)) {
    const h = historyOf(train, u);
    const top = rankForYou(source, popular, h, settings, k, new Set(h.items), scratch);
    acc.add(top, held.get(u)!);
  }
  return acc.result();
}

export interface TunedForYou {
  weights: Record<string, number>;
  halfLifeDays: number;
  metrics: RankingMetrics;
  single: Record<string, RankingMetrics>;
  tries: number;
}

/**
 * Coordinate ascent on validation NDCG@10: start from the best single family at weight 1, give each other family the
 * weight from a small grid that raises NDCG most (two rounds), then the half-life. A move must beat the current best
 * by 1e-4, so noise-level gains add no parts.
 * @example
 * const t = tuneForYou(innerRows, popular, inner, valid, { ...FOR_YOU_DEFAULTS });
 */
export function tuneForYou(rows: Record<string, SparseRows>, popular: ArrayLike<number>, inner: Interactions, valid: Map<number, Set<number>>, base: ForYouSettings, bits: 8 | 16, onStep?: (what: string) => void): TunedForYou {
  const names = Object.keys(rows);
  let tries = 0;
  const score = (weights: Record<string, number>, halfLifeDays: number): RankingMetrics => {
    tries++;
    const d = deployedRows(rows, weights, base.k, bits);
    return evaluateForYou(d.rows, popular, inner, valid, { ...base, halfLifeDays });
  };
  const single: Record<string, RankingMetrics> = {};
  for (const n of names) {
    single[n] = score({ [n]: 1 }, base.halfLifeDays);
    onStep?.(`for-you: ${n} alone`);
  }
  const order = names.slice().sort((a, b) => single[b].ndcg - single[a].ndcg);
  const w: Record<string, number> = Object.fromEntries(names.map((n) => [n, n === order[0] ? 1 : 0]));
  let hl = base.halfLifeDays;
  let best = single[order[0]];
  for (let round = 0; round < 2; round++) {
    let moved = false;
    for (const n of order.slice(1)) {
      for (const cand of [0.25, 0.5, 1, 2]) {
        if (cand === w[n]) continue;
        const r = score({ ...w, [n]: cand }, hl);
        if (r.ndcg > best.ndcg + 1e-4) { best = r; w[n] = cand; moved = true; }
      }
      onStep?.(`for-you: weight of ${n}`);
    }
    if (!moved) break;
  }
  for (const h of HALF_LIFE_GRID) {
    if (h === hl) continue;
    const r = score(w, h);
    if (r.ndcg > best.ndcg + 1e-4) { best = r; hl = h; }
  }
  onStep?.('for-you: half-life');
  const total = Object.values(w).reduce((s, x) => s + x, 0) || 1;
  const weights = Object.fromEntries(Object.entries(w).filter(([, x]) => x > 0).map(([n, x]) => [n, Math.round((x / total) * 1000) / 1000]));
  return { weights, halfLifeDays: hl, metrics: best, single, tries };
}
