// The items a row can draw from: the site model's items (same indices as its arrays) followed by catalog-only items.
import type { CatalogItem } from '../../src/contract/types.ts';
import type { ItemMeta, SiteModel } from '../../scoring/siteModel/format.ts';

/** One index space over site-model and catalog items. */
export interface Universe {
  ids: string[];
  index: Map<string, number>;
  /** Indices below nSite are site-model items, so model score arrays line up with the first nSite entries. */
  nSite: number;
  site: SiteModel | null;
  catalog: Map<string, CatalogItem>;
  /** Lazily built data keyed by its builder (content index, scratch arrays). */
  memo: Map<string, unknown>;
}

const NO_SITE = {};
const cache = new WeakMap<Map<string, CatalogItem>, WeakMap<object, { size: number; u: Universe }>>();

/**
 * The universe for a catalog and site model, cached while the catalog map keeps its identity and size.
 * @example
 * const u = universeOf(catalog, site); u.index.get('sku-1')
 */
export function universeOf(catalog: Map<string, CatalogItem>, site: SiteModel | null): Universe {
  let bySite = cache.get(catalog);
  if (!bySite) cache.set(catalog, (bySite = new WeakMap()));
  const hit = bySite.get(site ?? NO_SITE);
  if (hit && hit.size === catalog.size) return hit.u;
  const ids = site ? site.items.slice() : [];
  const index = site ? new Map(site.index) : new Map<string, number>();
  for (const id of catalog.keys()) {
    if (!index.has(id)) { index.set(id, ids.length); ids.push(id); }
  }
  const u: Universe = { ids, index, nSite: site ? site.items.length : 0, site, catalog, memo: new Map() };
  bySite.set(site ?? NO_SITE, { size: catalog.size, u });
  return u;
}

/**
 * The item as a widget shows it: the catalog entry (filled in from the site model's metadata where it lacks fields),
 * else the site model's metadata; null when nothing names it, so a bare id from an event never reaches a row.
 * @example
 * displayItem(u, 3)?.name
 */
export function displayItem(u: Universe, i: number): CatalogItem | null {
  const id = u.ids[i];
  const c = u.catalog.get(id);
  const hasName = (s: unknown): s is string => typeof s === 'string' && s.trim() !== '';
  const complete = c && hasName(c.name) && c.price !== undefined && c.category !== undefined && c.image_url !== undefined;
  let m: ItemMeta | undefined;
  if (!complete && u.site && i < u.nSite) {
    m = u.site.meta(i);
    // metadata files load on demand: the engine fetches what a row wanted and ranks again
    if (!m && u.site.head.meta) missingMeta(u).add(i);
  }
  if (c && hasName(c.name) && (!m || complete)) return c;
  if (!hasName(c?.name) && !hasName(m?.name)) return null;
  // Items captured from events often carry only an id and a price: the site model knows the rest.
  const item: CatalogItem = { product_id: id, name: hasName(c?.name) ? c.name : m!.name };
  if (m?.price !== undefined) item.price = m.price;
  if (m?.category !== undefined) item.category = m.category;
  if (m?.image !== undefined) item.image_url = m.image;
  return c ? { ...item, ...c, name: item.name } : item;
}

/**
 * Site items a row wanted to show whose metadata file is not loaded yet (the set fills as rows are ranked).
 * @example
 * const want = [...missingMeta(u)]; missingMeta(u).clear();
 */
export function missingMeta(u: Universe): Set<number> {
  let s = u.memo.get('missing-meta') as Set<number> | undefined;
  if (!s) u.memo.set('missing-meta', (s = new Set()));
  return s;
}

/**
 * A human name for an item in a reason: catalog name, site name, the visitor's own event properties, else the id.
 * @example
 * nameOf(u, 'sku-1') // "Red Mug"
 */
export function nameOf(u: Universe, id: string, fallback?: Record<string, unknown>): string {
  const c = u.catalog.get(id);
  if (c?.name) return c.name;
  const i = u.index.get(id);
  if (u.site && i !== undefined && i < u.nSite) {
    const n = u.site.meta(i)?.name;
    if (n) return n;
  }
  if (fallback && typeof fallback.name === 'string' && fallback.name) return fallback.name;
  return id;
}
