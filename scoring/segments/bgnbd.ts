// BG/NBD repeat-buying model (Fader, Hardie & Lee 2005): four site-level parameters fitted to every
// customer's (repeat purchases, time of last purchase, age), then per-customer P(alive) and expected
// purchases ahead, which the propensity model uses as features.
import { DAY_MS } from './orders.ts';
import type { Order } from './types.ts';

/** [r, alpha, a, b]: gamma purchase-rate shape and scale (weeks), beta dropout shape parameters. */
export type BgNbdParams = [number, number, number, number];

/** One customer's summary: x repeat purchase days, tx weeks from first to last, T weeks from first to `at`. */
export interface BgNbdSummary { x: number; tx: number; T: number }

const WEEK_DAYS = 7;

/**
 * Summarizes a customer's orders (sorted) before `at`, counting purchase days (same-day orders are one purchase); null with none.
 * @example bgNbdSummary(orders, Date.now()) // { x: 3, tx: 20.1, T: 31.4 }
 */
export function bgNbdSummary(orders: ReadonlyArray<Order>, at: number): BgNbdSummary | null {
  let first = NaN, last = NaN, lastDay = NaN, x = -1;
  for (const o of orders) {
    if (o.time >= at) break;
    const day = Math.floor(o.time / DAY_MS);
    if (day === lastDay) continue;
    if (x < 0) first = o.time;
    lastDay = day;
    last = o.time;
    x++;
  }
  if (x < 0) return null;
  const wk = WEEK_DAYS * DAY_MS;
  return { x, tx: (last - first) / wk, T: (at - first) / wk };
}



/** Gauss hypergeometric 2F1(a, b; c; z) by its series, for 0 <= z < 1. */
function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1, s = 1;
  for (let k = 0; k < 5000; k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    s += term;
    if (Math.abs(term) < 1e-12 * Math.abs(s)) break;
  }
  return s;
}

/**
 * P(still a customer) and expected purchase days in the next `days`, for one summary under fitted parameters.
 * @example bgNbdPredict([0.25, 4, 0.8, 2.5], { x: 2, tx: 30, T: 38 }, 90) // { pAlive: 0.8, expected: 0.9 }
 */
export function bgNbdPredict(p: ReadonlyArray<number>, s: BgNbdSummary, days: number): { pAlive: number; expected: number } {
  const [r, alpha, a, b] = p;
  const { x, tx, T } = s;
  const t = days / WEEK_DAYS;
  const odds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  const pAlive = 1 / (1 + odds);
  // The closed form needs a > 1; below that, rate times horizon for a live customer is the stand-in.
  const expected = a > 1
    ? (((a + b + x - 1) / (a - 1)) * (1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t)))) / (1 + odds)
    : (pAlive * (r + x) * t) / (alpha + T);
  return { pAlive, expected: Number.isFinite(expected) ? Math.max(0, expected) : 0 };
}
