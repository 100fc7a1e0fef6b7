// Inverse of a large SPD matrix by recursive 2x2 block (Schur complement) elimination: almost all the work is tfjs matMul,
// which the wasm backend runs ~30x faster than a plain JS triple loop; small blocks are inverted in float64 JS.
import { tf } from '../tf.ts';
import { spdInverseInPlace } from './linalg.ts';

/** Blocks at or below this size are inverted in JS (float64); a few hundred keeps the JS share of the work small. */
const BASE = 384;

function invBase(M: tf.Tensor2D): tf.Tensor2D | null {
  const n = M.shape[0];
  const A = Float64Array.from(M.dataSync());
  if (!spdInverseInPlace(A, n)) return null;
  return tf.tensor2d(Float32Array.from(A), [n, n]);
}

/** C - B^T X, symmetrized, freeing each temporary as soon as the next is made (the wasm heap keeps its peak). */
function schur(C: tf.Tensor2D, B: tf.Tensor2D, X: tf.Tensor2D): tf.Tensor2D {
  // explicit transposes: the wasm matMul's transpose flags are ~10x slower than a transpose plus a plain matMul
  const Bt = tf.transpose(B);
  const BtX = tf.matMul(Bt, X);
  Bt.dispose();
  const S0 = tf.sub(C, BtX);
  BtX.dispose();
  const S0t = tf.transpose(S0);
  const sum = tf.add(S0, S0t);
  S0.dispose();
  S0t.dispose();
  // keep it exactly symmetric against float32 drift
  const S = tf.mul(sum, 0.5) as tf.Tensor2D;
  sum.dispose();
  return S;
}

/** A^-1 + Y X^T, freeing temporaries as it goes. */
function topLeft(Ai: tf.Tensor2D, Y: tf.Tensor2D, X: tf.Tensor2D): tf.Tensor2D {
  const Xt = tf.transpose(X);
  const YXt = tf.matMul(Y, Xt);
  Xt.dispose();
  const TL = tf.add(Ai, YXt) as tf.Tensor2D;
  YXt.dispose();
  return TL;
}

/** The inverse of M (M is left alone); intermediates are freed as soon as they are used, so the peak is a few n x n. */
function invRec(M: tf.Tensor2D): tf.Tensor2D | null {
  const n = M.shape[0];
  if (n <= BASE) return invBase(M);
  const h = Math.floor(n / 2), m = n - h;
  const A = tf.slice(M, [0, 0], [h, h]) as tf.Tensor2D;
  const Ai = invRec(A);
  A.dispose();
  if (!Ai) return null;
  const B = tf.slice(M, [0, h], [h, m]) as tf.Tensor2D;
  const X = tf.matMul(Ai, B) as tf.Tensor2D; // A^-1 B
  const C = tf.slice(M, [h, h], [m, m]) as tf.Tensor2D;
  const S = schur(C, B, X); // Schur complement C - B^T A^-1 B
  C.dispose();
  B.dispose();
  const Si = invRec(S);
  S.dispose();
  if (!Si) { Ai.dispose(); X.dispose(); return null; }
  const Y = tf.matMul(X, Si) as tf.Tensor2D;
  const TL = topLeft(Ai, Y, X);
  Ai.dispose();
  X.dispose();
  const out = tf.tidy(() => {
    const negY = tf.neg(Y);
    return tf.concat([tf.concat([TL, negY], 1), tf.concat([tf.transpose(negY), Si], 1)], 0) as tf.Tensor2D;
  });
  TL.dispose();
  Y.dispose();
  Si.dispose();
  return out;
}

/** Block [r0, r0 + rows) x [c0, c0 + cols) of a row-major n x n matrix as a tensor. */
function block(M: Float32Array, n: number, r0: number, rows: number, c0: number, cols: number): tf.Tensor2D {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) out.set(M.subarray((r0 + r) * n + c0, (r0 + r) * n + c0 + cols), r * cols);
  return tf.tensor2d(out, [rows, cols]);
}

/** Writes a tensor (optionally negated, optionally transposed) into block (r0, c0) of a row-major n x n matrix. */
function writeBlock(M: Float32Array, n: number, r0: number, c0: number, t: tf.Tensor2D, negate: boolean, transpose: boolean): void {
  const [rows, cols] = t.shape;
  const d = t.dataSync() as Float32Array;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = negate ? -d[r * cols + c] : d[r * cols + c];
      if (transpose) M[(r0 + c) * n + c0 + r] = v;
      else M[(r0 + r) * n + c0 + c] = v;
    }
  }
}

/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major), written over `M` and returned; null if it is not
 * positive definite (M is then left partly overwritten). The top level works from and into M's own storage, so the
 * tensors alive at once stay under two n x n (the wasm heap never shrinks, so its peak is what a build pays for).
 * Call `initTf()` first so the fast backend is active.
 * @example
 * invertSpd(Float32Array.of(2, 0, 0, 4), 2) // Float32Array [0.5, 0, 0, 0.25]
 */
export function invertSpd(M: Float32Array, n: number): Float32Array | null {
  if (n <= BASE) {
    const A = Float64Array.from(M);
    if (!spdInverseInPlace(A, n)) return null;
    M.set(A);
    return M;
  }
  const h = Math.floor(n / 2), m = n - h;
  const A = block(M, n, 0, h, 0, h);
  const Ai = invRec(A);
  A.dispose();
  if (!Ai) return null;
  const B = block(M, n, 0, h, h, m);
  const X = tf.matMul(Ai, B) as tf.Tensor2D; // A^-1 B
  const C = block(M, n, h, m, h, m);
  const S = schur(C, B, X);
  C.dispose();
  B.dispose();
  const Si = invRec(S);
  S.dispose();
  if (!Si) { Ai.dispose(); X.dispose(); return null; }
  const Y = tf.matMul(X, Si) as tf.Tensor2D;
  writeBlock(M, n, h, h, Si, false, false);
  Si.dispose();
  writeBlock(M, n, 0, h, Y, true, false);
  writeBlock(M, n, h, 0, Y, true, true);
  const TL = topLeft(Ai, Y, X);
  Ai.dispose();
  X.dispose();
  Y.dispose();
  writeBlock(M, n, 0, 0, TL, false, false);
  TL.dispose();
  return M;
}
