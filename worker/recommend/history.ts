// The visitor's history mapped onto a universe's indices, folded into the site models once and cached on the visitor.
import type { FoldedVisitor, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';
import { coVisitationFromSessions } from '../../scoring/models/coVisitation.ts';
import type { Universe } from './universe.ts';
import type { Touch, Visitor } from './visitor.ts';

/** How fast the visitor's own signals fade when they seed content and co-visitation scores. */
export const SEED_HALF_LIFE_DAYS = 14;

/** A visitor against one universe. */
export interface VisitorOnUniverse {
  /** Full history over universe indices (weights undecayed, ts in unix seconds). */
  history: VisitorHistory;
  /** The part the site models know (indices below nSite). */
  siteHistory: VisitorHistory;
  /** Universe index -> touch. */
  touchAt: Map<number, Touch>;
  /** Strongest recent items (decayed weight), best first: seeds for content scores and reasons. */
  seeds: Array<[number, number]>;
  folded: Map<string, FoldedVisitor>;
  own: TrainedModel | null;
  /** Memoized rows that depend only on visitor + universe (e.g. for-you scores). */
  memo: Map<string, unknown>;
}

/**
 * The visitor's history on universe `u`, computed once per (visitor, universe) pair.
 * @example
 * const h = onUniverse(visitor, u); h.seeds[0] // [index, weight] of the strongest recent item
 */
export function onUniverse(v: Visitor, u: Universe): VisitorOnUniverse {
  const hit = v.cache.get(u) as VisitorOnUniverse | undefined;
  if (hit) return hit;
  const nowS = v.now / 1000;
  const items: number[] = [], weights: number[] = [], ts: number[] = [];
  const touchAt = new Map<number, Touch>();
  for (const t of v.touches.values()) {
    const i = u.index.get(t.id);
    if (i === undefined || !(t.weight > 0)) continue;
    items.push(i);
    weights.push(t.weight);
    ts.push(t.lastTs / 1000);
    touchAt.set(i, t);
  }
  const history: VisitorHistory = { items: Int32Array.from(items), weights: Float32Array.from(weights), ts: Float64Array.from(ts), now: nowS };
  const keep = items.map((i, k) => (i < u.nSite ? k : -1)).filter((k) => k >= 0);
  const siteHistory: VisitorHistory = {
    items: Int32Array.from(keep, (k) => items[k]),
    weights: Float32Array.from(keep, (k) => weights[k]),
    ts: Float64Array.from(keep, (k) => ts[k]),
    now: nowS,
  };
  const hl = SEED_HALF_LIFE_DAYS * 86400;
  const seeds = items
    .map((i, k): [number, number] => [i, weights[k] * Math.pow(0.5, Math.max(0, nowS - ts[k]) / hl)])
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, 20);
  const out: VisitorOnUniverse = { history, siteHistory, touchAt, seeds, folded: new Map(), own: null, memo: new Map() };
  if (v.sessions.length) {
    const sessions = v.sessions
      .map((s) => {
        const idx: number[] = [], w: number[] = [];
        s.items.forEach((id, k) => { const i = u.index.get(id); if (i !== undefined) { idx.push(i); w.push(s.weights[k]); } });
        return { items: Int32Array.from(idx), weights: Float32Array.from(w) };
      })
      .filter((s) => s.items.length > 1);
    if (sessions.length) out.own = coVisitationFromSessions(sessions, u.ids.length);
  }
  v.cache.set(u, out);
  return out;
}

/**
 * The visitor folded into a site model (cached): fold-in runs once per model until new events arrive.
 * @example
 * const f = foldedFor(h, 'ials', model); model.score(f, out);
 */
export function foldedFor(h: VisitorOnUniverse, name: string, model: TrainedModel): FoldedVisitor {
  let f = h.folded.get(name);
  if (!f) {
    f = model.foldIn(h.siteHistory);
    h.folded.set(name, f);
  }
  return f;
}
