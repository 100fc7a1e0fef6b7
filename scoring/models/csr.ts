// Sparse helpers over the shared Interactions CSR.
import type { Interactions } from './types.ts';

/** Column-major view of interactions: for each item, the users who touched it and with what weight. */
export interface ItemColumns {
  itemPtr: Int32Array;
  users: Int32Array;
  weights: Float32Array;
}

/**
 * Transposes user rows into item columns (users ascending within a column).
 * @example
 * const cols = transpose(data); // cols.users.subarray(cols.itemPtr[i], cols.itemPtr[i + 1])
 */
export function transpose(data: Interactions): ItemColumns {
  const { nUsers, nItems, userPtr, items, weights } = data;
  const itemPtr = new Int32Array(nItems + 1);
  for (let p = 0; p < items.length; p++) itemPtr[items[p] + 1]++;
  for (let i = 0; i < nItems; i++) itemPtr[i + 1] += itemPtr[i];
  const fill = itemPtr.slice(0, nItems);
  const users = new Int32Array(items.length);
  const w = new Float32Array(items.length);
  for (let u = 0; u < nUsers; u++) {
    for (let p = userPtr[u]; p < userPtr[u + 1]; p++) {
      const q = fill[items[p]]++;
      users[q] = u;
      w[q] = weights[p];
    }
  }
  return { itemPtr, users, weights: w };
}

/**
 * Reads a number param with a default, so specs accept partial or JSON-revived params.
 * @example
 * num({ k: 50 }, 'k', 100) // 50
 */
export function num(params: Record<string, unknown>, key: string, fallback: number): number {
  const v = params[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}
