// Interaction log -> one entry per user-item pair, in typed arrays (no object per row, so a 10-million-row log fits),
// plus the per-item figures the site model publishes (popularity, trending windows, repeat-purchase rates), and the
// per-user validation split the builder tunes on.
import type { Interactions } from '../../scoring/models/types.ts';
import type { InteractionLog } from '../ingest/log.ts';

const PURCHASE = 'Order Completed';

/** The log collapsed to pairs: `data.ts` is each pair's latest touch (for recency), `firstTs` its earliest (for splits). */
export interface Collapsed {
  data: Interactions;
  firstTs: Float64Array;
  /** Per item: all-time pair weight, raw weight in the last window and the one before, share of buyers who re-bought. */
  count: Float32Array;
  recent: Float32Array;
  previous: Float32Array;
  repeat: Float32Array;
  purchases: number;
  span: { from: number; to: number } | null;
}

/**
 * Collapses the log: a pair's weight is the sum of its events' weights up to `maxPair`, rows sorted by (latest time, item).
 * @example
 * const c = collapseLog(log, weightOf, 24, 7); c.data.items.length // distinct user-item pairs
 */
export function collapseLog(log: InteractionLog, weightOf: Float32Array, maxPair: number, windowDays: number): Collapsed {
  const nUsers = log.users.names.length, nItems = log.items.names.length, n = log.length;
  const purchaseEvent = log.events.get(PURCHASE) ?? -1;
  // counting sort of rows by user, then each user's rows by item (then time)
  const ptr = new Int32Array(nUsers + 1);
  for (let r = 0; r < n; r++) ptr[log.user[r] + 1]++;
  for (let u = 0; u < nUsers; u++) ptr[u + 1] += ptr[u];
  const fill = ptr.slice(0, nUsers);
  const order = new Int32Array(n);
  for (let r = 0; r < n; r++) order[fill[log.user[r]]++] = r;

  let tMin = Infinity, tMax = -Infinity;
  for (let r = 0; r < n; r++) { const t = log.ts[r]; if (t < tMin) tMin = t; if (t > tMax) tMax = t; }
  const W = windowDays * 86400;
  const recent = new Float32Array(nItems), previous = new Float32Array(nItems), count = new Float32Array(nItems);
  const buyers = new Float32Array(nItems), repeatBuyers = new Float32Array(nItems);
  let purchases = 0;
  for (let r = 0; r < n; r++) {
    const age = tMax - log.ts[r], w = weightOf[log.event[r]];
    if (age <= W) recent[log.item[r]] += w;
    else if (age <= 2 * W) previous[log.item[r]] += w;
    if (log.event[r] === purchaseEvent) purchases++;
  }

  const userPtr = new Int32Array(nUsers + 1);
  let items = new Int32Array(Math.min(n, 1 << 20)), weights = new Float32Array(items.length), ts = new Float64Array(items.length), first = new Float64Array(items.length);
  let len = 0;
  const grow = (need: number) => {
    if (need <= items.length) return;
    const cap = Math.min(n, Math.max(need, items.length * 2));
    const gi = new Int32Array(cap); gi.set(items); items = gi;
    const gw = new Float32Array(cap); gw.set(weights); weights = gw;
    const gt = new Float64Array(cap); gt.set(ts); ts = gt;
    const gf = new Float64Array(cap); gf.set(first); first = gf;
  };
  const byItem = (a: number, b: number) => log.item[a] - log.item[b] || log.ts[a] - log.ts[b];
  const orders = new Set<number>();
  for (let u = 0; u < nUsers; u++) {
    const rows = order.subarray(ptr[u], ptr[u + 1]).sort(byItem);
    const start = len;
    grow(len + rows.length);
    for (let a = 0; a < rows.length; ) {
      const it = log.item[rows[a]];
      let w = 0, last = -Infinity, firstT = Infinity, b = a;
      orders.clear();
      for (; b < rows.length && log.item[rows[b]] === it; b++) {
        const r = rows[b];
        w = Math.min(maxPair, w + weightOf[log.event[r]]);
        if (log.ts[r] > last) last = log.ts[r];
        if (log.ts[r] < firstT) firstT = log.ts[r];
        if (log.event[r] === purchaseEvent) orders.add(log.order[r] >= 0 ? -1 - log.order[r] : log.ts[r]);
      }
      if (orders.size) { buyers[it]++; if (orders.size > 1) repeatBuyers[it]++; }
      items[len] = it; weights[len] = w; ts[len] = last; first[len] = firstT; len++;
      a = b;
    }
    // the Interactions contract: a user's entries by time (then item)
    sortRange(start, len, ts, items, weights, first);
    userPtr[u + 1] = len;
  }
  for (let p = 0; p < len; p++) count[items[p]] += weights[p];
  const repeat = Float32Array.from(buyers, (b, i) => (b > 0 ? repeatBuyers[i] / b : 0));
  return {
    data: { nUsers, nItems, userPtr, items: items.slice(0, len), weights: weights.slice(0, len), ts: ts.slice(0, len) },
    firstTs: first.slice(0, len),
    count, recent, previous, repeat, purchases,
    span: Number.isFinite(tMin) ? { from: tMin, to: tMax } : null,
  };
}

