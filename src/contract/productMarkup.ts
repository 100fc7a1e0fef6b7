// Reads the product a page shows from the markup shops already publish for search engines, so owners
// get product views with no code: schema.org JSON-LD (the whole graph), schema.org microdata and RDFa
// Lite (read on the page by the markup chunk, src/autocapture/items/), OpenGraph product tags, and our
// own data-clientele-product attribute. Pure: the page collects strings, the worker reads them here.
// The rules (sources, precedence, main product, identity, values) are in the README, "Product markup".
import type { Product } from './events.ts';
import { productId } from './productId.ts';
import { type Candidate, type Fields, type PageFacts, idText } from './markup/candidate.ts';
import { identity, mainCluster, mergeFields, toProduct } from './markup/choose.ts';
import { isCurrencyCode } from './markup/currency.ts';
import { itemNodes, jsonLdNodes, parseJsonLd, type PageItem } from './markup/graph.ts';
import { isOgProduct, metaKeys, ogFields } from './markup/openGraph.ts';
import { parsePrice } from './markup/price.ts';
import { breadcrumbCategory, isProductNode, productFields } from './markup/schemaProduct.ts';
import { cleanText, resolveUrl } from './markup/text.ts';
import { first } from './markup/node.ts';

export type { PageItem, PageFacts };

/** Product markup as the page collects it: plain data, so it crosses to the worker as is. */
export interface ProductMarkup {
  /** Text of each JSON-LD block, in document order. */
  ld: string[];
  /** Microdata and RDFa Lite items, read by the markup chunk ([] when the page has none, null when the chunk did not load). */
  items: PageItem[] | null;
  /** og:* and product:* meta tags (property or name -> content). */
  meta: Record<string, string>;
  /** The page-level data-clientele-product attribute: JSON, or a bare product id. */
  attr: string | null;
  page?: PageFacts;
}

/** A BCP 47 tag from `<html lang>` or og:locale ("de_DE" -> "de-DE"), or undefined. */
function localeOf(...tags: Array<string | undefined>): string | undefined {
  for (const t of tags) {
    if (!t?.trim()) continue;
    try {
      return Intl.getCanonicalLocales(t.trim().replace(/_/g, '-'))[0];
    } catch { /* not a language tag */ }
  }
  return undefined;
}

/**
 * Reads a data-clientele-product attribute: JSON with product fields, or a bare product id.
 * @example attrFields('{"product_id": 7, "price": "9,50"}', 'de') // { ownerId: "7", price: 9.5 }
 */
export function attrFields(raw: string | null | undefined, locale?: string, base?: string): Fields | null {
  const text = raw?.trim();
  if (!text) return null;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    const id = text.startsWith('{') ? null : productId(text);
    return id ? { ownerId: id } : null;
  }
  if (typeof v === 'string' || typeof v === 'number') {
    const id = productId(v);
    return id ? { ownerId: id } : null;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  const f: Fields = {
    ownerId: productId(o.product_id ?? o.id) ?? undefined,
    sku: idText(o.sku),
    name: cleanText(o.name),
    price: parsePrice(o.price, locale)?.value,
    currency: typeof o.currency === 'string' ? o.currency : undefined,
    category: cleanText(o.category),
    brand: cleanText(o.brand),
    url: resolveUrl(o.url, base),
    image_url: resolveUrl(o.image_url ?? o.image, base),
    description: cleanText(o.description, 500),
    in_stock: typeof o.in_stock === 'boolean' ? o.in_stock : undefined,
  };
  return Object.values(f).some((x) => x !== undefined) ? f : null;
}

/**
 * The product a page is about, from all the markup it carries, or null when it shows no single product.
 * @example productFromMarkup({ ld: ['{"@type":"Product","sku":"A1","name":"Mug","offers":{"price":"9,50","priceCurrency":"€"}}'], items: [], meta: {}, attr: null, page: { lang: 'de' } })
 * // { product_id: "A1", sku: "A1", name: "Mug", price: 9.5, currency: "EUR" }
 */
export function productFromMarkup(m: ProductMarkup): Product | null {
  const page: PageFacts = m.page ?? {};
  const meta = metaKeys(m.meta);
  const locale = localeOf(page.lang, meta['og:locale']);
  const docs = (Array.isArray(m.ld) ? m.ld : []).map((t) => (typeof t === 'string' ? parseJsonLd(t) : undefined)).filter((d) => d !== undefined);
  const items = itemNodes(m.items ?? []);
  const all = [...jsonLdNodes(docs), ...items];
  const attr = attrFields(m.attr, locale, page.url);
  // The currency the page shows, to pick among offers in several: the owner's word, the microdata or RDFa beside the
  // visible price, OpenGraph's.
  const currencies = [attr?.currency, ...items.map((n) => first(n, 'pricecurrency')), meta['product:price:currency'] ?? meta['og:price:currency']]
    .map((c) => String(c ?? '').trim().toUpperCase()).filter(isCurrencyCode);
  const ctx = { url: page.url, locale, currencies };
  const schema: Candidate[] = all.filter((n) => isProductNode(n) && !n.variant).map((n) => ({ source: n.source, fields: productFields(n, ctx), node: n, order: n.order }));

  const og = isOgProduct(meta) ? ogFields(meta, ctx) : null;
  const members: Candidate[] = mainCluster(schema, page, meta['og:title'], attr?.ownerId, !!(og || attr));
  if (attr) members.push({ source: 'attr', fields: attr, order: 0 });
  if (og) members.push({ source: 'og', fields: og, order: 0 });
  if (!members.length) return null;

  const f = mergeFields(members, locale);
  f.category ??= breadcrumbCategory(all, f.name, page.url);
  f.url ??= resolveUrl(page.url, undefined);
  const id = identity(f, page, resolveUrl(meta['og:url'], page.url));
  return id ? toProduct(id, f) : null;
}
