// One scoring strategy per kind of row. Each writes a score per universe item (> 0 = candidate) plus where it came from and why.
import type { TrainedModel } from '../../scoring/models/types.ts';
import { contentIndex, contentScores, contentSim } from './content.ts';
import { foldedFor, type VisitorOnUniverse } from './history.ts';
import { nameOf, type Universe } from './universe.ts';
import type { Touch, Visitor } from './visitor.ts';

/** Scores over the universe with the model behind each item and the sentence that explains it. */
export interface Strategy {
  scores: Float32Array;
  source(i: number): string;
  reason(i: number): string;
}

/** What every strategy may read. */
export interface RowContext {
  u: Universe;
  v: Visitor;
  h: VisitorOnUniverse;
}

/** Model names as RecItem.source spells them ("itemKnn" -> "item-knn"). */
export const sourceName = (model: string): string => model.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

const verb = (t: Touch | undefined): string => (t?.strongest === 'bought' ? 'bought' : t?.strongest === 'added' ? 'added' : 'viewed');

const ago = (ms: number): string => {
  const m = Math.max(0, ms) / 60000;
  if (m < 2) return 'just now';
  if (m < 90) return `${Math.round(m)} minutes ago`;
  const h = m / 60;
  if (h < 36) return `${Math.round(h)} hours ago`;
  const d = h / 24;
  return d < 60 ? `${Math.round(d)} days ago` : `${Math.round(d / 30)} months ago`;
};

/** Adds `w * scores / max(scores)` into `total`, recording the model with the largest share per item. */
function addNormalized(total: Float32Array, part: Float32Array, w: number, best: Float32Array, src: Uint8Array, tag: number, n = part.length): boolean {
  let max = 0;
  for (let i = 0; i < n; i++) if (part[i] > max) max = part[i];
  if (!(max > 0) || !(w > 0)) return false;
  const k = w / max;
  for (let i = 0; i < n; i++) {
    const s = part[i];
    if (!(s > 0)) continue;
    const c = s * k;
    total[i] += c;
    if (c > best[i]) { best[i] = c; src[i] = tag; }
  }
  return true;
}

/** Site popularity: the popularity model if trained (recency-weighted), else the raw counts. */
export function popular(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (!u.site) return null;
  const scores = new Float32Array(u.ids.length);
  const pm = u.site.models.popularity;
  if (pm) pm.score(pm.foldIn(ctx.h.siteHistory), scores.subarray(0, u.nSite));
  else scores.set(u.site.popularity.count);
  return { scores, source: () => 'popularity', reason: () => 'popular with other shoppers' };
}

/** The catalog in its own order: the last resort, so a row is never empty while the catalog has items. */
export function catalogOrder(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (u.catalog.size === 0) return null;
  const scores = new Float32Array(u.ids.length);
  let r = 0;
  for (const id of u.catalog.keys()) scores[u.index.get(id)!] = 1 / (1 + r++);
  return { scores, source: () => 'catalog', reason: () => 'from our catalogue' };
}

/** Growth of interest: the last window against the one before it, damped so a single sale is not a trend. */
export function trending(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (!u.site) return null;
  const { recent, previous, windowDays } = u.site.popularity;
  const scores = new Float32Array(u.ids.length);
  let any = false;
  for (let i = 0; i < u.nSite; i++) {
    const r = recent[i];
    if (!(r > 0)) continue;
    scores[i] = ((r + 1) / (previous[i] + 1)) * Math.log1p(r);
    any = true;
  }
  if (!any) return null;
  const period = windowDays === 7 ? 'this week' : `in the last ${windowDays} days`;
  return {
    scores,
    source: () => 'trending',
    reason: (i) => {
      const g = (recent[i] + 1) / (previous[i] + 1);
      return g >= 1.5 ? `trending: ${g >= 10 ? Math.round(g) : g.toFixed(1)}x more interest ${period}` : `popular ${period}`;
    },
  };
}

/** The visitor's viewed items, newest first. */
export function recentlyViewed(ctx: RowContext): Strategy | null {
  const { u, v } = ctx;
  const scores = new Float32Array(u.ids.length);
  let r = 0;
  for (const id of v.recent) {
    const i = u.index.get(id);
    if (i !== undefined) scores[i] = 1 / (1 + r++);
  }
  if (r === 0) return null;
  return {
    scores,
    source: () => 'recently-viewed',
    reason: (i) => `you viewed this ${ago(v.now - (v.touches.get(u.ids[i])?.lastViewTs ?? v.now))}`,
  };
}

