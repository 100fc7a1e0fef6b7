// Collects the product markup a page publishes for search engines, as plain strings. Reading it
// into a product happens in the worker (src/contract/productMarkup.ts), off the page's thread and budget.
import type { ProductMarkup } from '../contract/productMarkup.ts';

/** Elements inside data-clientele-ignore are never read. */
export const ignored = (el: Element): boolean => el.closest('[data-clientele-ignore]') !== null;

/**
 * Gathers JSON-LD blocks, schema.org microdata, OpenGraph product tags and data-clientele-product; null when there are none.
 * @example collectMarkup(document) // { ld: ['{"@type":"Product",...}'], micro: null, meta: {}, attr: null }
 */
export function collectMarkup(doc: Document): ProductMarkup | null {
  const ld: string[] = [];
  doc.querySelectorAll('script[type="application/ld+json"]').forEach((s) => { if (!ignored(s)) ld.push(s.textContent || ''); });
  let micro: Record<string, string> | null = null;
  const root = Array.from(doc.querySelectorAll('[itemscope][itemtype*="Product"]')).find((el) => !ignored(el));
  if (root) {
    micro = { itemtype: root.getAttribute('itemtype') || '' };
    root.querySelectorAll('[itemprop]').forEach((el) => {
      const v = el.getAttribute('content') ?? el.getAttribute('src') ?? el.getAttribute('href') ?? el.textContent;
      for (const name of (el.getAttribute('itemprop') || '').split(/\s+/)) if (v && !(name in micro!)) micro![name] = v.trim();
    });
  }
  const meta: Record<string, string> = {};
  doc.querySelectorAll('meta[property],meta[name]').forEach((m) => {
    const k = m.getAttribute('property') || m.getAttribute('name') || '';
    if (/^(og|product):/.test(k)) meta[k] = m.getAttribute('content') || '';
  });
  // Only a page-level mark counts as "this page shows a product"; marks inside links are product cards.
  const mark = Array.from(doc.querySelectorAll('[data-clientele-product]')).find((el) => !ignored(el) && !el.closest('a'));
  const attr = mark?.getAttribute('data-clientele-product') ?? null;
  return ld.length || micro || /^product/i.test(meta['og:type'] || '') || attr ? { ld, micro, meta, attr } : null;
}
