// recommend(): fills one recommendation row from the visitor's events, the catalog and the site model. Pure and synchronous.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem, RecFilters, RecItem, RecommendRequest } from '../../src/contract/types.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import { onUniverse } from './history.ts';
import { ROW_RULES, type RowStrategy } from '../../scoring/protocol/rows.ts';
import { boughtTogether, buyAgain, catalogOrder, forYou, forYouContent, popular, recentlyViewed, similar, trending, type RowContext, type Strategy } from './rows.ts';
import { bestFirst } from './select.ts';
import { displayItem, missingMeta, universeOf, type Universe } from './universe.ts';
import { prepareVisitor, type Visitor } from './visitor.ts';
import { mayFallBack, onScreen } from './rowRules.ts';
import { createTranslator, wordReason, type Translate } from '../../src/messages/format.ts';
import { enReasons } from '../../src/messages/en.ts';

export { prepareVisitor, type Visitor } from './visitor.ts';

/** Everything one row needs. */
export interface RecommendInput {
  request: RecommendRequest;
  /** The visitor's own stored events. */
  events: StoredEvent[];
  /** product_id -> item. */
  catalog: Map<string, CatalogItem>;
  /** Crowd knowledge, or null. */
  site: SiteModel | null;
  /** ms since epoch (the engine's clock). */
  now: number;
  eventWeights: Record<string, number>;
  /** The product on the page. */
  currentItemId?: string;
  /** A visitor from prepareVisitor() to reuse; by default recommend() caches one per events array itself. */
  visitor?: Visitor;
  /** False for the holdout: similar and bought-together are seeded by the product on screen (or itemId) only. Default true. */
  personalize?: boolean;
  /** For-you blend weights to use instead of the site model's (an experiment's variant). */
  blend?: Record<string, number>;
  /** Items the visitor dismissed never show; their near neighbours' scores are multiplied by these factors. */
  dismissed?: { excluded: ReadonlySet<string>; demoted: ReadonlyMap<string, number> };
  /** Words each item's reason (default: English); the engine passes one for the page's language. */
  translate?: Translate;
}

const ENGLISH = createTranslator('en', null, { en: enReasons });

export const DEFAULT_LIMIT = 6;
const MAX_LIMIT = 100;

// Visitors digested per events array: the engine passes the same array until new events arrive.
const visitors = new WeakMap<object, { v: Visitor; weights: Record<string, number> }>();

function visitorFor(input: RecommendInput): Visitor {
  if (input.visitor) return input.visitor;
  const hit = visitors.get(input.events);
  // fold-ins decay by days, so a visitor prepared a minute ago ranks the same
  if (hit && hit.weights === input.eventWeights && Math.abs(hit.v.now - input.now) < 60_000 && hit.v.eventCount === input.events.length) return hit.v;
  const v = prepareVisitor(input.events, input.eventWeights, input.now);
  visitors.set(input.events, { v, weights: input.eventWeights });
  return v;
}

const norm = (s: string) => s.trim().toLowerCase();

/** True if the item's category is one of the wanted ones, or sits under one ("Kitchen" matches "Kitchen > Mugs"). */
function categoryMatches(category: string | undefined, wanted: string[]): boolean {
  if (!category) return false;
  const c = norm(category);
  return wanted.some((w) => c === w || c.startsWith(w + ' >') || c.startsWith(w + '>') || c.startsWith(w + '/'));
}

function passes(item: CatalogItem, f: RecFilters, cats: string[] | null): boolean {
  if (cats && !categoryMatches(item.category, cats)) return false;
  if (f.minPrice !== undefined && !(typeof item.price === 'number' && item.price >= f.minPrice)) return false;
  if (f.maxPrice !== undefined && !(typeof item.price === 'number' && item.price <= f.maxPrice)) return false;
  if (f.inStock && item.in_stock === false) return false;
  return true;
}

