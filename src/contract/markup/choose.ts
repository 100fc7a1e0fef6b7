// From many product candidates to the one product the page is about, with its fields merged from every
// source that describes it, and its id. The rules are written down in the README ("Product markup").
import type { Product } from '../events.ts';
import { productId } from '../productId.ts';
import { SOURCES, looseName, type Candidate, type Fields, type PageFacts } from './candidate.ts';
import { isCurrencyCode, resolveCurrency } from './currency.ts';
import { withoutTracking } from './text.ts';

/** Keys that say two candidates describe the same product. */
function keysOf(c: Candidate): string[] {
  const f = c.fields;
  const keys: string[] = [];
  for (const id of [f.ownerId, f.sku, f.productId, f.mpn, f.retailerId]) if (id) keys.push('id:' + id.toLowerCase());
  if (f.gtin) keys.push('gtin:' + f.gtin.replace(/^0+/, ''));
  // The fragment stays: "listing#p/1" and "listing#p/2" are two products.
  if (f.url) keys.push('url:' + comparableUrl(f.url) + (/#.+/.exec(f.url)?.[0] ?? ''));
  if (c.node?.id) keys.push('ref:' + c.node.id);
  const name = looseName(f.name);
  if (name) keys.push('name:' + name);
  return keys;
}

/** A URL as compared for "same page": no fragment, no tracking parameters, no trailing slash, any scheme. */
const comparableUrl = (u: string): string => withoutTracking(u).replace(/^https?:\/\//i, '').replace(/\/(?=\?|$)/, '').toLowerCase();

/** Groups candidates that share an id, a URL, an `@id` or a name (union-find over shared keys). */
function clusters(cands: Candidate[]): Candidate[][] {
  const parent = cands.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  const owner = new Map<string, number>();
  cands.forEach((c, i) => {
    for (const k of keysOf(c)) {
      const j = owner.get(k);
      if (j === undefined) owner.set(k, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, Candidate[]>();
  cands.forEach((c, i) => {
    const r = find(i);
    groups.set(r, [...(groups.get(r) ?? []), c]);
  });
  return [...groups.values()];
}

const rank = (c: Candidate) => SOURCES.indexOf(c.source) * 1e6 + c.order;

interface Scored { members: Candidate[]; score: number; urlMatch: boolean; strong: boolean; weak: boolean; list: boolean; first: number; elsewhere: boolean }

/**
 * How strongly the page says it is about this product. Strong: its URL or `@id` is the page's canonical
 * URL (or location), its name is the page's h1, the markup calls it the main entity (or it holds the h1),
 * the owner's attribute names it. Weak: its name and the h1 contain one another, or og:title / the title
 * contains its name. And whether it sits in a list of related products.
 */
function score(members: Candidate[], page: PageFacts, ogTitle: string | undefined, ownerId: string | undefined): Scored {
  const pageUrls = [page.canonical, page.url].filter((u): u is string => !!u).map(comparableUrl);
  const urls = members.flatMap((c) => [c.fields.url, c.node?.id].filter((u): u is string => !!u && /^https?:/i.test(u)));
  const names = members.map((c) => looseName(c.fields.name)).filter(Boolean);
  const h1 = looseName(page.h1);
  const titles = [looseName(ogTitle), looseName(page.title)].filter(Boolean);
  const long = (n: string) => n.length >= 4;
  const urlMatch = urls.some((u) => pageUrls.includes(comparableUrl(u)));
  const h1Match = !!h1 && names.includes(h1);
  const main = members.some((c) => c.node?.main);
  const owner = !!ownerId && members.some((c) => [c.fields.sku, c.fields.productId, c.fields.mpn, c.fields.gtin].includes(ownerId));
  const h1Near = !!h1 && long(h1) && names.some((n) => long(n) && (h1.includes(n) || n.includes(h1)));
  const titleNear = names.some((n) => long(n) && titles.some((t) => t.includes(n)));
  const list = members.every((c) => c.node?.list);
  const score = (owner ? 20 : 0) + (urlMatch ? 8 : 0) + (h1Match ? 6 : h1Near ? 4 : 0) + (main ? 5 : 0) + (titleNear ? 2 : 0) + (members.some((c) => c.node?.top) ? 1 : 0) - (list ? 10 : 0);
  // Its URL names another page than this one (a card linking to its product): another last path segment, whatever the
  // host, the query (?variant=), the folders before it (/en/, /collections/lamps/) or an extension.
  // The same page's slugs: "mug" and "mug.html", "123" and "123-alpine-mug".
  const slug = (u: string) => comparableUrl(u).replace(/[?#].*$/, '').split('/').pop()!.replace(/\.\w+$/, '') + '-';
  const elsewhere = !!pageUrls.length && !!urls.length && !urls.some((u) => pageUrls.some((p) => slug(p).startsWith(slug(u)) || slug(u).startsWith(slug(p))));
  return { members, score, urlMatch, strong: urlMatch || h1Match || main || owner, weak: h1Near || titleNear, list, first: Math.min(...members.map(rank)), elsewhere };
}

/**
 * The schema.org candidates that describe the page's product, or [] when the page shows no single product
 * (a listing, or only related products). A product in a list needs a strong signal to be chosen.
 */
export function mainCluster(schema: Candidate[], page: PageFacts, ogTitle: string | undefined, ownerId: string | undefined, pageSaysProduct: boolean): Candidate[] {
  if (!schema.length) return [];
  let scored = clusters(schema).map((m) => score(m, page, ogTitle, ownerId));
  // Several products "at" the page's URL (in-page anchors like #p/1 on a listing): the URL tells none apart.
  if (scored.filter((x) => x.urlMatch).length > 1) scored = clusters(schema).map((m) => score(m, { ...page, canonical: undefined, url: undefined }, ogTitle, ownerId));
  scored.sort((a, b) => b.score - a.score || a.first - b.first);
  const free = scored.filter((x) => !x.list);
  // A lone product whose URL is another page's, and nothing else says it is this page's, is a listing's one card.
  const best = scored.find((x) => x.strong) ?? free.find((x) => x.weak) ?? (free.length === 1 && !free[0].elsewhere ? free[0] : undefined);
  if (best) return best.members;
  // Several products and nothing to tell them apart: a listing, unless the page itself says it shows a product.
  if (free.length > 1 && pageSaysProduct) return free.sort((a, b) => a.first - b.first)[0].members;
  return [];
}

const FIELDS: Array<keyof Fields> = ['ownerId', 'sku', 'productId', 'gtin', 'mpn', 'retailerId', 'name', 'category', 'brand', 'url', 'image_url', 'description', 'in_stock', 'variant'];

/**
 * Merges the candidates of one product by precedence (the owner's attribute, JSON-LD, microdata, RDFa,
 * OpenGraph; within a source, document order): each field comes from the first source that has it.
 * Price and currency travel together, from the first source with a price; its currency, when written as
 * a symbol, is resolved with the page's locale and the codes the other sources give.
 */
export function mergeFields(members: Candidate[], locale: string | undefined): Fields {
  const sorted = [...members].sort((a, b) => rank(a) - rank(b));
  const out: Fields = {};
  for (const k of FIELDS) {
    const c = sorted.find((x) => x.fields[k] !== undefined);
    if (c) (out as Record<string, unknown>)[k] = c.fields[k];
  }
  // A price of 0 next to a real one elsewhere is a placeholder (configurable products print one).
  let priced = sorted.find((x) => (x.fields.price ?? 0) > 0) ?? sorted.find((x) => x.fields.price !== undefined);
  // A price a hundred times another source's is that price in cents (a theme printing {{ product.price }} unfiltered).
  priced = sorted.find((x) => (x.fields.price ?? 0) > 0 && Math.round(x.fields.price! * 100) === priced!.fields.price) ?? priced;
  const codes = sorted.map((x) => x.fields.currency?.trim().toUpperCase()).filter((c): c is string => !!c && isCurrencyCode(c));
  const written = priced?.fields.currency ?? sorted.find((x) => x.fields.currency)?.fields.currency;
  if (priced) out.price = priced.fields.price;
  const currency = resolveCurrency(written, { locale, codes }) ?? codes[0];
  if (currency) out.currency = currency;
  return out;
}

/**
 * The product's id, by the identity rule: the owner's id; sku; productID (or productGroupID); GTIN; MPN;
 * OpenGraph's retailer item id; then the page's canonical URL (`<link rel=canonical>`, else og:url, else
 * the location), without fragment and tracking parameters. A canonical URL that is the site's root is
 * ignored (a common misconfiguration that would make every product one). Percent-escapes of letters are decoded.
 * @example identity({ sku: 'A1', gtin: '4006381333931' }, {}) // "A1"
 */
export function identity(f: Fields, page: PageFacts, ogUrl: string | undefined): string | undefined {
  for (const id of [f.ownerId, f.sku, f.productId, f.gtin, f.mpn, f.retailerId]) {
    const clean = productId(id);
    if (clean) return clean;
  }
  for (const u of [page.canonical, ogUrl, page.url]) {
    if (!u) continue;
    try {
      const url = new URL(u);
      if (!/^https?:$/.test(url.protocol) || (url.pathname === '/' && !url.search && u !== page.url)) continue;
      // Readable ("/ar/مصباح" rather than "/ar/%D9%85..."), the same from the canonical link and the location.
      const id = withoutTracking(url.href);
      try { return productId(decodeURI(id)) ?? undefined; } catch { return productId(id) ?? undefined; }
    } catch { /* not a URL: try the next */ }
  }
  return undefined;
}

/** The merged fields as the Product event carries them (only fields that could be read). */
export function toProduct(id: string, f: Fields): Product {
  const p: Product = { product_id: id };
  if (f.sku) p.sku = f.sku;
  if (f.name) p.name = f.name;
  if (f.price !== undefined && Number.isFinite(f.price) && f.price >= 0) p.price = Math.round(f.price * 10_000) / 10_000;
  if (f.currency) p.currency = f.currency;
  if (f.category) p.category = f.category;
  if (f.brand) p.brand = f.brand;
  if (f.url) p.url = withoutTracking(f.url);
  if (f.image_url) p.image_url = f.image_url;
  if (f.description) p.description = f.description;
  if (f.in_stock !== undefined) p.in_stock = f.in_stock;
  if (f.variant) p.variant = f.variant;
  return p;
}
