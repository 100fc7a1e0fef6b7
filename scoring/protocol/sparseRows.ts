// Item-to-item weights as sparse rows per SOURCE item: row i lists the targets j with S[i -> j] > 0, best first.
// Every item-to-item model (item-kNN, RP3beta, EASE) is brought to this form, the for-you protocol combines them
// into one, and the site model ships it, so the builder, eval and the device all score the same rows.

/** Rows in CSR form: source i's targets are idx[ptr[i]..ptr[i+1]), values in val, sorted by value (desc), then index. */
export interface SparseRows {
  nItems: number;
  ptr: Int32Array;
  idx: Int32Array;
  val: Float32Array;
}

/** One row of a model: its targets and scores, best first (views into the arrays, not copies). */
export interface Row {
  items: Int32Array;
  scores: Float32Array;
}

/** Where rows come from: a whole model in memory, or the shards the device has downloaded (undefined = not loaded). */
export type RowSource = (item: number) => Row | undefined;

/**
 * A RowSource over rows held in memory.
 * @example
 * const row = rowsSource(rows)(3); row?.items[0] // the strongest target of item 3
 */
export function rowsSource(rows: SparseRows): RowSource {
  return (i) => (i >= 0 && i < rows.nItems ? { items: rows.idx.subarray(rows.ptr[i], rows.ptr[i + 1]), scores: rows.val.subarray(rows.ptr[i], rows.ptr[i + 1]) } : undefined);
}

/**
 * Builds rows from per-row lists, keeping each row's `k` largest positive values (ties to the lower index).
 * @example
 * fromLists(3, (i, push) => { if (i === 0) push(2, 0.5); }, 10).idx // Int32Array [2]
 */
export function fromLists(nItems: number, each: (i: number, push: (j: number, v: number) => void) => void, k: number): SparseRows {
  const ptr = new Int32Array(nItems + 1);
  let idx = new Int32Array(Math.max(16, nItems * Math.min(k, 16)));
  let val = new Float32Array(idx.length);
  const rowJ: number[] = [], rowV: number[] = [];
  const order: number[] = [];
  let len = 0;
  for (let i = 0; i < nItems; i++) {
    rowJ.length = 0; rowV.length = 0;
    each(i, (j, v) => { if (v > 0 && Number.isFinite(v) && j !== i) { rowJ.push(j); rowV.push(v); } });
    order.length = 0;
    for (let t = 0; t < rowJ.length; t++) order.push(t);
    order.sort((a, b) => rowV[b] - rowV[a] || rowJ[a] - rowJ[b]);
    const m = Math.min(k, order.length);
    if (len + m > idx.length) {
      const cap = Math.max(len + m, idx.length * 2);
      const ni = new Int32Array(cap); ni.set(idx); idx = ni;
      const nv = new Float32Array(cap); nv.set(val); val = nv;
    }
    for (let r = 0; r < m; r++) { idx[len] = rowJ[order[r]]; val[len] = rowV[order[r]]; len++; }
    ptr[i + 1] = len;
  }
  return { nItems, ptr, idx: idx.slice(0, len), val: val.slice(0, len) };
}

/**
 * Rows from fixed-width neighbour lists stored per SOURCE (row i = i's best targets, -1 padded), as RP3beta and EASE keep them.
 * @example
 * fromSourceLists(nbrIdx, nbrSim, 100)
 */
export function fromSourceLists(nbrIdx: Int32Array, nbrSim: Float32Array, k: number): SparseRows {
  const n = k > 0 ? nbrIdx.length / k : 0;
  return fromLists(n, (i, push) => {
    for (let r = i * k, end = r + k; r < end && nbrIdx[r] >= 0; r++) push(nbrIdx[r], nbrSim[r]);
  }, k);
}

/**
 * Rows from fixed-width neighbour lists stored per TARGET (row j = the sources most like j), as item-kNN keeps them:
 * the lists are turned around so a row is what a source item recommends.
 * @example
 * fromTargetLists(nbrIdx, nbrSim, 50, 200)
 */
export function fromTargetLists(nbrIdx: Int32Array, nbrSim: Float32Array, k: number, keep: number): SparseRows {
  const n = k > 0 ? nbrIdx.length / k : 0;
  const cnt = new Int32Array(n + 1);
  for (let e = 0; e < nbrIdx.length; e++) if (nbrIdx[e] >= 0 && nbrSim[e] > 0) cnt[nbrIdx[e] + 1]++;
  for (let i = 0; i < n; i++) cnt[i + 1] += cnt[i];
  const fill = cnt.slice(0, n);
  const j2 = new Int32Array(cnt[n]), v2 = new Float32Array(cnt[n]);
  for (let j = 0; j < n; j++) {
    for (let r = j * k, end = r + k; r < end; r++) {
      const i = nbrIdx[r];
      if (i < 0) break;
      if (!(nbrSim[r] > 0)) continue;
      const q = fill[i]++;
      j2[q] = j;
      v2[q] = nbrSim[r];
    }
  }
  return fromLists(n, (i, push) => { for (let q = cnt[i]; q < cnt[i + 1]; q++) push(j2[q], v2[q]); }, keep);
}

/**
 * A model's scale for blending: the mean of its rows' largest values, so a weight of 1 means the same for every model
 * whatever units its scores come in (cosines, walk probabilities, regression weights).
 * @example
 * rowScale(rows) // e.g. 0.45 for item-kNN cosines, 0.04 for RP3beta
 */
export function rowScale(rows: SparseRows): number {
  let s = 0, c = 0;
  for (let i = 0; i < rows.nItems; i++) {
    if (rows.ptr[i + 1] > rows.ptr[i]) { s += rows.val[rows.ptr[i]]; c++; }
  }
  return c ? s / c : 1;
}

/**
 * The weighted sum of several models' rows, each divided by its own scale, kept to the `k` best targets per row.
 * This is how the for-you row combines models (see forYou.ts); the builder chooses the weights.
 * @example
 * combineRows([{ rows: knn, weight: 0.3, scale: rowScale(knn) }, { rows: rp3, weight: 0.7, scale: rowScale(rp3) }], 100)
 */
export function combineRows(parts: ReadonlyArray<{ rows: SparseRows; weight: number; scale: number }>, k: number): SparseRows {
  const live = parts.filter((p) => p.weight > 0 && p.scale > 0);
  const n = parts[0]?.rows.nItems ?? 0;
  const acc = new Float64Array(n);
  const touched: number[] = [];
  return fromLists(n, (i, push) => {
    touched.length = 0;
    for (const p of live) {
      const w = p.weight / p.scale, r = p.rows;
      for (let q = r.ptr[i]; q < r.ptr[i + 1]; q++) {
        const j = r.idx[q];
        if (acc[j] === 0) touched.push(j);
        acc[j] += w * r.val[q];
      }
    }
    for (const j of touched) { push(j, acc[j]); acc[j] = 0; }
  }, k);
}