/** Items bought before, favouring those the crowd re-buys and those bought often or lately. */
export function buyAgain(ctx: RowContext): Strategy | null {
  const { u, v } = ctx;
  const scores = new Float32Array(u.ids.length);
  let any = false;
  const monthMs = 30 * 86400_000;
  for (const t of v.touches.values()) {
    if (t.purchases === 0) continue;
    const i = u.index.get(t.id);
    if (i === undefined) continue;
    const rep = u.site && i < u.nSite ? u.site.popularity.repeat[i] : 0.3;
    const fade = 1 / (1 + Math.max(0, v.now - t.lastPurchaseTs) / (6 * monthMs));
    scores[i] = (1 + Math.log1p(t.purchases)) * (0.25 + rep) * fade;
    any = true;
  }
  if (!any) return null;
  return {
    scores,
    source: () => 'buy-again',
    reason: (i) => {
      const t = v.touches.get(u.ids[i])!;
      return t.purchases > 1 ? `you bought this ${t.purchases} times, last ${ago(v.now - t.lastPurchaseTs)}` : `you bought this ${ago(v.now - t.lastPurchaseTs)}`;
    },
  };
}

/** Neighbour lists from the site's item-to-item models, by preference (co-visitation first for bought-together). */
function siteNeighbours(u: Universe, seed: number, prefer: string[], k: number): Array<{ model: string; items: Int32Array; scores: Float32Array; weight: number }> {
  const out: Array<{ model: string; items: Int32Array; scores: Float32Array; weight: number }> = [];
  if (!u.site || seed < 0 || seed >= u.nSite) return out;
  let w = 1;
  for (const name of prefer) {
    const m: TrainedModel | undefined = u.site.models[name];
    if (!m?.neighbours) continue;
    const nb = m.neighbours(seed, k);
    if (nb.items.length) { out.push({ model: name, items: nb.items, scores: nb.scores, weight: w }); w *= 0.4; }
  }
  return out;
}

/** Items like one seed: site neighbours blended with content similarity. */
export function similar(ctx: RowContext, seed: number, k = 60): Strategy | null {
  const { u } = ctx;
  const n = u.ids.length;
  const total = new Float32Array(n), best = new Float32Array(n), src = new Uint8Array(n);
  const tags: string[] = [];
  // factor models find neighbours by a full pass over the catalogue: only ask them when no neighbour list knows the seed
  let lists = siteNeighbours(u, seed, ['itemKnn', 'coVisitation'], k);
  if (!lists.length) lists = siteNeighbours(u, seed, ['ease', 'ials'], k);
  const part = new Float32Array(n);
  for (const l of lists) {
    part.fill(0);
    for (let r = 0; r < l.items.length; r++) if (l.items[r] >= 0) part[l.items[r]] = Math.max(0, l.scores[r]);
    tags.push(sourceName(l.model));
    addNormalized(total, part, l.weight, best, src, tags.length - 1);
  }
  contentScores(contentIndex(u), [[seed, 1]], part);
  part[seed] = 0;
  tags.push('content');
  const any = addNormalized(total, part, lists.length ? 0.3 : 1, best, src, tags.length - 1);
  if (!lists.length && !any) return null;
  total[seed] = 0;
  const name = nameOf(u, u.ids[seed], ctx.v.touches.get(u.ids[seed])?.props);
  return { scores: total, source: (i) => tags[src[i]], reason: () => `similar to ${name}` };
}

/** Items that go with the seeds: the site's co-visitation (orders, sessions), its neighbours, and the visitor's own sessions. */
export function boughtTogether(ctx: RowContext, seeds: number[]): Strategy | null {
  const { u, h, v } = ctx;
  const n = u.ids.length;
  const total = new Float32Array(n), best = new Float32Array(n), src = new Uint8Array(n);
  const bestSeed = new Int32Array(n).fill(-1);
  const tags: string[] = [];
  const tagOf = new Map<string, number>();
  const part = new Float32Array(n);
  const put = (tag: string, seed: number, items: Int32Array, scores: Float32Array, w: number) => {
    part.fill(0);
    let max = 0;
    for (let r = 0; r < items.length; r++) if (scores[r] > max) max = scores[r];
    if (!(max > 0)) return;
    let t = tagOf.get(tag);
    if (t === undefined) { t = tags.length; tags.push(tag); tagOf.set(tag, t); }
    for (let r = 0; r < items.length; r++) {
      const j = items[r];
      if (j < 0 || !(scores[r] > 0)) continue;
      const c = (w * scores[r]) / max;
      total[j] += c;
      if (c > best[j]) { best[j] = c; src[j] = t; bestSeed[j] = seed; }
    }
  };
  for (const s of seeds) {
    for (const l of siteNeighbours(u, s, ['coVisitation', 'itemKnn'], 40)) put(l.model === 'coVisitation' ? 'co-visitation' : sourceName(l.model), s, l.items, l.scores, l.model === 'coVisitation' ? 1 : 0.3);
    if (h.own?.neighbours) {
      const nb = h.own.neighbours(s, 20);
      put('co-visitation:own', s, nb.items, nb.scores, 0.5);
    }
  }
  for (const s of seeds) total[s] = 0;
  let any = false;
  for (let i = 0; i < n; i++) if (total[i] > 0) { any = true; break; }
  if (!any) return null;
  return {
    scores: total,
    source: (i) => (tags[src[i]] === 'co-visitation:own' ? 'co-visitation' : tags[src[i]]),
    reason: (i) => {
      const s = bestSeed[i];
      const name = s >= 0 ? nameOf(u, u.ids[s], v.touches.get(u.ids[s])?.props) : 'this';
      const tag = tags[src[i]];
      return tag === 'co-visitation' ? `bought together with ${name}` : tag === 'co-visitation:own' ? `you looked at it with ${name}` : `shoppers who liked ${name} also liked this`;
    },
  };
}

