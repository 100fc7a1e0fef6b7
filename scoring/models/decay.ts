// Recency weighting shared by every model's fold-in: recent touches count more.
import type { VisitorHistory } from './types.ts';

/**
 * The history's weights multiplied by 0.5^((now - ts) / halfLifeS); halfLifeS <= 0 or not finite means no decay.
 * @example
 * decayedWeights({ items, weights, ts, now }, 7 * 86400) // a week-old touch counts half
 */
export function decayedWeights(history: VisitorHistory, halfLifeS: number): Float32Array {
  const n = history.items.length;
  const out = new Float32Array(n);
  const decay = halfLifeS > 0 && Number.isFinite(halfLifeS);
  for (let i = 0; i < n; i++) {
    const w = history.weights[i];
    if (!decay) { out[i] = w; continue; }
    const age = Math.max(0, history.now - history.ts[i]);
    out[i] = w * Math.pow(0.5, age / halfLifeS);
  }
  return out;
}

/**
 * Merges repeated items of a history (weights add up), dropping items outside [0, nItems).
 * @example
 * mergeItems(Int32Array.of(3, 3, 9), Float32Array.of(1, 2, 1), 5) // { items: [3], weights: [3] }
 */
export function mergeItems(items: Int32Array, weights: Float32Array, nItems: number): { items: Int32Array; weights: Float32Array } {
  const acc = new Map<number, number>();
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (it < 0 || it >= nItems || !(weights[i] > 0)) continue;
    acc.set(it, (acc.get(it) ?? 0) + weights[i]);
  }
  const outI = new Int32Array(acc.size);
  const outW = new Float32Array(acc.size);
  let k = 0;
  for (const [it, w] of acc) { outI[k] = it; outW[k] = w; k++; }
  return { items: outI, weights: outW };
}

/** Seconds in a day, for half-life params given in days. */
export const DAY_S = 86400;
