// Top-k selection over a score array, ties broken by the lower index (same as a stable descending sort).

/**
 * Indices of the k highest scores, best first; equal scores keep ascending index order.
 * Entries with index in `exclude` are skipped unless fewer than k others exist (then they rank last, as -Infinity).
 * @example
 * topK(Float32Array.of(1, 3, 3, 2), 2) // Int32Array [1, 2]
 */
export function topK(scores: Float32Array, k: number, exclude?: Int32Array): Int32Array {
  const n = scores.length;
  const kk = Math.min(k, n);
  const idx = new Int32Array(kk).fill(-1);
  const val = new Float64Array(kk).fill(-Infinity);
  let excl: Uint8Array | null = null;
  if (exclude && exclude.length) {
    excl = new Uint8Array(n);
    for (let i = 0; i < exclude.length; i++) if (exclude[i] >= 0 && exclude[i] < n) excl[exclude[i]] = 1;
  }
  for (let i = 0; i < n; i++) {
    const s = excl && excl[i] ? -Infinity : scores[i];
    const last = kk - 1;
    // strict '>' keeps the earlier (lower) index ahead on ties; -1 slots are always filled first
    if (idx[last] !== -1 && !(s > val[last])) continue;
    let p = last;
    while (p > 0 && (idx[p - 1] === -1 || s > val[p - 1])) {
      idx[p] = idx[p - 1];
      val[p] = val[p - 1];
      p--;
    }
    idx[p] = i;
    val[p] = s;
  }
  return idx;
}
