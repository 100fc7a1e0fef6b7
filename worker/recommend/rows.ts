// One scoring strategy per kind of row, following the protocol in scoring/protocol (rows.ts for the table of weights,
// exclusions and fallbacks, forYou.ts for the for-you scoring). Each writes a score per universe item (> 0 = candidate)
// plus where it came from and why.
import { forYouScores } from '../../scoring/protocol/forYou.ts';
import { BOUGHT_TOGETHER_WEIGHTS, FOR_YOU_WITHOUT_SITE, SIMILAR_WEIGHTS } from '../../scoring/protocol/rows.ts';
import { BOUGHT_TOGETHER_LIST, FOR_YOU_LIST } from '../../scoring/siteModel/format.ts';
import { contentIndex, contentScores, contentSim } from './content.ts';
import type { VisitorOnUniverse } from './history.ts';
import { nameOf, type Universe } from './universe.ts';
import type { Touch, Visitor } from './visitor.ts';
import type { Reason } from '../../src/messages/types.ts';
import { COMBINED_FAMILIES } from '../../src/contract/loop.ts';

/** Scores over the universe with the model behind each item and why (a message key and params, worded per locale). */
export interface Strategy {
  scores: Float32Array;
  source(i: number): string;
  reason(i: number): Reason;
}

/** What every strategy may read. */
export interface RowContext {
  u: Universe;
  v: Visitor;
  h: VisitorOnUniverse;
  /**
   * For-you weights overriding the site model's protocol (an experiment's variant), over what the model ships:
   * its for-you families (itemKnn, rp3beta, ease, ials: one combined row, as weighted at build), coVisitation (the
   * bought-together rows) and popularity.
   */
  blend?: Record<string, number>;
}

const because = (t: Touch | undefined): Reason['key'] => (t?.strongest === 'bought' ? 'reason.bought' : t?.strongest === 'added' ? 'reason.added' : 'reason.viewed');
const why = (key: Reason['key'], params: Reason['params'] = {}): Reason => ({ key, params });

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

/** A site row of `seed` (list FOR_YOU_LIST or BOUGHT_TOGETHER_LIST), or undefined when there is none (or it is not loaded). */
const siteRow = (u: Universe, list: number, seed: number) => (u.site && seed >= 0 && seed < u.nSite ? u.site.row(list, seed) : undefined);

/** The site's favourites in the order the site model lists them. */
export function popular(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (!u.site) return null;
  const scores = new Float32Array(u.ids.length);
  const top = u.site.popularity.top;
  // rank-based scores keep the published order exactly (ties included) through best-first selection
  for (let r = 0; r < top.length; r++) scores[top[r]] = (top.length - r) / top.length;
  return { scores, source: () => 'popularity', reason: () => why('reason.popular') };
}

/** The catalog in its own order: the last resort, so a row is never empty while the catalog has items. */
export function catalogOrder(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (u.catalog.size === 0) return null;
  const scores = new Float32Array(u.ids.length);
  let r = 0;
  for (const id of u.catalog.keys()) scores[u.index.get(id)!] = 1 / (1 + r++);
  return { scores, source: () => 'catalog', reason: () => why('reason.catalog') };
}

/** Growth of interest: the last window against the one before it, damped so a single sale is not a trend. */
export function trending(ctx: RowContext): Strategy | null {
  const { u } = ctx;
  if (!u.site) return null;
  const { trending: t, windowDays } = u.site.popularity;
  const scores = new Float32Array(u.ids.length);
  const growth = new Map<number, number>();
  for (let r = 0; r < t.items.length; r++) {
    const i = t.items[r];
    if (!(t.recent[r] > 0)) continue;
    scores[i] = ((t.recent[r] + 1) / (t.previous[r] + 1)) * Math.log1p(t.recent[r]);
    growth.set(i, (t.recent[r] + 1) / (t.previous[r] + 1));
  }
  if (!growth.size) return null;
  const week = windowDays === 7;
  return {
    scores,
    source: () => 'trending',
    reason: (i) => {
      const g = growth.get(i) ?? 1;
      const x = g >= 10 ? Math.round(g) : Math.round(g * 10) / 10;
      return g >= 1.5 ? why(week ? 'reason.trending-week' : 'reason.trending-days', { growth: x, count: windowDays }) : why(week ? 'reason.popular-week' : 'reason.popular-days', { count: windowDays });
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
    reason: (i) => why('reason.viewed-ago', { agoMs: Math.max(0, v.now - (v.touches.get(u.ids[i])?.lastViewTs ?? v.now)) }),
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
    const rep = u.site && i < u.nSite ? u.site.repeat(i) ?? 0.3 : 0.3;
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
      const agoMs = Math.max(0, v.now - t.lastPurchaseTs);
      return t.purchases > 1 ? why('reason.bought-times', { count: t.purchases, agoMs }) : why('reason.bought-ago', { agoMs });
    },
  };
}

