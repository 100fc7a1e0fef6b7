// A product catalog (JSON array, or { products: [...] }) -> item metadata by product id, as build-model --catalog reads it.
import type { Result } from '../../src/contract/types.ts';
import type { ItemMeta } from '../siteModel/index.ts';
import { productId } from '../../src/contract/productId.ts';

/**
 * Reads products' names, prices, categories and images by id (product_id, id or sku).
 * @example
 * catalogMeta([{ product_id: 'mug', name: 'Red Mug', price: 8 }]) // { ok: true, value: Map { 'mug' => { name: 'Red Mug', price: 8 } } }
 */
export function catalogMeta(json: unknown, source = 'the catalog'): Result<Map<string, ItemMeta>> {
  const list = Array.isArray(json) ? json : (json as { products?: unknown } | null)?.products;
  if (!Array.isArray(list)) {
    return { ok: false, code: 'bad-catalog', message: `[clientele] ${source} must hold an array of products or { "products": [...] }, got ${json === null ? 'null' : typeof json}; export your catalog as JSON in one of those shapes` };
  }
  const out = new Map<string, ItemMeta>();
  for (const p of list as Array<Record<string, unknown> | null>) {
    const id = productId(p?.product_id ?? p?.id ?? p?.sku);
    if (!p || !id) continue;
    const m: ItemMeta = {};
    if (typeof p.name === 'string') m.name = p.name;
    const price = Number(p.price);
    if (p.price !== undefined && p.price !== null && Number.isFinite(price)) m.price = price;
    if (typeof p.category === 'string') m.category = p.category;
    const image = p.image_url ?? p.image;
    if (typeof image === 'string') m.image = image;
    out.set(id, m);
  }
  if (out.size === 0) return { ok: false, code: 'bad-catalog', message: `[clientele] ${source} lists no product with a product_id, id or sku; give each product one of those keys` };
  return { ok: true, value: out };
}
