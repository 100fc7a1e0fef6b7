// "Viewed together" / "bought together": items that share a session or an order, weighted by how strongly both were
// touched. The builder counts the whole log with it; the device counts the visitor's own sessions.
import { mergeItems } from './decay.ts';
import { neighbourListModel } from './neighbourList.ts';
import type { FoldedVisitor, Interactions, ModelWeights, TrainedModel, VisitorHistory } from './types.ts';

export interface CoVisitationParams extends Record<string, unknown> {
  /** Neighbours kept per item. */
  k: number;
  /** Touches of one user closer than this (seconds) share a basket; an order's lines share one timestamp. */
  windowS: number;
  /** Longer baskets are cut into chunks of this size, so one huge session cannot cost O(n^2). */
  maxBasket: number;
  /** Popularity damping: sim(i->j) = C_ij / (n_i^alpha n_j^(1-alpha)); 0 = raw counts, 0.5 = cosine-like. */
  alpha: number;
  /** Fold-in recency half-life in days (0 = all history counts the same). */
  halfLifeDays: number;
}

/** Basket ranges over the (time-sorted) entries of each user row: entries [start[b], start[b+1]) form basket b. */
function basketStarts(data: Interactions, windowS: number, maxBasket: number): Int32Array {
  const starts: number[] = [];
  for (let u = 0; u < data.nUsers; u++) {
    const a = data.userPtr[u], z = data.userPtr[u + 1];
    let begin = a;
    for (let p = a; p < z; p++) {
      if (p === begin) { starts.push(p); continue; }
      if (data.ts[p] - data.ts[p - 1] > windowS || p - begin >= maxBasket) { begin = p; starts.push(p); }
    }
  }
  starts.push(data.items.length);
  return Int32Array.from(starts);
}

/**
 * For every item j, the k items most often in a basket with it (best first, -1 padded rows of `nbrIdx`).
 * @example
 * const { nbrIdx, nbrSim } = coVisitationNeighbours(data, { k: 20, windowS: 1800, maxBasket: 50, alpha: 0.5, halfLifeDays: 0 });
 */
export function coVisitationNeighbours(data: Interactions, params: CoVisitationParams, onProgress?: (f: number) => void): { nbrIdx: Int32Array; nbrSim: Float32Array } {
  const n = data.nItems, k = params.k;
  const starts = basketStarts(data, params.windowS, params.maxBasket);
  const nB = starts.length - 1;
  const nnz = data.items.length;
  // basket of each entry, and each basket's damping: a pair in a 2-item basket says more than one in a 40-item basket
  const basketOf = new Int32Array(nnz);
  const damp = new Float32Array(nB);
  for (let b = 0; b < nB; b++) {
    for (let p = starts[b]; p < starts[b + 1]; p++) basketOf[p] = b;
    damp[b] = 1 / Math.log2(1 + (starts[b + 1] - starts[b]));
  }
  // item -> entries, so each target j visits only its own baskets
  const itemPtr = new Int32Array(n + 1);
  for (let p = 0; p < nnz; p++) itemPtr[data.items[p] + 1]++;
  for (let i = 0; i < n; i++) itemPtr[i + 1] += itemPtr[i];
  const fill = itemPtr.slice(0, n);
  const entries = new Int32Array(nnz);
  for (let p = 0; p < nnz; p++) entries[fill[data.items[p]]++] = p;
  // n_i: the item's total basket weight, for popularity damping
  const tot = new Float64Array(n);
  for (let p = 0; p < nnz; p++) tot[data.items[p]] += data.weights[p];

  const nbrIdx = new Int32Array(n * k).fill(-1);
  const nbrSim = new Float32Array(n * k);
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const sims = new Float64Array(n);
  const alpha = params.alpha;
  const step = Math.max(1, Math.floor(n / 50));
  for (let j = 0; j < n; j++) {
    let nt = 0;
    for (let q = itemPtr[j]; q < itemPtr[j + 1]; q++) {
      const pj = entries[q];
      const b = basketOf[pj], wj = data.weights[pj], d = damp[b];
      for (let p = starts[b]; p < starts[b + 1]; p++) {
        const i = data.items[p];
        if (i === j) continue;
        if (acc[i] === 0) touched[nt++] = i;
        const wi = data.weights[p];
        acc[i] += (wi < wj ? wi : wj) * d;
      }
    }
    const dj = Math.pow(tot[j], 1 - alpha);
    for (let t = 0; t < nt; t++) {
      const i = touched[t];
      sims[t] = acc[i] / (Math.pow(tot[i], alpha) * dj + 1e-12);
    }
    // partial selection: k passes of insertion into a sorted k-row, ties to the lower index
    let len = 0;
    const base = j * k;
    for (let t = 0; t < nt; t++) {
      const s = sims[t], i = touched[t];
      if (len === k && !(s > nbrSim[base + k - 1] || (s === nbrSim[base + k - 1] && i < nbrIdx[base + k - 1]))) continue;
      let pos = len < k ? len++ : k - 1;
      while (pos > 0 && (s > nbrSim[base + pos - 1] || (s === nbrSim[base + pos - 1] && i < nbrIdx[base + pos - 1]))) {
        nbrSim[base + pos] = nbrSim[base + pos - 1];
        nbrIdx[base + pos] = nbrIdx[base + pos - 1];
        pos--;
      }
      nbrSim[base + pos] = s;
      nbrIdx[base + pos] = i;
    }
    for (let t = 0; t < nt; t++) acc[touched[t]] = 0;
    if (onProgress && j % step === 0) onProgress(j / n);
  }
  onProgress?.(1);
  return { nbrIdx, nbrSim };
}

