// recommend(): fills one recommendation row from the visitor's events, the catalog and the site model. Pure and synchronous.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem, RecFilters, RecItem, RecommendRequest, RecType } from '../../src/contract/types.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import { onUniverse } from './history.ts';
import { boughtTogether, buyAgain, catalogOrder, forYou, popular, recentlyViewed, similar, trending, type RowContext, type Strategy } from './rows.ts';
import { bestFirst } from './select.ts';
import { displayItem, universeOf, type Universe } from './universe.ts';
import { prepareVisitor, type Visitor } from './visitor.ts';

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
}

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

/** Rows whose own items are the point (history rows) fall back only when empty; discovery rows top up to the limit. */
const HISTORY_ROWS: ReadonlySet<RecType> = new Set<RecType>(['recently-viewed', 'buy-again']);

/**
 * Fills one row: the row type's own strategy, then fallbacks (popular, then catalog order) so it is never empty
 * while the catalog has items. Every item says its source model and a reason.
 * Cost: a few ms for hundreds of events over 5k items; tens of ms over 100k items (first call per catalog also builds
 * the content index). Visitor fold-ins are cached per events array; pass `visitor` to manage that cache yourself.
 * @example
 * recommend({ request: { type: 'similar', limit: 4 }, events, catalog, site, now: Date.now(), eventWeights, currentItemId: 'sku-1' })
 * // [{ item: {...}, score: 0.8, source: 'item-knn', reason: 'similar to Red Mug' }, ...]
 */
export function recommend(input: RecommendInput): RecItem[] {
  const req = input.request ?? ({ type: 'popular' } as RecommendRequest);
  const f: RecFilters = req.filters ?? {};
  const limit = Math.max(1, Math.min(MAX_LIMIT, Math.floor(Number.isFinite(req.limit) ? (req.limit as number) : DEFAULT_LIMIT)));
  const u = universeOf(input.catalog ?? new Map(), input.site ?? null);
  const v = visitorFor(input);
  const h = onUniverse(v, u);
  const ctx: RowContext = { u, v, h };

  const excluded = new Set<number>();
  const exclude = (id: string | undefined) => {
    if (id === undefined) return;
    const i = u.index.get(id);
    if (i !== undefined) excluded.add(i);
  };
  for (const id of f.exclude ?? []) exclude(id);
  exclude(input.currentItemId);
  if (f.excludeInCart || req.type === 'for-you' || req.type === 'bought-together' || req.type === 'similar') for (const id of v.cart) exclude(id);
  for (const t of v.touches.values()) {
    if (f.excludeViewed && t.lastViewTs > 0) exclude(t.id);
    if (f.excludePurchased && t.purchases > 0) exclude(t.id);
  }
  const cats = f.category === undefined ? null : (Array.isArray(f.category) ? f.category : [f.category]).map(norm);

  // seed for similar / bought-together: the asked item, else the page's product, else the latest viewed (or the cart)
  const idx = (id: string | undefined) => (id === undefined ? undefined : u.index.get(id));
  const seedItem = idx(req.itemId) ?? idx(input.currentItemId);
  const cartIdx = v.cart.map((id) => u.index.get(id)).filter((i): i is number => i !== undefined);
  const recentIdx = v.recent.map((id) => u.index.get(id)).filter((i): i is number => i !== undefined);
  if (seedItem !== undefined && (req.type === 'similar' || req.type === 'bought-together')) excluded.add(seedItem);

  const chain: Array<() => Strategy | null> = [];
  switch (req.type) {
    case 'for-you': chain.push(() => forYou(ctx)); break;
    case 'similar': {
      const s = seedItem ?? recentIdx[0];
      if (s !== undefined) chain.push(() => similar(ctx, s));
      break;
    }
    case 'bought-together': {
      const seeds = req.itemId !== undefined && seedItem !== undefined ? [seedItem] : [...(seedItem !== undefined ? [seedItem] : []), ...cartIdx];
      if (!seeds.length && recentIdx.length) seeds.push(recentIdx[0]);
      if (seeds.length) {
        chain.push(() => boughtTogether(ctx, seeds));
        chain.push(() => similar(ctx, seeds[0]));
      }
      break;
    }
    case 'trending': chain.push(() => trending(ctx)); break;
    case 'popular': break;
    case 'recently-viewed': chain.push(() => recentlyViewed(ctx)); break;
    case 'buy-again': chain.push(() => buyAgain(ctx)); break;
    default: break;
  }
  const own = chain.length;
  chain.push(() => popular(ctx), () => catalogOrder(ctx));

  const out: RecItem[] = [];
  const chosen = new Set<number>();
  // With a real catalog, items only the site model knows (sold out, discontinued since the build) wait until
  // the catalog's own items cannot fill the row.
  const preferCatalog = prefersCatalog(u);
  const spare: RecItem[] = [];
  for (let c = 0; c < chain.length && out.length < limit; c++) {
    if (c >= own && own > 0 && out.length > 0 && HISTORY_ROWS.has(req.type)) break;
    const s = chain[c]();
    if (!s) continue;
    for (const i of bestFirst(s.scores)) {
      if (chosen.has(i) || excluded.has(i)) continue;
      const item = displayItem(u, i);
      if (!item || !passes(item, f, cats)) continue;
      chosen.add(i);
      const rec = { item, score: s.scores[i], source: s.source(i), reason: s.reason(i) };
      if (preferCatalog && !u.catalog.has(u.ids[i])) {
        if (spare.length < limit) spare.push(rec);
        continue;
      }
      out.push(rec);
      if (out.length >= limit) break;
    }
  }
  for (const rec of spare) if (out.length < limit) out.push(rec);
  return out;
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
