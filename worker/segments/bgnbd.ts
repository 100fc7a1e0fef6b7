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

/** ln Gamma(x) for x > 0 (Lanczos, g = 7): good to ~1e-13, plenty for a likelihood. */
function lgamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const y = x - 1;
  let a = c[0];
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * The BG/NBD log-likelihood of customer summaries under parameters (all must be > 0).
 * @example bgNbdLogLik([0.25, 4, 0.8, 2.5], [{ x: 2, tx: 30, T: 38 }]) // about -9.4
 */
export function bgNbdLogLik(p: ReadonlyArray<number>, data: ReadonlyArray<BgNbdSummary>): number {
  const [r, alpha, a, b] = p;
  const base = lgamma(a + b) - lgamma(b) - lgamma(r) + r * Math.log(alpha);
  let s = 0;
  for (const { x, tx, T } of data) {
    const a1 = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x) + base;
    const a3 = -(r + x) * Math.log(alpha + T);
    const a4 = x > 0 ? Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx) : -Infinity;
    const m = Math.max(a3, a4);
    s += a1 + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
  }
  return s;
}

/** Minimizes f by Nelder-Mead from x0; small, derivative-free, enough for four log-parameters. */
function nelderMead(f: (p: number[]) => number, x0: number[], iters: number): number[] {
  const n = x0.length;
  let S = [x0, ...x0.map((_, i) => x0.map((v, j) => v + (i === j ? 0.5 : 0)))];
  let F = S.map(f);
  for (let it = 0; it < iters; it++) {
    const idx = F.map((_, i) => i).sort((p, q) => F[p] - F[q]);
    S = idx.map((i) => S[i]);
    F = idx.map((i) => F[i]);
    if (F[n] - F[0] < 1e-9 * (1 + Math.abs(F[0]))) break;
    const c = x0.map((_, j) => S.slice(0, n).reduce((s, p) => s + p[j], 0) / n);
    const along = (t: number) => c.map((v, j) => v + t * (S[n][j] - v));
    const xr = along(-1), fr = f(xr);
    if (fr < F[0]) {
      const xe = along(-2), fe = f(xe);
      if (fe < fr) { S[n] = xe; F[n] = fe; } else { S[n] = xr; F[n] = fr; }
    } else if (fr < F[n - 1]) {
      S[n] = xr; F[n] = fr;
    } else {
      const xc = along(0.5), fc = f(xc);
      if (fc < F[n]) { S[n] = xc; F[n] = fc; } else {
        for (let i = 1; i <= n; i++) { S[i] = S[i].map((v, j) => S[0][j] + 0.5 * (v - S[0][j])); F[i] = f(S[i]); }
      }
    }
  }
  return S[F.indexOf(Math.min(...F))];
}

/**
 * Fits BG/NBD parameters by maximum likelihood (Nelder-Mead over log-parameters); null with no customers.
 * @example const p = fitBgNbd([...customers.values()].map((o) => bgNbdSummary(o, now)!));
 */
export function fitBgNbd(data: ReadonlyArray<BgNbdSummary>, iters = 500): BgNbdParams | null {
  if (!data.length) return null;
  const nll = (q: number[]) => {
    // Bounds keep the gamma functions and the a > 1 expectation formula well-defined.
    const p = q.map((v) => Math.exp(Math.max(-8, Math.min(8, v))));
    const v = -bgNbdLogLik(p, data);
    return Number.isFinite(v) ? v : 1e300;
  };
  const best = nelderMead(nll, [0, Math.log(5), 0, 0], iters).map((v) => Math.exp(Math.max(-8, Math.min(8, v))));
  return [best[0], best[1], best[2], best[3]];
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
