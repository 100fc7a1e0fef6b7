// Reads a schema.org product node (from JSON-LD, microdata or RDFa) into fields: identifiers, name,
// brand, category, image, and the price of the offer that matches the variant the page shows, else the
// lowest available one. Offers may be one, several, an AggregateOffer (with or without its offers), a
// priceSpecification, or sit on the variants of a ProductGroup. Pure.
// Spec: https://schema.org/Product, https://schema.org/Offer, https://schema.org/ProductGroup
import { first, hasType, isNode, nodes, values, type MarkupNode, type MarkupValue } from './node.ts';
import { gtinText, idText, type Fields } from './candidate.ts';
import { categoryText, cleanText, resolveUrl, withoutTracking } from './text.ts';
import { parsePrice } from './price.ts';
import { resolveCurrency } from './currency.ts';

/** schema.org Product and its subtypes (and Vehicle's), the types a shop page's product carries. */
export const PRODUCT_TYPES: ReadonlySet<string> = new Set([
  'product', 'productgroup', 'productmodel', 'individualproduct', 'someproducts', 'productcollection',
  'vehicle', 'car', 'motorcycle', 'motorizedbicycle', 'busorcoach', 'dietarysupplement', 'drug',
]);
/** Creative works shops sell; read as products only when they carry offers. */
const SOLD_WORKS: ReadonlySet<string> = new Set(['book', 'audiobook', 'videogame', 'musicalbum', 'musicrecording', 'movie', 'softwareapplication', 'mobileapplication', 'webapplication', 'game']);
const OFFER_TYPES: ReadonlySet<string> = new Set(['offer', 'aggregateoffer']);
const BREADCRUMB: ReadonlySet<string> = new Set(['breadcrumblist']);
/** Price types that are not what the shopper pays now. */
const NOT_SALE_PRICE = /listprice|strikethrough|msrp|srp|invoiceprice|minimumadvertised/i;
const UNAVAILABLE = /outofstock|soldout|discontinued|out of stock|sold out|unavailable/i;
const AVAILABLE = /instock|in stock|limitedavailability|onlineonly|instoreonly|preorder|presale|backorder|madetoorder|available/i;

/** True for a node the reader treats as a product. */
export const isProductNode = (n: MarkupNode): boolean => hasType(n, PRODUCT_TYPES) || (hasType(n, SOLD_WORKS) && n.props.has('offers'));

export interface ReadContext {
  /** The page URL (for relative URLs and the page's variant). */
  url?: string;
  locale?: string;
  /** Currency codes the page gives elsewhere (the owner's attribute, microdata, OpenGraph), best first, to pick among offers in several currencies. */
  currencies?: string[];
}

/** Text of a value: a string, a number, or a node's name. */
export const textOf = (v: MarkupValue | undefined, max = 300): string | undefined =>
  isNode(v) ? textOf(first(v, 'name', 'alternatename'), max) : cleanText(v, max);

/**
 * The product fields of one schema.org node.
 * @example productFields(node, { url: 'https://shop.example/p/1', locale: 'de' }) // { sku: 'A1', name: 'Mug', price: 48, currency: 'EUR', ... }
 */
export function productFields(n: MarkupNode, ctx: ReadContext): Fields {
  // A variant's page names its group with isVariantOf: the group fills what the variant leaves out.
  const group = nodes(n, 'isvariantof').find((g) => g !== n);
  const f: Fields = {
    sku: idText(first(n, 'sku')),
    productId: idText(first(n, 'productid', 'productgroupid', 'identifier')),
    gtin: gtinText(first(n, 'gtin14', 'gtin13', 'gtin12', 'gtin8', 'gtin', 'isbn', 'ean')),
    mpn: idText(first(n, 'mpn')),
    name: textOf(first(n, 'name')) ?? (group && textOf(first(group, 'name'))),
    brand: textOf(first(n, 'brand', 'manufacturer')) ?? (group && textOf(first(group, 'brand', 'manufacturer'))),
    category: categoryOf(n) ?? (group && categoryOf(group)),
    image_url: imageOf(values(n, 'image', 'thumbnailurl'), ctx.url) ?? (group && imageOf(values(group, 'image'), ctx.url)),
    url: resolveUrl(first(n, 'url'), ctx.url),
    description: textOf(first(n, 'description'), 500) ?? (group && textOf(first(group, 'description'), 500)),
  };
  Object.assign(f, offerFields(n, ctx));
  return f;
}

function categoryOf(n: MarkupNode): string | undefined {
  for (const v of values(n, 'category')) {
    const s = categoryText(textOf(v));
    if (s) return s;
  }
  return undefined;
}

function imageOf(list: MarkupValue[], base: string | undefined): string | undefined {
  for (const v of list) {
    const u = isNode(v) ? resolveUrl(first(v, 'url', 'contenturl'), base) : resolveUrl(v, base);
    if (u) return u;
  }
  return undefined;
}

