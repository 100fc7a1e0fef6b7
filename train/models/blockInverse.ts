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

function invRec(M: tf.Tensor2D): tf.Tensor2D | null {
  const n = M.shape[0];
  if (n <= BASE) return invBase(M);
  const h = Math.floor(n / 2), m = n - h;
  const A = tf.slice(M, [0, 0], [h, h]) as tf.Tensor2D;
  const B = tf.slice(M, [0, h], [h, m]) as tf.Tensor2D;
  const C = tf.slice(M, [h, h], [m, m]) as tf.Tensor2D;
  const Ai = invRec(A);
  if (!Ai) return null;
  const X = tf.matMul(Ai, B); // A^-1 B
  // explicit transposes: the wasm matMul's transpose flags are ~10x slower than a transpose plus a plain matMul
  const S0 = tf.sub(C, tf.matMul(tf.transpose(B), X)); // Schur complement C - B^T A^-1 B
  const S = tf.mul(tf.add(S0, tf.transpose(S0)), 0.5) as tf.Tensor2D; // keep it exactly symmetric against float32 drift
  const Si = invRec(S);
  if (!Si) return null;
  const Y = tf.matMul(X, Si);
  const TL = tf.add(Ai, tf.matMul(Y, tf.transpose(X)));
  const negY = tf.neg(Y);
  return tf.concat([tf.concat([TL, negY], 1), tf.concat([tf.transpose(negY), Si], 1)], 0) as tf.Tensor2D;
}

/**
 * Inverse of a symmetric positive-definite n x n matrix (row-major), float32 out; null if it is not positive definite.
 * Call `initTf()` first so the fast backend is active.
 * @example
 * invertSpd(Float32Array.of(2, 0, 0, 4), 2) // Float32Array [0.5, 0, 0, 0.25]
 */
export function invertSpd(M: Float32Array, n: number): Float32Array | null {
  let out: Float32Array | null = null;
  const t = tf.tidy(() => {
    const r = invRec(tf.tensor2d(M, [n, n]));
    return r ?? tf.scalar(0);
  });
  if (t.rank === 2) out = (t.dataSync() as Float32Array).slice();
  t.dispose();
  return out;
}
