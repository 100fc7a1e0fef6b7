// OpenGraph and its product extensions, in both spellings shops use: Facebook's `product:` namespace
// (product:price:amount, product:retailer_item_id, ...) and the older `og:price:amount` that Shopify
// themes still print. Pure. Spec: https://ogp.me, https://developers.facebook.com/docs/marketing-api/catalog/reference
import { gtinText, idText, type Fields } from './candidate.ts';
import { categoryText, cleanText, resolveUrl } from './text.ts';
import { parsePrice } from './price.ts';

/**
 * True when the page's OpenGraph tags describe a product (og:type product, or product price or id tags).
 * @example isOgProduct({ 'og:type': 'product' }) // true
 */
export function isOgProduct(meta: Record<string, string>): boolean {
  return /product/i.test(meta['og:type'] ?? '') || ['product:price:amount', 'og:price:amount', 'product:sale_price:amount', 'product:retailer_item_id'].some((k) => !!meta[k]?.trim());
}

/** Meta tags with lower-case keys, first value of each kept (og:image may repeat). */
export function metaKeys(meta: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(meta ?? {})) if (typeof v === 'string') out[k.trim().toLowerCase()] ??= v;
  return out;
}

/**
 * The product fields the page's OpenGraph tags give. og:title loses a trailing " | Shop name".
 * @example ogFields({ 'og:title': 'Red Mug | Shop', 'og:site_name': 'Shop', 'product:price:amount': '9,50' }, { locale: 'de' }) // { name: 'Red Mug', price: 9.5 }
 */
export function ogFields(meta: Record<string, string>, ctx: { url?: string; locale?: string }): Fields {
  const get = (...keys: string[]) => {
    for (const k of keys) {
      const v = meta[k];
      if (typeof v === 'string' && cleanText(v) !== undefined) return v;
    }
    return undefined;
  };
  let name = cleanText(get('og:title', 'product:title'));
  const site = cleanText(get('og:site_name'));
  if (name && site && name !== site) {
    const cut = name.replace(new RegExp(`\\s*[|\\-–—:·•]\\s*${site.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`, 'i'), '');
    if (cut) name = cut;
  }
  const sale = get('product:sale_price:amount');
  const amount = sale ?? get('product:price:amount', 'og:price:amount', 'product:price');
  const currency = (sale && get('product:sale_price:currency')) || get('product:price:currency', 'og:price:currency', 'product:sale_price:currency');
  const parsed = parsePrice(amount, ctx.locale, currency?.toUpperCase());
  const stock = get('product:availability', 'og:availability');
  return {
    retailerId: idText(get('product:retailer_item_id', 'product:retailer_part_no')),
    sku: idText(get('product:sku')),
    gtin: gtinText(get('product:gtin', 'product:ean', 'product:upc', 'product:isbn')),
    mpn: idText(get('product:mfr_part_no')),
    name,
    price: parsed?.value,
    currency: currency ?? parsed?.currencyText,
    brand: cleanText(get('product:brand', 'og:brand')),
    category: categoryText(get('product:category')),
    image_url: resolveUrl(get('og:image:secure_url', 'og:image', 'og:image:url'), ctx.url),
    url: resolveUrl(get('og:url'), ctx.url),
    in_stock: stock ? (/out|oos|sold|discontinued|unavailable/i.test(stock) ? false : /in ?stock|available|preorder|pre-order|backorder/i.test(stock) ? true : undefined) : undefined,
  };
}
