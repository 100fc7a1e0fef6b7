// Products as events describe them, and how two descriptions of one product merge. Pure functions.
import type { RawEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import { productId } from '../../src/contract/productId.ts';

const STRING_FIELDS = ['sku', 'name', 'currency', 'category', 'brand', 'url', 'image_url', 'description'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
};

/**
 * Reads a catalog item from a product-shaped object, keeping only well-typed fields; null without a product id.
 * Quantity is dropped: it describes one cart line, not the product.
 * @example toCatalogItem({ product_id: 7, name: 'Mug', price: '9.50' }, 1700000000000) // { product_id: '7', name: 'Mug', price: 9.5, updated_at: 1700000000000 }
 */
export function toCatalogItem(raw: unknown, updatedAt?: number): CatalogItem | null {
  if (!isObject(raw)) return null;
  // A feed may name the id `id`; an event's own `product_id` always wins.
  const id = productId(raw.product_id !== undefined ? raw.product_id : raw.id);
  if (!id) return null;
  const item: CatalogItem = { product_id: id };
  for (const k of STRING_FIELDS) {
    const v = raw[k];
    if (typeof v === 'string' && v.trim() !== '') item[k] = v.trim();
  }
  const price = toNumber(raw.price);
  if (price !== undefined && price >= 0) item.price = price;
  if (Array.isArray(raw.tags)) {
    const tags = raw.tags.filter((t): t is string => typeof t === 'string' && t.trim() !== '').map((t) => t.trim());
    if (tags.length) item.tags = [...new Set(tags)];
  }
  if (typeof raw.in_stock === 'boolean') item.in_stock = raw.in_stock;
  const at = updatedAt ?? toNumber(raw.updated_at);
  if (at !== undefined) item.updated_at = at;
  return item;
}

/**
 * Merges two descriptions of one product: the newer one's fields win, and no field the other knew is lost.
 * Tags are united; the longer description is kept, since events often carry a truncated one.
 * @example mergeCatalogItem({ product_id: 'a', name: 'Mug', price: 9 }, { product_id: 'a', price: 8, updated_at: 2 }) // { product_id: 'a', name: 'Mug', price: 8, updated_at: 2 }
 */
export function mergeCatalogItem(existing: CatalogItem | undefined, incoming: CatalogItem): CatalogItem {
  if (!existing) return { ...incoming };
  const incomingNewer = (incoming.updated_at ?? Infinity) >= (existing.updated_at ?? -Infinity);
  const [older, newer] = incomingNewer ? [existing, incoming] : [incoming, existing];
  const out: CatalogItem = { ...older };
  for (const [k, v] of Object.entries(newer)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  if (existing.tags || incoming.tags) out.tags = [...new Set([...(newer.tags ?? []), ...(older.tags ?? [])])];
  if (existing.description && incoming.description) {
    out.description = existing.description.length >= incoming.description.length ? existing.description : incoming.description;
  }
  const at = Math.max(existing.updated_at ?? -Infinity, incoming.updated_at ?? -Infinity);
  if (Number.isFinite(at)) out.updated_at = at;
  return out;
}

/**
 * True when two descriptions are equal field by field (tags by order), so a merge that changed nothing skips its write.
 * @example sameCatalogItem({ product_id: 'a', tags: ['x'] }, { product_id: 'a', tags: ['x'] }) // true
 */
export function sameCatalogItem(a: CatalogItem | undefined, b: CatalogItem): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    const x = (a as unknown as Record<string, unknown>)[k];
    const y = (b as unknown as Record<string, unknown>)[k];
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length || x.some((v, i) => v !== y[i])) return false;
    } else if (x !== y) return false;
  }
  return true;
}

/** True when two product-shaped objects give toCatalogItem the same fields (all but the time). */
function sameDescription(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (a === b) return true;
  for (const k of STRING_FIELDS) if (a[k] !== b[k]) return false;
  if (a.price !== b.price || a.in_stock !== b.in_stock || a.updated_at !== b.updated_at || a.id !== b.id) return false;
  const x = a.tags, y = b.tags;
  if (x === y) return true;
  return Array.isArray(x) && Array.isArray(y) && x.length === y.length && x.every((t, i) => t === y[i]);
}

/**
 * Extracts the products events describe: top-level product fields (Product Viewed, Added, ...) and `products` lists
 * (Order Completed, Cart Viewed, Checkout Started). One item per product id, merged across the batch.
 * @example catalogFromEvents([{ message_id: 'm1', event: 'Product Viewed', properties: { product_id: 'p1', name: 'Mug' }, timestamp: 1 }])
 */
export function catalogFromEvents(events: ReadonlyArray<Pick<RawEvent, 'properties' | 'timestamp'>>): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  // The description each product's item last merged: most events of a burst repeat it, and then only the time moves.
  const last = new Map<string, [raw: Record<string, unknown>, currency: unknown]>();
  const add = (raw: Record<string, unknown>, at: number | undefined, fallbackCurrency: unknown) => {
    const id = raw.product_id;
    const seen = typeof id === 'string' ? last.get(id) : undefined;
    const known = seen && byId.get(id as string);
    // Only for a description as new as the item, which would win the merge again and change nothing but the time.
    if (known && at !== undefined && at >= (known.updated_at ?? Infinity) && seen[1] === fallbackCurrency && sameDescription(seen[0], raw)) {
      known.updated_at = at;
      return;
    }
    const item = toCatalogItem(raw, at);
    if (!item) return;
    if (!item.currency && typeof fallbackCurrency === 'string' && fallbackCurrency.trim() !== '') item.currency = fallbackCurrency.trim();
    const before = byId.get(item.product_id);
    byId.set(item.product_id, mergeCatalogItem(before, item));
    // Kept under the item's own id, and only for a raw id already in that form, so a lookup by raw id finds it.
    if (id === item.product_id && at !== undefined && !(at < (before?.updated_at ?? -Infinity))) last.set(id, [raw, fallbackCurrency]);
    else last.delete(item.product_id);
  };
  for (const e of events) {
    const p = e.properties;
    if (!isObject(p)) continue;
    const at = Number.isFinite(e.timestamp) ? e.timestamp : undefined;
    // Only `product_id` marks a product event: a bare `id` on a page or order event means something else.
    if (p.product_id !== undefined) add(p, at, undefined);
    if (Array.isArray(p.products)) for (const item of p.products) if (isObject(item) && item.product_id !== undefined) add(item, at, p.currency);
  }
  return [...byId.values()];
}
