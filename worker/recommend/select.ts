// Lazy best-first iteration over a score array: a binary heap over the candidates, popped only as far as a row needs.
// Heapify is O(n), each pop O(log n), so a row of 6 from 100k items never pays for a full sort.

/**
 * Yields indices with score > 0, best first; equal scores come in ascending index order.
 * @example
 * [...bestFirst(Float32Array.of(0, 3, 1, 3))] // [1, 3, 2]
 */
export function* bestFirst(scores: Float32Array): Generator<number, void, undefined> {
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > 0) n++;
  if (n === 0) return;
  const heap = new Int32Array(n);
  n = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i] > 0) heap[n++] = i;
  const better = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  const down = (k: number, size: number) => {
    for (;;) {
      const l = 2 * k + 1, r = l + 1;
      let m = k;
      if (l < size && better(heap[l], heap[m])) m = l;
      if (r < size && better(heap[r], heap[m])) m = r;
      if (m === k) return;
      const t = heap[k]; heap[k] = heap[m]; heap[m] = t;
      k = m;
    }
  };
  for (let k = (n >> 1) - 1; k >= 0; k--) down(k, n);
  let size = n;
  while (size > 0) {
    const top = heap[0];
    size--;
    heap[0] = heap[size];
    down(0, size);
    yield top;
  }
}
