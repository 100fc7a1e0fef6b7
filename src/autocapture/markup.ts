// Collects the product markup a page publishes for search engines, as plain strings, with the page facts
// the reader needs (URL, canonical URL, h1, title, language). Reading it into a product happens in the
// worker (src/contract/productMarkup.ts), off the page's thread and budget; microdata and RDFa, which need
// the DOM, are read by the markup chunk, loaded only on pages that carry them.
import { bare } from '../bare.ts';
import type { ProductMarkup } from '../contract/productMarkup.ts';
import { pageTitle } from '../pageTitle.ts';

/** Elements inside data-clientele-ignore are never read. */
export const ignored = (el: Element): boolean => el.closest('[data-clientele-ignore]') !== null;

/** Microdata or RDFa: pages with these load the markup chunk to read them. */
export const ITEMS = '[itemscope],[typeof]';

const LD = 'script[type*="ld+json" i]';
/**
 * Nodes whose arrival or change (their children, text, `content` or data-clientele-product) may change the page's product:
 * a microdata or RDFa value too (WooCommerce writes the variant picked into its itemprop="sku").
 */
export const MARKUP = `${LD},${ITEMS},[itemprop],[property],[data-clientele-product],meta`;

/**
 * Gathers JSON-LD blocks, OpenGraph tags, data-clientele-product and the page facts (the worker tells
 * whether they describe a product). `items` is filled by the markup chunk.
 * @example collectMarkup(document) // { ld: ['{"@type":"Product",...}'], items: [], meta: {...}, attr: null, page: {...} }
 */
export function collectMarkup(doc: Document): ProductMarkup {
  const ld: string[] = [];
  doc.querySelectorAll(LD).forEach((s) => { if (!ignored(s)) ld.push(s.textContent || ''); });
  const meta: Record<string, string> = bare({});
  // All of them: the worker keeps og:* and product:* (first of each).
  doc.querySelectorAll('meta').forEach((m) => { meta[m.getAttribute('property') || m.name] ??= m.content; });
  // Only a page-level mark counts as "this page shows a product"; marks inside links are product cards.
  const attr = Array.from(doc.querySelectorAll('[data-clientele-product]')).find((el) => !el.closest('a,[data-clientele-ignore]'))?.getAttribute('data-clientele-product') ?? null;
  return {
    ld,
    items: [],
    meta,
    attr,
    page: {
      url: location.href,
      canonical: doc.querySelector<HTMLLinkElement>('link[rel=canonical]')?.href,
      h1: doc.querySelector('h1')?.textContent,
      title: pageTitle(doc),
      lang: doc.documentElement.lang,
    },
  };
}