/** Writes a site row into `part` (zeroed first); false when the seed has none. */
function rowInto(part: Float32Array, row: { items: Int32Array; scores: Float32Array } | undefined): boolean {
  part.fill(0);
  if (!row || !row.items.length) return false;
  for (let r = 0; r < row.items.length; r++) part[row.items[r]] = row.scores[r];
  return true;
}

/** Items like one seed: the seed's for-you row (what its buyers went on to), its bought-together row, content similarity. */
export function similar(ctx: RowContext, seed: number): Strategy | null {
  const { u } = ctx;
  const n = u.ids.length;
  const total = new Float32Array(n), best = new Float32Array(n), src = new Uint8Array(n);
  const tags: string[] = [];
  const part = new Float32Array(n);
  let lists = 0;
  if (rowInto(part, siteRow(u, FOR_YOU_LIST, seed))) { tags.push('item-to-item'); addNormalized(total, part, SIMILAR_WEIGHTS.forYou, best, src, tags.length - 1); lists++; }
  if (rowInto(part, siteRow(u, BOUGHT_TOGETHER_LIST, seed))) { tags.push('co-visitation'); addNormalized(total, part, SIMILAR_WEIGHTS.boughtTogether, best, src, tags.length - 1); lists++; }
  contentScores(contentIndex(u), [[seed, 1]], part);
  part[seed] = 0;
  tags.push('content');
  const any = addNormalized(total, part, lists ? SIMILAR_WEIGHTS.content : SIMILAR_WEIGHTS.contentAlone, best, src, tags.length - 1);
  if (!lists && !any) return null;
  total[seed] = 0;
  const name = nameOf(u, u.ids[seed], ctx.v.touches.get(u.ids[seed])?.props);
  return { scores: total, source: (i) => tags[src[i]], reason: () => why('reason.similar', { name }) };
}

/** Items that go with the seeds: their bought-together rows (orders, sessions), their for-you rows, the visitor's own sessions. */
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
    const bt = siteRow(u, BOUGHT_TOGETHER_LIST, s), fy = siteRow(u, FOR_YOU_LIST, s);
    if (bt) put('co-visitation', s, bt.items, bt.scores, BOUGHT_TOGETHER_WEIGHTS.boughtTogether);
    if (fy) put('item-to-item', s, fy.items, fy.scores, BOUGHT_TOGETHER_WEIGHTS.forYou);
    if (h.own?.neighbours) {
      const nb = h.own.neighbours(s, 20);
      put('co-visitation:own', s, nb.items, nb.scores, BOUGHT_TOGETHER_WEIGHTS.ownSessions);
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
      const name = s >= 0 ? nameOf(u, u.ids[s], v.touches.get(u.ids[s])?.props) : '';
      const tag = tags[src[i]];
      return why(tag === 'co-visitation' ? 'reason.bought-together' : tag === 'co-visitation:own' ? 'reason.looked-together' : 'reason.also-liked', { name });
    },
  };
}

/** "because you viewed X": the visitor's item whose site row (else content) reaches `i` most strongly. */
function reasonFor(ctx: RowContext, seeds: ReadonlyArray<readonly [number, number]>) {
  const { u, h } = ctx;
  const nbr = new Map<number, Map<number, number>>();
  const nbrOf = (s: number): Map<number, number> => {
    let m = nbr.get(s);
    if (!m) {
      m = new Map();
      const row = siteRow(u, FOR_YOU_LIST, s);
      if (row) for (let r = 0; r < row.items.length; r++) m.set(row.items[r], 1 - r / row.items.length);
      nbr.set(s, m);
    }
    return m;
  };
  const ix = contentIndex(u);
  return (i: number): Reason => {
    let bestS = -1, bestA = 0;
    for (const [s, w] of seeds) {
      if (s === i) continue;
      const a = (nbrOf(s).get(i) ?? 0.5 * contentSim(ix, s, i)) * w;
      if (a > bestA) { bestA = a; bestS = s; }
    }
    if (bestS < 0) return why('reason.for-you');
    const t = h.touchAt.get(bestS);
    return why(because(t), { name: nameOf(u, u.ids[bestS], t?.props) });
  };
}