/** Sorts entries [a, b) of parallel arrays by (key, item). */
function sortRange(a: number, b: number, key: Float64Array, items: Int32Array, weights: Float32Array, other: Float64Array): void {
  const m = b - a;
  if (m < 2) return;
  const idx = Array.from({ length: m }, (_, k) => a + k).sort((x, y) => key[x] - key[y] || items[x] - items[y]);
  const ki = idx.map((k) => items[k]), kw = idx.map((k) => weights[k]), kt = idx.map((k) => key[k]), ko = idx.map((k) => other[k]);
  for (let k = 0; k < m; k++) { items[a + k] = ki[k]; weights[a + k] = kw[k]; key[a + k] = kt[k]; other[a + k] = ko[k]; }
}

/**
 * How item ids sort for tie-breaks, as numpy sorts the ids of an evaluation split: numerically when both are integers,
 * else by code point. Returns each item's rank.
 * @example itemRanks(['10', '9', 'a']) // Int32Array [1, 0, 2]
 */
export function itemRanks(ids: readonly string[]): Int32Array {
  const isInt = (s: string) => /^-?\d{1,15}$/.test(s);
  const order = ids.map((_, i) => i).sort((a, b) => {
    const x = ids[a], y = ids[b];
    if (isInt(x) && isInt(y)) return Number(x) - Number(y);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const rank = new Int32Array(ids.length);
  order.forEach((i, r) => { rank[i] = r; });
  return rank;
}

/** A validation split: the first part of every user's pairs to train on, the rest held out. */
export interface ValidationSplit {
  inner: Interactions;
  /** Held-out items per user (users with at least one). */
  valid: Map<number, Set<number>>;
}

/**
 * The split eval_reference.py makes for tuning, inside this log: each user's pairs sorted by (first time, item id), the
 * first floor(9n / 10) train and the rest are held out. Inner pairs keep their latest time, capped at the moment the
 * held-out part begins, so recency never looks ahead.
 * @example
 * const { inner, valid } = validationSplit(c.data, c.firstTs, itemRanks(log.items.names));
 */
export function validationSplit(data: Interactions, firstTs: Float64Array, rank: Int32Array, num = 9, den = 10): ValidationSplit {
  const userPtr = new Int32Array(data.nUsers + 1);
  for (let u = 0; u < data.nUsers; u++) userPtr[u + 1] = userPtr[u] + Math.floor((num * (data.userPtr[u + 1] - data.userPtr[u])) / den);
  const m = userPtr[data.nUsers];
  const items = new Int32Array(m), weights = new Float32Array(m), ts = new Float64Array(m);
  const valid = new Map<number, Set<number>>();
  const idx: number[] = [];
  for (let u = 0; u < data.nUsers; u++) {
    const a = data.userPtr[u], b = data.userPtr[u + 1], n = b - a;
    idx.length = 0;
    for (let p = a; p < b; p++) idx.push(p);
    idx.sort((x, y) => firstTs[x] - firstTs[y] || rank[data.items[x]] - rank[data.items[y]]);
    const cut = Math.floor((num * n) / den);
    const limit = cut < n ? firstTs[idx[cut]] : Infinity;
    const trainPart = idx.slice(0, cut).sort((x, y) => x - y);
    let q = userPtr[u];
    for (const p of trainPart) { items[q] = data.items[p]; weights[q] = data.weights[p]; ts[q] = Math.min(data.ts[p], limit); q++; }
    if (cut < n) valid.set(u, new Set(idx.slice(cut).map((p) => data.items[p])));
  }
  return { inner: { nUsers: data.nUsers, nItems: data.nItems, userPtr, items, weights, ts }, valid };
}