interface OfferEntry {
  price?: number;
  currency?: string;
  available?: boolean;
  /** Identifiers and URLs of the offer and its variant, to match the variant the page shows. */
  marks: string[];
  urls: string[];
  variant?: MarkupNode;
}

function availability(v: MarkupValue | undefined): boolean | undefined {
  const s = typeof v === 'string' ? v : isNode(v) ? v.id ?? textOf(first(v, 'name')) : undefined;
  if (!s) return undefined;
  return UNAVAILABLE.test(s) ? false : AVAILABLE.test(s) ? true : undefined;
}

/** One offer's price: its own, an AggregateOffer's lowPrice, or its priceSpecification's sale price. */
function offerEntry(o: MarkupNode, ctx: ReadContext, variant?: MarkupNode): OfferEntry {
  // A blank or unrendered currency ("", "{{ shop.currency }}") says nothing: the price's own symbol may.
  const code = (v: MarkupValue | undefined) => (typeof v === 'string' ? cleanText(v) : undefined);
  let currency = code(first(o, 'pricecurrency', 'currency'));
  // An AggregateOffer's lowPrice of 0 or blank (a variant without its price) next to its highPrice is a placeholder.
  const read = (k: string) => parsePrice(first(o, k), ctx.locale, currency?.toUpperCase());
  let parsed = read('price');
  for (const k of ['lowprice', 'highprice']) if (!(parsed && parsed.value > 0)) parsed = read(k) ?? parsed;
  // The specification's sale price stands in for an offer price that is missing, unreadable or 0.
  // Not a list price, nor a price per reference quantity ("19,96 € / kg"); a CompoundPriceSpecification's components too.
  const specs = nodes(o, 'pricespecification').flatMap((s) => [s, ...nodes(s, 'pricecomponent')]);
  const spec = specs.find((s) => !NOT_SALE_PRICE.test(String(first(s, 'pricetype') ?? '')) && !first(s, 'referencequantity') && first(s, 'price', 'minprice') !== undefined) ?? specs[0];
  if (spec && !(parsed && parsed.value > 0)) {
    const c = currency ?? code(first(spec, 'pricecurrency'));
    const p = parsePrice(first(spec, 'price') ?? first(spec, 'minprice'), ctx.locale, c?.toUpperCase());
    if (p || !parsed) [parsed, currency] = [p, c];
  }
  const marks: string[] = [];
  const urls: string[] = [];
  for (const src of variant ? [o, variant] : [o]) {
    for (const k of ['sku', 'productid', 'gtin13', 'gtin14', 'gtin12', 'gtin8', 'gtin', 'mpn']) {
      const id = idText(first(src, k));
      if (id) marks.push(id.toLowerCase());
    }
    // An @id of a fragment alone ("#v1") names a node of this page, so it would match any variant's page.
    for (const u of [resolveUrl(first(src, 'url'), ctx.url), src.id?.[0] !== '#' && resolveUrl(src.id, ctx.url)]) if (u) urls.push(u);
  }
  return {
    price: parsed?.value,
    currency: currency ?? parsed?.currencyText,
    available: availability(first(o, 'availability')) ?? (variant && availability(first(variant, 'availability'))),
    marks,
    urls,
    variant,
  };
}