/**
 * For-you: the site's models blended as the build chose (folded in on the visitor's history, recency-weighted),
 * plus content similarity to recent items for cold items; with no site model, content plus the visitor's own co-visitation.
 * Items the visitor already bought or viewed are damped, not removed, so a short history still fills a row.
 */
export function forYou(ctx: RowContext): Strategy | null {
  const { u, h, v } = ctx;
  if (h.history.items.length === 0) return null;
  const memo = h.memo.get('for-you') as Strategy | undefined;
  if (memo) return memo;
  const n = u.ids.length;
  const total = new Float32Array(n), best = new Float32Array(n), src = new Uint8Array(n);
  const tags: string[] = [];
  const part = new Float32Array(n);
  let siteWeight = 0;
  if (u.site && h.siteHistory.items.length) {
    let blend = Object.entries(u.site.blend).filter(([m, w]) => u.site!.models[m] && w > 0);
    if (!blend.length) blend = Object.keys(u.site.models).filter((m) => m !== 'popularity').map((m) => [m, 1]);
    const sum = blend.reduce((s, [, w]) => s + w, 0) || 1;
    const sitePart = part.subarray(0, u.nSite);
    for (const [name, w] of blend) {
      const m = u.site.models[name];
      m.score(foldedFor(h, name, m), sitePart);
      tags.push(sourceName(name));
      if (addNormalized(total, sitePart, (0.85 * w) / sum, best, src, tags.length - 1)) siteWeight = 0.85;
    }
  }
  const ix = contentIndex(u);
  contentScores(ix, h.seeds, part);
  tags.push('content');
  addNormalized(total, part, siteWeight ? 0.15 : 0.7, best, src, tags.length - 1);
  if (!siteWeight && h.own) {
    h.own.score(h.own.foldIn(h.history), part);
    tags.push('co-visitation');
    addNormalized(total, part, 0.3, best, src, tags.length - 1);
  }
  for (const [i, t] of h.touchAt) total[i] *= t.purchases > 0 ? 0.1 : 0.3;
  // reasons: the seed this item is closest to, via the site's neighbour lists when it has them, else content
  const seeds = h.seeds.slice(0, 8);
  const nbr = new Map<number, Map<number, number>>();
  const nbrOf = (s: number): Map<number, number> => {
    let m = nbr.get(s);
    if (!m) {
      m = new Map();
      for (const l of siteNeighbours(u, s, ['itemKnn', 'coVisitation'], 100)) {
        for (let r = 0; r < l.items.length; r++) if (!m.has(l.items[r])) m.set(l.items[r], l.weight * (1 - r / l.items.length));
      }
      nbr.set(s, m);
    }
    return m;
  };
  const strat: Strategy = {
    scores: total,
    source: (i) => tags[src[i]],
    reason: (i) => {
      let bestS = -1, bestA = 0;
      for (const [s, w] of seeds) {
        if (s === i) continue;
        const a = (nbrOf(s).get(i) ?? 0.5 * contentSim(ix, s, i)) * w;
        if (a > bestA) { bestA = a; bestS = s; }
      }
      if (bestS < 0) return 'recommended for you';
      const t = h.touchAt.get(bestS);
      const name = nameOf(u, u.ids[bestS], t?.props);
      return verb(t) === 'added' ? `because you added ${name} to your cart` : `because you ${verb(t)} ${name}`;
    },
  };
  h.memo.set('for-you', strat);
  void v;
  return strat;
}