/**
 * Fills one row by its protocol (scoring/protocol/rows.ts): the row type's own strategy, then its fallbacks (content,
 * popular, catalog order) so it is never empty while the catalog has items (except rows of the visitor's own items,
 * recently viewed and buy again, which show only those), with the row's exclusions and diversity. Never the product on
 * screen. Every item says its source model and a reason.
 * Cost: a few ms for hundreds of events over 5k items; tens of ms over 100k items (first call per catalog also builds
 * the content index). Visitor fold-ins are cached per events array; pass `visitor` to manage that cache yourself.
 * A site model whose shards are not all loaded ranks with the rows it has: the engine loads the visitor's first.
 * @example
 * recommend({ request: { type: 'similar', limit: 4 }, events, catalog, site, now: Date.now(), eventWeights, currentItemId: 'sku-1' })
 * // [{ item: {...}, score: 0.8, source: 'item-to-item', reason: 'similar to Red Mug', why: { key: 'reason.similar', params: { name: 'Red Mug' } } }, ...]
 */
export function recommend(input: RecommendInput): RecItem[] {
  const req = input.request ?? ({ type: 'popular' } as RecommendRequest);
  const f: RecFilters = req.filters ?? {};
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(Number.isFinite(req.limit) ? (req.limit as number) : DEFAULT_LIMIT)));
  const u = universeOf(input.catalog ?? new Map(), input.site ?? null);
  const v = visitorFor(input);
  const h = onUniverse(v, u);
  const ctx: RowContext = { u, v, h, blend: input.blend };
  const rule = ROW_RULES[req.type] ?? ROW_RULES.popular;
  const personal = input.personalize !== false;

  const excluded = new Set<number>();
  const exclude = (id: string | undefined) => {
    if (id === undefined) return;
    const i = u.index.get(id);
    if (i !== undefined) excluded.add(i);
  };
  for (const id of f.exclude ?? []) exclude(id);
  for (const id of input.dismissed?.excluded ?? []) exclude(id);
  for (const id of onScreen(req, input.currentItemId)) exclude(id);
  if (f.excludeInCart || rule.excludeCart) for (const id of v.cart) exclude(id);
  for (const t of v.touches.values()) {
    if ((f.excludeViewed || rule.excludeViewed) && t.lastViewTs > 0) exclude(t.id);
    if ((f.excludePurchased || rule.excludeBought) && t.purchases > 0) exclude(t.id);
  }
  const cats = f.category === undefined ? null : (Array.isArray(f.category) ? f.category : [f.category]).map(norm);

  // seed for similar / bought-together: the asked item, else the page's product, else the latest viewed (or the cart)
  const idx = (id: string | undefined) => (id === undefined ? undefined : u.index.get(id));
  const seedItem = idx(req.itemId) ?? idx(input.currentItemId);
  const cartIdx = personal ? v.cart.map((id) => u.index.get(id)).filter((i): i is number => i !== undefined) : [];
  const recentIdx = personal ? v.recent.map((id) => u.index.get(id)).filter((i): i is number => i !== undefined) : [];
  if (seedItem !== undefined && (req.type === 'similar' || req.type === 'bought-together')) excluded.add(seedItem);
  const similarSeed = seedItem ?? recentIdx[0];
  const togetherSeeds = req.itemId !== undefined && seedItem !== undefined ? [seedItem] : [...(seedItem !== undefined ? [seedItem] : []), ...cartIdx];
  if (!togetherSeeds.length && recentIdx.length) togetherSeeds.push(recentIdx[0]);

  const strategies: Record<RowStrategy, () => Strategy | null> = {
    'for-you': () => forYou(ctx),
    content: () => forYouContent(ctx),
    similar: () => (req.type === 'bought-together' ? (togetherSeeds.length ? similar(ctx, togetherSeeds[0]) : null) : similarSeed !== undefined ? similar(ctx, similarSeed) : null),
    'bought-together': () => (togetherSeeds.length ? boughtTogether(ctx, togetherSeeds) : null),
    trending: () => trending(ctx),
    popular: () => popular(ctx),
    'recently-viewed': () => recentlyViewed(ctx),
    'buy-again': () => buyAgain(ctx),
    catalog: () => catalogOrder(ctx),
  };
  const chain = rule.chain.map((name) => strategies[name]);
  // the row's own strategies: everything before the generic fallbacks
  const own = rule.chain.filter((name) => name !== 'popular' && name !== 'catalog').length;

  const out: RecItem[] = [];
  const chosen = new Set<number>();
  const capPerCategory = rule.maxPerCategory?.(limit) ?? Infinity;
  const perCategory = new Map<string, number>();
  // With a real catalog, items only the site model knows (sold out, discontinued since the build) wait until
  // the catalog's own items cannot fill the row.
  const preferCatalog = prefersCatalog(u);
  const spare: RecItem[] = [];
  const deferred: RecItem[] = [];
  for (let c = 0; c < chain.length && out.length < limit; c++) {
    if (!mayFallBack(req.type, c, own)) break;
    const s = demoted(chain[c](), u, input.dismissed?.demoted);
    if (!s) continue;
    for (const i of bestFirst(s.scores)) {
      if (chosen.has(i) || excluded.has(i)) continue;
      const item = displayItem(u, i);
      if (!item || !passes(item, f, cats)) continue;
      chosen.add(i);
      const why = s.reason(i);
      const rec = { item, score: s.scores[i], source: s.source(i), reason: wordReason(input.translate ?? ENGLISH, why), why };
      if (capPerCategory < limit && item.category) {
        const k = perCategory.get(item.category) ?? 0;
        // over its category's share: kept back, in case nothing else can fill the row
        if (k >= capPerCategory) { if (deferred.length < limit) deferred.push(rec); continue; }
        perCategory.set(item.category, k + 1);
      }
      if (preferCatalog && !u.catalog.has(u.ids[i])) {
        if (spare.length < limit) spare.push(rec);
        continue;
      }
      out.push(rec);
      if (out.length >= limit) break;
    }
  }
  for (const rec of deferred) if (out.length < limit) out.push(rec);
  for (const rec of spare) if (out.length < limit) out.push(rec);
  return out;
}

