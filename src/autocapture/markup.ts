// Collects the product markup a page publishes for search engines, as plain strings, with the page facts
// the reader needs (URL, canonical URL, h1, title, language). Reading it into a product happens in the
// worker (src/contract/productMarkup.ts), off the page's thread and budget; microdata and RDFa, which need
// the DOM, are read by the markup chunk, loaded only on pages that carry them.
import type { ProductMarkup } from '../contract/productMarkup.ts';

/** Elements inside data-clientele-ignore are never read. */
export const ignored = (el: Element): boolean => el.closest('[data-clientele-ignore]') !== null;

/** Microdata or RDFa that may describe a product (or its breadcrumb): the markup chunk reads these. */
export const ITEMS = '[itemtype*=roduct i],[itemtype*=ffer i],[itemtype*=rumb i],[typeof*=roduct i],[typeof*=ffer i],[typeof*=rumb i]';

const LD = 'script[type="application/ld+json"]';
/** Nodes whose arrival or change may change the page's product. */
export const MARKUP = LD + ',[itemscope],[typeof],[data-clientele-product]';

/**
 * Gathers JSON-LD blocks, OpenGraph product tags, data-clientele-product and the page facts; null when the
 * page has none of them and no microdata or RDFa to read. `items` is filled by the markup chunk.
 * @example collectMarkup(document) // { ld: ['{"@type":"Product",...}'], items: [], meta: {...}, attr: null, page: {...} }
 */
export function collectMarkup(doc: Document): ProductMarkup | null {
  const ld: string[] = [];
  doc.querySelectorAll(LD).forEach((s) => { if (!ignored(s)) ld.push(s.textContent || ''); });
  const meta: Record<string, string> = {};
  doc.querySelectorAll('meta[property],meta[name]').forEach((m) => {
    const k = m.getAttribute('property') || m.getAttribute('name') || '';
    if (/^(og|product):/i.test(k)) meta[k] ??= m.getAttribute('content') || '';
  });
  // Only a page-level mark counts as "this page shows a product"; marks inside links are product cards.
  const attr = Array.from(doc.querySelectorAll('[data-clientele-product]')).find((el) => !ignored(el) && !el.closest('a'))?.getAttribute('data-clientele-product') ?? null;
  if (!ld.length && !attr && !/product|price/i.test(Object.keys(meta) + meta['og:type']) && !doc.querySelector(ITEMS)) return null;
  return {
    ld,
    items: [],
    meta,
    attr,
    page: {
      url: location.href,
      canonical: doc.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href,
      h1: doc.querySelector('h1')?.textContent?.trim().slice(0, 300),
      title: doc.title,
      lang: doc.documentElement.lang,
    },
  };
}
