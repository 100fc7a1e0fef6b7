// Selection helpers for training's top-k steps: the k-th largest of n values in linear expected time (quickselect),
// so a model keeping k neighbours per item does not sort every candidate of every item.

/**
 * The k-th largest of values[0..n) (1 = the largest), using `scratch` (length >= n) so values are left alone.
 * @example kthLargest(Float64Array.of(5, 1, 4, 2), 4, 2, new Float64Array(4)) // 4
 */
export function kthLargest(values: ArrayLike<number>, n: number, k: number, scratch: Float64Array): number {
  for (let i = 0; i < n; i++) scratch[i] = values[i];
  // the (n - k)-th smallest, 0-based
  const target = n - k;
  let lo = 0, hi = n - 1;
  let seed = 0x9e3779b9;
  while (lo < hi) {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 1) >>> 0;
    const pivot = scratch[lo + (seed % (hi - lo + 1))];
    let i = lo, j = hi;
    while (i <= j) {
      while (scratch[i] < pivot) i++;
      while (scratch[j] > pivot) j--;
      if (i <= j) { const t = scratch[i]; scratch[i] = scratch[j]; scratch[j] = t; i++; j--; }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return scratch[target];
}
