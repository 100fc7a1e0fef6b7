// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"), the fitting half: maximum likelihood by
// Nelder-Mead over log-parameters. Summaries and predictions are in scoring/segments/bgnbd.ts.
import type { BgNbdParams, BgNbdSummary } from '../../scoring/segments/bgnbd.ts';

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
