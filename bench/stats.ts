// Summary statistics for benchmark samples.

export interface Summary { n: number; median: number; p99: number; mean: number; min: number; max: number }

/**
 * Median, p99 (nearest rank), mean, min and max of a sample.
 * @example summarize([1, 2, 3]).median // 2
 */
export function summarize(xs: number[]): Summary {
  const s = [...xs].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))];
  const round = (v: number) => Math.round(v * 1000) / 1000;
  return { n: s.length, median: round(q(0.5)), p99: round(q(0.99)), mean: round(s.reduce((a, b) => a + b, 0) / (s.length || 1)), min: round(s[0] ?? 0), max: round(s[s.length - 1] ?? 0) };
}
