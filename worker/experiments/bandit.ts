// Thompson sampling over a slot's variants (Thompson 1933; Chapelle & Li 2011, "An Empirical Evaluation of Thompson
// Sampling"): each variant's click-through rate has a Beta(alpha, beta) posterior, built from the priors the report
// writes (priors.json, carried by the site model) plus this device's own impressions and clicks. A draw per session
// keeps the choice steady while the visitor browses. The Beta draw is two Gamma draws (Marsaglia & Tsang 2000,
// "A simple method for generating gamma variables"), seeded, in a few lines: the worker's size budget has no room
// for a statistics library.
import { unitOf } from './hash.ts';

/** Beta parameters per variant id. */
export type BetaPriors = Record<string, { alpha: number; beta: number }>;

/** A seeded uniform stream in (0, 1). */
function stream(seed: string): () => number {
  let n = 0;
  return () => Math.min(1 - 1e-12, Math.max(1e-12, unitOf(`${seed}#${n++}`)));
}

function normal(u: () => number): number {
  return Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u());
}

function gamma(shape: number, u: () => number): number {
  if (shape < 1) return gamma(shape + 1, u) * Math.pow(u(), 1 / shape);
  const d = shape - 1 / 3, c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(u);
    const v = Math.pow(1 + c * x, 3);
    if (v <= 0) continue;
    const w = u();
    if (Math.log(w) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/**
 * One Beta(alpha, beta) draw from a seeded stream.
 * @example betaDraw(2, 8, 'seed') // about 0.2 on average over seeds
 */
export function betaDraw(alpha: number, beta: number, seed: string): number {
  const u = stream(seed);
  const x = gamma(Math.max(1e-3, alpha), u), y = gamma(Math.max(1e-3, beta), u);
  return x / (x + y);
}

/**
 * Picks the variant with the highest posterior draw; variants without a prior start from Beta(1, 1).
 * `own` adds this visitor's impressions and clicks per variant.
 * @example thompsonChoice(['a', 'b'], { a: { alpha: 30, beta: 970 }, b: { alpha: 60, beta: 940 } }, {}, 'hero:s1') // usually "b"
 */
export function thompsonChoice(ids: string[], priors: BetaPriors, own: Record<string, { impressions: number; clicks: number }>, seed: string): string | null {
  let best: string | null = null, top = -1;
  for (const id of ids) {
    const p = priors[id] ?? { alpha: 1, beta: 1 };
    const o = own[id] ?? { impressions: 0, clicks: 0 };
    const draw = betaDraw(p.alpha + o.clicks, p.beta + Math.max(0, o.impressions - o.clicks), `${seed}:${id}`);
    if (draw > top) { top = draw; best = id; }
  }
  return best;
}