/**
 * Wraps co-visitation neighbour lists as a TrainedModel.
 * @example const m = coVisitationModel(nbrIdx, nbrSim, 30, 30); m.score(m.foldIn(history), out);
 */
export const coVisitationModel = (nbrIdx: Int32Array, nbrSim: Float32Array, k: number, halfLifeDays: number, meta: Record<string, unknown> = {}): TrainedModel =>
  neighbourListModel('coVisitation', nbrIdx, nbrSim, k, halfLifeDays, meta);

/** One visitor session on the device: the items touched in it and how strongly. */
export interface SessionItems {
  items: Int32Array;
  weights: Float32Array;
}

/**
 * Co-visitation learned from one visitor's own sessions (no site model needed): each session is one basket.
 * Items are re-indexed to the few the visitor touched, so the cost does not grow with the catalogue.
 * @example
 * const m = coVisitationFromSessions([{ items: Int32Array.of(0, 2), weights: Float32Array.of(1, 4) }], 3);
 * m.neighbours!(0, 5).items // [2]
 */
export function coVisitationFromSessions(sessions: ReadonlyArray<SessionItems>, nItems: number, k = 20): TrainedModel {
  const local = new Map<number, number>();
  const global: number[] = [];
  const ptr = new Int32Array(sessions.length + 1);
  for (let s = 0; s < sessions.length; s++) ptr[s + 1] = ptr[s] + sessions[s].items.length;
  const items = new Int32Array(ptr[sessions.length]);
  const weights = new Float32Array(items.length);
  for (let s = 0; s < sessions.length; s++) {
    const ses = sessions[s];
    for (let t = 0; t < ses.items.length; t++) {
      const g = ses.items[t];
      let l = local.get(g);
      if (l === undefined) { l = global.length; global.push(g); local.set(g, l); }
      items[ptr[s] + t] = l;
      weights[ptr[s] + t] = ses.weights[t];
    }
  }
  const nLocal = global.length;
  const data: Interactions = { nUsers: sessions.length, nItems: nLocal, userPtr: ptr, items, weights, ts: new Float64Array(items.length) };
  const kk = Math.max(1, Math.min(k, nLocal));
  const { nbrIdx, nbrSim } = coVisitationNeighbours(data, { k: kk, windowS: Infinity, maxBasket: 100, alpha: 0, halfLifeDays: 0 });
  const inner = coVisitationModel(nbrIdx, nbrSim, kk, 0);
  const toGlobal = (a: Int32Array) => a.map((l) => global[l]);
  return {
    name: 'coVisitation',
    nItems,
    foldIn(history: VisitorHistory): FoldedVisitor {
      return mergeItems(history.items, history.weights, nItems);
    },
    score(visitor: FoldedVisitor, out: Float32Array): void {
      out.fill(0);
      for (let t = 0; t < visitor.items.length; t++) {
        const l = local.get(visitor.items[t]);
        if (l === undefined) continue;
        const nb = inner.neighbours!(l, kk);
        for (let r = 0; r < nb.items.length; r++) out[global[nb.items[r]]] += visitor.weights[t] * nb.scores[r];
      }
    },
    neighbours(item: number, want: number) {
      const l = local.get(item);
      if (l === undefined) return { items: new Int32Array(0), scores: new Float32Array(0) };
      const nb = inner.neighbours!(l, want);
      return { items: toGlobal(nb.items), scores: nb.scores };
    },
    toWeights(): ModelWeights {
      const w = inner.toWeights();
      return { meta: { ...w.meta, nItems, itemIds: global }, arrays: w.arrays };
    },
  };
}
