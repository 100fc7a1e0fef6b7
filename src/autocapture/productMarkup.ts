// Reads the product a page shows from the markup shops already publish for search engines,
// so owners get product views with no code: schema.org JSON-LD, schema.org microdata,
// OpenGraph product tags, or our own data-clientele-product attribute.
import type { Product } from '../contract/events.ts';

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

/** Elements inside data-clientele-ignore are never read. */
export const ignored = (el: Element): boolean => el.closest('[data-clientele-ignore]') !== null;

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

function readJsonLd(doc: Document): Product | null {
  for (const s of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    if (ignored(s)) continue;
    try {
      const p = findLdProduct(JSON.parse(s.textContent || 'null'));
      const out = p && fromLd(p);
      if (out) return out;
    } catch {
      // Malformed JSON-LD is common in the wild; try the next block or the other markups.
    }
  }
  return null;
}

function readMicrodata(doc: Document): Product | null {
  const root = Array.from(doc.querySelectorAll('[itemscope][itemtype]')).find((el) => isProductType(el.getAttribute('itemtype')) && !ignored(el));
  if (!root) return null;
  const prop = (name: string, scope: Element = root): string | undefined => {
    const el = scope.querySelector(`[itemprop~="${name}"]`);
    if (!el) return undefined;
    const v = el.getAttribute('content') ?? el.getAttribute('src') ?? el.getAttribute('href') ?? el.textContent;
    return v?.trim() || undefined;
  };
  const offer = root.querySelector('[itemprop~="offers"]') ?? root;
  const id = prop('sku') ?? prop('productID') ?? prop('mpn');
  if (!id) return null;
  return clean({
    product_id: id,
    sku: prop('sku'),
    name: prop('name'),
    price: num(prop('price', offer) ?? prop('lowPrice', offer)),
    currency: prop('priceCurrency', offer),
    category: prop('category'),
    brand: prop('brand'),
    image_url: prop('image'),
    url: prop('url'),
  });
}

function readOpenGraph(doc: Document): Product | null {
  const meta = (name: string) =>
    doc.querySelector(`meta[property="${name}"],meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const type = meta('og:type');
  if (!type || !/^product/i.test(type)) return null;
  const id = meta('product:retailer_item_id') ?? meta('product:sku') ?? meta('og:product:id');
  if (!id) return null;
  return clean({
    product_id: id,
    name: meta('og:title'),
    price: num(meta('product:price:amount') ?? meta('og:price:amount')),
    currency: meta('product:price:currency') ?? meta('og:price:currency'),
    category: meta('product:category'),
    brand: meta('product:brand'),
    image_url: meta('og:image'),
    url: meta('og:url'),
  });
}

/** Parses a data-clientele-product attribute: JSON, or a bare product id. */
export function readDataAttr(el: Element): Product | null {
  const raw = el.getAttribute('data-clientele-product');
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as unknown;
    if (isObj(v) && (typeof v.product_id === 'string' || typeof v.product_id === 'number')) return clean({ ...(v as unknown as Product), product_id: String(v.product_id) });
  } catch {
    if (/^[\w.:/-]{1,100}$/.test(raw)) return { product_id: raw };
  }
  return null;
}

function readDataAttributes(doc: Document): Product | null {
  // Only a page-level mark counts as "this page shows a product"; marks inside links are product cards.
  for (const el of Array.from(doc.querySelectorAll('[data-clientele-product]'))) {
    if (ignored(el) || el.closest('a')) continue;
    const p = readDataAttr(el);
    if (p) return p;
  }
  return null;
}

/**
 * The product this page is about, from whichever markup it has, or null.
 * @example readPageProduct(document) // { product_id: 'SKU-1', name: 'Mug', price: 9.5, currency: 'GBP' }
 */
export function readPageProduct(doc: Document): Product | null {
  return readJsonLd(doc) ?? readMicrodata(doc) ?? readOpenGraph(doc) ?? readDataAttributes(doc);
}