/** Offers of a product node: its own, and its variants' if it is a group. */
function offersOf(n: MarkupNode, ctx: ReadContext): OfferEntry[] {
  const out: OfferEntry[] = [];
  const add = (v: MarkupValue, variant: MarkupNode | undefined, depth: number) => {
    if (!isNode(v)) {
      // "offers": "19.99" is out of spec but seen: a bare price (not a URL or other text with digits in it).
      if (typeof v === 'number' || (typeof v === 'string' && /^\D{0,4}\d[\d.,'\s]*\D{0,4}$/.test(v.trim()))) out.push({ ...offerEntry({ types: [], props: new Map([['price', [v]]]), source: n.source, order: 0 }, ctx, variant) });
      return;
    }
    const inner = hasType(v, OFFER_TYPES) || v.types.length === 0 ? nodes(v, 'offers') : [];
    if (inner.length && depth < 3) inner.forEach((o) => add(o, variant, depth + 1));
    else out.push(offerEntry(v, ctx, variant));
  };
  values(n, 'offers').forEach((v) => add(v, undefined, 0));
  for (const variant of nodes(n, 'hasvariant')) {
    if (variant === n) continue;
    const vo = values(variant, 'offers');
    if (vo.length) vo.forEach((v) => add(v, variant, 0));
    else if (first(variant, 'price') !== undefined) add(variant, variant, 3);
  }
  // A price straight on the product (out of spec, but common in hand-written microdata).
  if (!out.length && (first(n, 'price') !== undefined || first(n, 'lowprice') !== undefined)) out.push(offerEntry(n, ctx));
  return out;
}

/**
 * The query values and URL of the page, to find the variant it shows: Shopify's ?variant=ID, SFCC's
 * ?pid=ID or dwvar_ attributes, WooCommerce's attribute_ params, or an offer URL equal to the page's.
 */
function pageMarks(url: string | undefined): { values: Set<string>; url?: string } {
  const marks = new Set<string>();
  if (!url) return { values: marks };
  try {
    const u = new URL(withoutTracking(url));
    for (const v of u.searchParams.values()) if (v) marks.add(v.toLowerCase());
    const last = decodeURIComponent(u.pathname.split('/').filter(Boolean).pop() ?? '').replace(/\.html?$/, '');
    if (last) marks.add(last.toLowerCase());
    return { values: marks, url: u.search ? u.href : undefined };
  } catch {
    return { values: marks };
  }
}

function offerFields(n: MarkupNode, ctx: ReadContext): Partial<Fields> {
  const all = offersOf(n, ctx);
  const priced = all.filter((e) => e.price !== undefined);
  if (!all.length) return {};
  const page = pageMarks(ctx.url);
  const urlMatch = (e: OfferEntry) => !!page.url && e.urls.some((u) => withoutTracking(u) === page.url);
  const idMatch = (e: OfferEntry) => e.marks.some((m) => page.values.has(m)) || e.urls.some((u) => {
    try { return [...new URL(u).searchParams.values()].some((v) => page.values.has(v.toLowerCase())); } catch { return false; }
  });
  let pool = priced.length ? priced : all;
  let matched = pool.filter(urlMatch);
  if (!matched.length) matched = pool.filter(idMatch);
  const picked = matched.length && matched.length < pool.length;
  if (picked) pool = matched;
  // Offers in several currencies: keep the page's currency (the first it names that an offer has), else the first
  // available offer's: one out of stock in another currency listed first is not what the page sells.
  // Compared as codes: "€" is EUR ("$" by the page's language).
  const cur = (e: OfferEntry) => resolveCurrency(e.currency, { locale: ctx.locale, codes: ctx.currencies }) ?? '';
  const want = ctx.currencies?.map((c) => pool.find((e) => cur(e) == c)).find(Boolean) ?? pool.find((e) => e.available !== false) ?? pool[0];
  pool = pool.filter((e) => cur(e) === cur(want) || !e.currency);
  const available = pool.filter((e) => e.available !== false);
  if (available.length) pool = available;
  const positive = pool.filter((e) => (e.price ?? 0) > 0);
  if (positive.length) pool = positive;
  const best = pool.reduce((a, b) => ((b.price ?? Infinity) < (a.price ?? Infinity) ? b : a));
  const inStock = best.available ?? (all.some((e) => e.available === true) ? true : all.every((e) => e.available === false) ? false : undefined);
  const out: Partial<Fields> = { price: best.price, currency: best.currency?.trim() || undefined, in_stock: inStock };
  if (picked && best.variant) out.variant = idText(first(best.variant, 'sku')) ?? textOf(first(best.variant, 'name'));
  // Shopify's groups carry their pictures on the variants: the variant shown, else the one whose offer was taken.
  const img = best.variant && imageOf(values(best.variant, 'image', 'thumbnailurl'), ctx.url);
  if (img && (picked || !imageOf(values(n, 'image', 'thumbnailurl'), ctx.url))) out.image_url = img;
  return out;
}

/**
 * The category path of the page's breadcrumb ("Home > Kitchen > Mugs" -> "Kitchen > Mugs"), without the
 * home link and without the product itself; the longest BreadcrumbList on the page wins.
 * @example breadcrumbCategory(nodes, 'Red Mug') // "Kitchen > Mugs"
 */
export function breadcrumbCategory(all: MarkupNode[], productName: string | undefined, base: string | undefined): string | undefined {
  let best: string[] = [];
  for (const list of all) {
    if (!hasType(list, BREADCRUMB)) continue;
    const items = nodes(list, 'itemlistelement')
      .map((li, i) => ({ li, pos: Number(first(li, 'position')) || i + 1 }))
      .sort((a, b) => a.pos - b.pos)
      .map(({ li }) => {
        const item = first(li, 'item');
        const name = textOf(first(li, 'name')) ?? (isNode(item) ? textOf(first(item, 'name')) : undefined);
        const url = isNode(item) ? resolveUrl(first(item, 'url') ?? item.id, base) : resolveUrl(item, base);
        return { name, url };
      })
      .filter((x): x is { name: string; url: string | undefined } => !!x.name);
    const names: string[] = [];
    items.forEach((x, i) => {
      const root = !!x.url && /^https?:\/\/[^/]+\/?(?:index\.\w+)?(?:[?#].*)?$/i.test(x.url);
      if (i === 0 && (root || HOME.test(x.name))) return;
      names.push(x.name);
    });
    const last = names[names.length - 1];
    if (last && productName && sameText(last, productName)) names.pop();
    if (names.length > best.length) best = names;
  }
  return best.length ? best.join(' > ') : undefined;
}

const sameText = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
// "Home" in the languages shops speak: the first crumb is the shop, not a category.
const HOME = /^(home|homepage|start|startseite|accueil|inicio|início|strona główna|hem|forside|etusivu|domů|főoldal|anasayfa|главная|الرئيسية|ホーム|首页|홈|shop|store)$/i;
