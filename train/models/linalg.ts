// Small dense linear algebra on typed arrays, for what tfjs has no op for (Cholesky solves).

/**
 * Solves A x = b in place for symmetric positive-definite A (f x f, row-major, overwritten by its Cholesky factor).
 * Returns false if A is not positive definite.
 * @example
 * const A = Float64Array.of(4, 2, 2, 3), b = Float64Array.of(2, 1); choleskySolve(A, b, 2); // b = [0.5, 0]
 */
export function choleskySolve(A: Float64Array, b: Float64Array, f: number): boolean {
  for (let j = 0; j < f; j++) {
    let d = A[j * f + j];
    for (let k = 0; k < j; k++) d -= A[j * f + k] * A[j * f + k];
    if (!(d > 0)) return false;
    const ljj = Math.sqrt(d);
    A[j * f + j] = ljj;
    for (let i = j + 1; i < f; i++) {
      let s = A[i * f + j];
      for (let k = 0; k < j; k++) s -= A[i * f + k] * A[j * f + k];
      A[i * f + j] = s / ljj;
    }
  }
  for (let i = 0; i < f; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= A[i * f + k] * b[k];
    b[i] = s / A[i * f + i];
  }
  for (let i = f - 1; i >= 0; i--) {
    let s = b[i];
    for (let k = i + 1; k < f; k++) s -= A[k * f + i] * b[k];
    b[i] = s / A[i * f + i];
  }
  return true;
}

/**
 * A deterministic PRNG (mulberry32) returning standard-normal draws, for reproducible factor init.
 * @example
 * const rnd = normalRng(42); rnd() // ~N(0, 1)
 */
export function normalRng(seed: number): () => number {
  let a = seed >>> 0;
  const uni = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uni() + 1e-12)) * Math.cos(2 * Math.PI * uni());
}

/**
 * Inverts a symmetric positive-definite n x n matrix in place (row-major Float64Array) by Gauss-Jordan without pivoting,
 * which is stable for SPD input. Returns false if a pivot is not positive (the matrix is not SPD).
 * @example
 * const A = Float64Array.of(2, 0, 0, 4); spdInverseInPlace(A, 2); // A = [0.5, 0, 0, 0.25]
 */
export function spdInverseInPlace(A: Float64Array, n: number): boolean {
  for (let p = 0; p < n; p++) {
    const rp = p * n;
    const piv = A[rp + p];
    if (!(piv > 0)) return false;
    const inv = 1 / piv;
    // row p becomes the pivot row of the inverse; column p is rebuilt as the eliminators
    for (let j = 0; j < n; j++) A[rp + j] *= inv;
    A[rp + p] = inv;
    for (let i = 0; i < n; i++) {
      if (i === p) continue;
      const ri = i * n;
      const f = A[ri + p];
      if (f === 0) continue;
      for (let j = 0; j < n; j++) A[ri + j] -= f * A[rp + j];
      A[ri + p] = -f * inv;
    }
  }
  return true;
}
