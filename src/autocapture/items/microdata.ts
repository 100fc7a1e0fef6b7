// schema.org microdata read by the WHATWG microdata algorithm: top-level items, each item's properties
// found by crawling its subtree and the elements its itemref names, a nested itemscope being the value of
// its property (its own properties never leak into the parent), and element-specific values.
// Spec: https://html.spec.whatwg.org/multipage/microdata.html#associating-names-with-items
import type { PageItem } from '../../contract/markup/graph.ts';
import { placeOf, skipped } from './place.ts';
import { slices } from './slices.ts';

const MAX_TEXT = 1000;
const tokens = (el: Element, attr: string): string[] => (el.getAttribute(attr) ?? '').trim().split(/\s+/).filter(Boolean);

/**
 * An element's property value (spec: "the property value of a name-value pair"), plus the `content`
 * attribute on any element, which schema.org's own examples and search engines use (`<span itemprop="price" content="9.50">`).
 * A blank `content` is none. A lazily loaded image's real URL (data-src) is preferred to its placeholder.
 */
export function elementValue(el: Element): string {
  // A blank one (a template's empty variable) says nothing: the element's own value, the price it shows, stands.
  const content = el.getAttribute('content');
  if (content?.trim()) return content;
  const url = (attr: string) => {
    const v = el.getAttribute(attr);
    if (!v) return '';
    try { return new URL(v, el.ownerDocument.baseURI).href; } catch { return v; }
  };
  switch (el.localName) {
    case 'img': case 'source': case 'video': case 'audio': case 'embed': case 'iframe': case 'track': {
      const src = url('src');
      return !src || src.startsWith('data:') ? url('data-src') || url('data-lazy-src') || url('data-original') || src : src;
    }
    case 'a': case 'area': case 'link': return url('href');
    case 'object': return url('data');
    case 'data': case 'meter': return el.getAttribute('value') ?? '';
    case 'time': return el.getAttribute('datetime') ?? text(el);
    default: return text(el);
  }
}

/**
 * The element's text; cents set in a <sup> after the units ("$9<sup>99</sup>", the mark drawn by type only) get a decimal
 * mark, the one the units do not already use ("1.299<sup>00</sup>" is "1.299,00").
 */
const text = (el: Element) => {
  let t = '';
  const walk = el.ownerDocument.createTreeWalker(el, 4);
  for (let n; t.length < MAX_TEXT && (n = walk.nextNode() as Text | null); ) {
    const units = n.parentElement?.localName == 'sup' && /^\s*\d\d\s*$/.test(n.data) && t.match(/\d[\d.,]*$/)?.[0];
    t += (units ? (units.includes('.') ? ',' : '.') : '') + n.data;
  }
  return t.slice(0, MAX_TEXT);
};

/** The item's property elements in tree order (spec: "crawl the properties"); cycles are skipped. */
function properties(root: Element): Element[] {
  const results: Element[] = [];
  const memory = new Set<Element>([root]);
  const pending: Element[] = [...Array.from(root.children)];
  for (const id of tokens(root, 'itemref')) {
    const el = root.ownerDocument.getElementById(id);
    if (el) pending.push(el);
  }
  while (pending.length) {
    const cur = pending.pop()!;
    if (memory.has(cur) || skipped(cur)) continue;
    memory.add(cur);
    if (!cur.hasAttribute('itemscope')) pending.push(...Array.from(cur.children));
    if (tokens(cur, 'itemprop').length) results.push(cur);
  }
  return results.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
}

/**
 * Bounds on what one document's items may make us read: itemref lets items share sub-items, so markup a few levels
 * deep can name 2^depth items (a hostile page would freeze its own main thread in our code). As the worker reads them
 * (MAX_DEPTH there too), and a product needs far fewer.
 */
const MAX_DEPTH = 12;
export const MAX_ITEMS = 2000;

function item(root: Element, h1: Element | null, stack: Element[], budget: { left: number }): PageItem {
  const props: PageItem['props'] = [];
  for (const el of properties(root)) {
    // An item that contains itself through itemref is a microdata error: its value is left out; so is one past
    // the bounds.
    if (el.hasAttribute('itemscope') && (stack.includes(el) || stack.length >= MAX_DEPTH || --budget.left < 0)) continue;
    const value = el.hasAttribute('itemscope') ? item(el, h1, [...stack, root], budget) : elementValue(el);
    for (const name of tokens(el, 'itemprop')) props.push([name, value]);
  }
  const out: PageItem = { type: tokens(root, 'itemtype'), props, vocab: 'microdata', ...placeOf(root, h1) };
  const id = root.getAttribute('itemid');
  if (id) out.id = id;
  return out;
}

/**
 * Every top-level microdata item of the document (itemscope without itemprop), outside data-clientele-ignore.
 * @example await microdataItems(document) // [{ type: ['https://schema.org/Product'], props: [['name', 'Mug'], ...], vocab: 'microdata', h1: true }]
 */
export async function microdataItems(doc: Document): Promise<PageItem[]> {
  const h1 = doc.querySelector('h1');
  // Top-level items count too: a "show all" listing of 20,000 products is no product page.
  const budget = { left: MAX_ITEMS };
  const s = slices();
  const out: PageItem[] = [];
  for (const el of Array.from(doc.querySelectorAll('[itemscope]:not([itemprop])'))) {
    if (--budget.left < 0) break;
    if (!el.closest('[data-clientele-ignore]')) out.push(item(el, h1, [], budget));
    if (s.due()) await s.pause();
  }
  return out;
}
