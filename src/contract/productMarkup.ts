// Reads the product a page shows from the markup shops already publish for search engines,
// so owners get product views with no code: schema.org JSON-LD, schema.org microdata,
// OpenGraph product tags, or our own data-clientele-product attribute. Pure: the page collects
// the markup as strings (src/autocapture/markup.ts) and the worker reads it here.
import type { Product } from './events.ts';

/** Product markup as the page collects it: strings only, so it crosses to the worker as is. */
export interface ProductMarkup {
  /** Text of each JSON-LD block. */
  ld: string[];
  /** itemprop -> value of the first schema.org Product item, plus its itemtype. */
  micro: Record<string, string> | null;
  /** og:* and product:* meta tags. */
  meta: Record<string, string>;
  /** The page-level data-clientele-product attribute. */
  attr: string | null;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const first = <T>(v: T | T[] | undefined): T | undefined => (Array.isArray(v) ? v[0] : v);
const text = (v: unknown): string | undefined => {
  v = first(v as unknown[]);
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (isObj(v)) return text(v.name ?? v.url ?? v['@id']);
  return undefined;
};
const num = (v: unknown): number | undefined => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[^\d.-]/g, '')) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

const isProductType = (t: unknown): boolean =>
  (Array.isArray(t) ? t : [t]).some((x) => typeof x === 'string' && /(^|\/|:)(Product|ProductModel|IndividualProduct)$/.test(x));

function findLdProduct(node: unknown, depth = 0): Json | undefined {
  if (depth > 5) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) { const p = findLdProduct(n, depth + 1); if (p) return p; }
    return undefined;
  }
  if (!isObj(node)) return undefined;
  if (isProductType(node['@type'])) return node;
  return findLdProduct(node['@graph'], depth + 1) ?? findLdProduct(node.mainEntity, depth + 1);
}

function fromLd(p: Json): Product | null {
  const offer = first(p.offers as Json | Json[] | undefined) as Json | undefined;
  const id = text(p.sku) ?? text(p.productID) ?? text(p.mpn) ?? text(p.gtin13) ?? text(p['@id']);
  if (!id) return null;
  return clean({
    product_id: id,
    sku: text(p.sku),
    name: text(p.name),
    price: num(offer?.price ?? offer?.lowPrice ?? (isObj(offer?.priceSpecification) ? (offer!.priceSpecification as Json).price : undefined)),
    currency: text(offer?.priceCurrency ?? (isObj(offer?.priceSpecification) ? (offer!.priceSpecification as Json).priceCurrency : undefined)),
    category: text(p.category),
    brand: text(p.brand),
    image_url: text(p.image),
    url: text(p.url) ?? text(offer?.url),
    description: text(p.description)?.slice(0, 500),
    in_stock: typeof offer?.availability === 'string' ? !/OutOfStock|Discontinued|SoldOut/i.test(offer.availability) : undefined,
  });
}

function clean(p: Product): Product {
  for (const k of Object.keys(p) as Array<keyof Product>) if (p[k] === undefined) delete p[k];
  if (p.currency) p.currency = p.currency.toUpperCase();
  return p;
}

function readJsonLd(blocks: string[]): Product | null {
  for (const text of blocks) {
    try {
      const p = findLdProduct(JSON.parse(text || 'null'));
      const out = p && fromLd(p);
      if (out) return out;
    } catch {
      // Malformed JSON-LD is common in the wild; try the next block or the other markups.
    }
  }
  return null;
}

function readMicrodata(m: Record<string, string> | null): Product | null {
  if (!m || !isProductType(m.itemtype)) return null;
  const id = m.sku ?? m.productID ?? m.mpn;
  if (!id) return null;
  return clean({ product_id: id, sku: m.sku, name: m.name, price: num(m.price ?? m.lowPrice), currency: m.priceCurrency, category: m.category, brand: m.brand, image_url: m.image, url: m.url });
}

function readOpenGraph(meta: Record<string, string>): Product | null {
  const get = (k: string) => meta[k]?.trim() || undefined;
  if (!/^product/i.test(get('og:type') ?? '')) return null;
  const id = get('product:retailer_item_id') ?? get('product:sku') ?? get('og:product:id');
  if (!id) return null;
  return clean({
    product_id: id,
    name: get('og:title'),
    price: num(get('product:price:amount') ?? get('og:price:amount')),
    currency: get('product:price:currency') ?? get('og:price:currency'),
    category: get('product:category'),
    brand: get('product:brand'),
    image_url: get('og:image'),
    url: get('og:url'),
  });
}

/**
 * Parses a data-clientele-product attribute: JSON, or a bare product id.
 * @example readDataAttr('{"product_id":"A1","price":3}') // { product_id: 'A1', price: 3 }
 */
export function readDataAttr(raw: string | null): Product | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    if (isObj(v) && (typeof v.product_id === 'string' || typeof v.product_id === 'number')) return clean({ ...(v as unknown as Product), product_id: String(v.product_id) });
  } catch {
    if (/^[\w.:/-]{1,100}$/.test(raw)) return { product_id: raw };
  }
  return null;
}

/**
 * The product a page is about, from whichever markup it has (JSON-LD, microdata, OpenGraph, data attribute), or null.
 * @example productFromMarkup({ ld: [], micro: null, meta: {}, attr: 'SKU-1' }) // { product_id: 'SKU-1' }
 */
export function productFromMarkup(m: ProductMarkup): Product | null {
  return readJsonLd(m.ld) ?? readMicrodata(m.micro) ?? readOpenGraph(m.meta) ?? readDataAttr(m.attr);
}