/** The strategy with dismissed items' neighbours scaled down (on a copy: strategies may be memoized). */
function demoted(s: Strategy | null, u: Universe, factors: ReadonlyMap<string, number> | undefined): Strategy | null {
  if (!s || !factors?.size) return s;
  const scores = Float32Array.from(s.scores);
  for (const [id, f] of factors) {
    const i = u.index.get(id);
    if (i !== undefined) scores[i] *= f;
  }
  return { ...s, scores };
}

/** A catalog is "real" (a feed, not a few products captured from pages) when it holds half the site model's items, or 200. */
function prefersCatalog(u: Universe): boolean {
  if (!u.site || u.catalog.size === 0) return false;
  let known = u.memo.get('catalog-share') as number | undefined;
  if (known === undefined) {
    known = 0;
    for (const id of u.site.items) if (u.catalog.has(id)) known++;
    u.memo.set('catalog-share', known);
  }
  return known >= Math.min(200, u.nSite / 2);
}

/** What recommendLoading needs from a lazily loaded site model (worker/siteModelLoader.ts). */
export interface ShardLoader {
  ensure(items: Iterable<number>): Promise<void>;
  ensureMeta(items: Iterable<number>): Promise<void>;
}

/**
 * recommend() over a site model whose shards load on demand: first the shards of the items this row can draw on (the
 * visitor's most recent items, the cart, the page's product and the asked one), then the row; if the row wanted items
 * whose names only the site model knows, their metadata files load and the row is ranked again. Never rejects.
 * @example
 * const recs = await recommendLoading({ request, events, catalog, site: loaded.model, now, eventWeights }, loaded);
 */
export async function recommendLoading(input: RecommendInput, loader: ShardLoader | null): Promise<RecItem[]> {
  const site = input.site;
  if (!site || !loader) return recommend(input);
  const v = visitorFor(input);
  const touched = [...v.touches.values()].sort((a, b) => b.lastTs - a.lastTs).slice(0, site.forYou.maxHistory).map((t) => t.id);
  const ids = [...touched, ...v.cart, input.currentItemId, input.request?.itemId];
  const need: number[] = [];
  for (const id of ids) {
    const i = id === undefined ? undefined : site.index.get(id);
    if (i !== undefined) need.push(i);
  }
  await loader.ensure(need);
  const u = universeOf(input.catalog ?? new Map(), site);
  missingMeta(u).clear();
  let recs = recommend(input);
  const missing = [...missingMeta(u)];
  if (missing.length) {
    await loader.ensureMeta(missing);
    missingMeta(u).clear();
    recs = recommend(input);
  }
  return recs;
}