/**
 * For-you from the site model: the protocol's scores (scoring/protocol/forYou.ts) over the rows of the visitor's items.
 * Without a site model: content similarity plus the visitor's own co-visitation. What the visitor touched is excluded
 * by recommend() (ROW_RULES), and content fills in after this (its own strategy).
 */
export function forYou(ctx: RowContext): Strategy | null {
  const { u, h } = ctx;
  if (h.history.items.length === 0) return null;
  const memoKey = ctx.blend ? `for-you:${JSON.stringify(ctx.blend)}` : 'for-you';
  const memo = h.memo.get(memoKey) as Strategy | undefined;
  if (memo) return memo;
  const n = u.ids.length;
  const seeds = h.seeds.slice(0, 8);
  let strat: Strategy | null = null;
  if (u.site && h.siteHistory.items.length) {
    const site = u.site;
    const total = new Float32Array(n);
    const sitePart = total.subarray(0, u.nSite);
    if (!ctx.blend) {
      if (forYouScores((i) => site.row(FOR_YOU_LIST, i), h.siteHistory, site.forYou, sitePart) > 0) strat = { scores: total, source: () => 'item-to-item', reason: reasonFor(ctx, seeds) };
    } else {
      strat = variantForYou(ctx, ctx.blend, total, seeds);
    }
  } else {
    // no site model: the visitor's own signals only
    const total = new Float32Array(n), best = new Float32Array(n), src = new Uint8Array(n);
    const part = new Float32Array(n);
    const tags = ['content', 'co-visitation'];
    contentScores(contentIndex(u), h.seeds, part);
    addNormalized(total, part, FOR_YOU_WITHOUT_SITE.content, best, src, 0);
    if (h.own) {
      h.own.score(h.own.foldIn(h.history), part);
      addNormalized(total, part, FOR_YOU_WITHOUT_SITE.ownSessions, best, src, 1);
    }
    strat = { scores: total, source: (i) => tags[src[i]], reason: reasonFor(ctx, seeds) };
  }
  if (strat) h.memo.set(memoKey, strat);
  return strat;
}

/** Site-model families whose rows the shipped for-you row combines (a variant can weigh them only together). */
const COMBINED = new Set(COMBINED_FAMILIES);

/**
 * An experiment's for-you: its weights over the shipped for-you row (the families it combines, together), the
 * bought-together rows folded in the same way, and popularity, each scaled by its own maximum.
 */
function variantForYou(ctx: RowContext, blend: Record<string, number>, total: Float32Array, seeds: ReadonlyArray<readonly [number, number]>): Strategy | null {
  const { u, h } = ctx;
  const site = u.site!;
  let wFy = 0;
  for (const [m, w] of Object.entries(blend)) if (COMBINED.has(m) && w > 0) wFy += w;
  const wCv = blend.coVisitation ?? 0, wPop = blend.popularity ?? 0;
  const n = u.ids.length;
  const best = new Float32Array(n), src = new Uint8Array(n), part = new Float32Array(n);
  const tags = ['item-to-item', 'co-visitation', 'popularity'];
  const settings = site.forYou;
  if (wFy > 0 && forYouScores((i) => site.row(FOR_YOU_LIST, i), h.siteHistory, settings, part.subarray(0, u.nSite)) > 0) addNormalized(total, part, wFy, best, src, 0);
  part.fill(0);
  if (wCv > 0 && forYouScores((i) => site.row(BOUGHT_TOGETHER_LIST, i), h.siteHistory, settings, part.subarray(0, u.nSite)) > 0) addNormalized(total, part, wCv, best, src, 1);
  part.fill(0);
  if (wPop > 0) {
    const top = site.popularity.top;
    for (let r = 0; r < top.length; r++) part[top[r]] = (top.length - r) / top.length;
    addNormalized(total, part, wPop, best, src, 2);
  }
  let any = false;
  for (let i = 0; i < n && !any; i++) if (total[i] > 0) any = true;
  return any ? { scores: total, source: (i) => tags[src[i]], reason: reasonFor(ctx, seeds) } : null;
}

/** Content similarity to the visitor's strongest recent items: fills a for-you row the site rows could not. */
export function forYouContent(ctx: RowContext): Strategy | null {
  const { u, h } = ctx;
  if (!h.seeds.length) return null;
  const scores = new Float32Array(u.ids.length);
  contentScores(contentIndex(u), h.seeds, scores);
  for (const [i] of h.touchAt) scores[i] = 0;
  return { scores, source: () => 'content', reason: reasonFor(ctx, h.seeds.slice(0, 8)) };
}
