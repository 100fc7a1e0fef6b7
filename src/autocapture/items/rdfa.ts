// schema.org in RDFa Lite (vocab, typeof, property, resource, prefix): each typeof starts an item, each
// property belongs to the nearest enclosing typeof, and an element with both is a nested item.
// Spec: https://www.w3.org/TR/rdfa-lite/
import type { PageItem } from '../../contract/markup/graph.ts';
import { elementValue, MAX_ITEMS } from './microdata.ts';
import { placeOf } from './place.ts';
import { slices } from './slices.ts';

const tokens = (el: Element, attr: string): string[] => (el.getAttribute(attr) ?? '').trim().split(/\s+/).filter(Boolean);

/** A property's value: content, else resource, else the element's own value (href, src, datetime, text). */
const rdfaValue = (el: Element): string => (el.getAttribute('content')?.trim() ? el.getAttribute('content')! : el.getAttribute('resource') ?? elementValue(el));

/**
 * Every top-level RDFa Lite item of the document, outside data-clientele-ignore. Types and properties are
 * sent as written ("Product", "schema:Product"); the worker compares them by local name.
 * @example await rdfaItems(document) // [{ type: ['Product'], props: [['name', 'Mug']], vocab: 'rdfa' }]
 */
export async function rdfaItems(doc: Document): Promise<PageItem[]> {
  const h1 = doc.querySelector('h1');
  const items = new Map<Element, PageItem>();
  const tops: PageItem[] = [];
  const s = slices();
  // Document order: an enclosing typeof is always met before what it encloses.
  for (const el of Array.from(doc.querySelectorAll('[typeof],[property]'))) {
    if (s.due()) await s.pause();
    // As many items as microdata reads (a listing of thousands is no product page).
    if (items.size >= MAX_ITEMS && el.hasAttribute('typeof')) break;
    if (el.closest('[data-clientele-ignore]')) continue;
    const owner = el.parentElement?.closest('[typeof]');
    const parent = owner ? items.get(owner) : undefined;
    let value: string | PageItem;
    if (el.hasAttribute('typeof')) {
      const it: PageItem = { type: tokens(el, 'typeof'), props: [], vocab: 'rdfa', ...placeOf(el, h1) };
      const id = el.getAttribute('resource') ?? el.getAttribute('about');
      if (id) it.id = id;
      items.set(el, it);
      if (!parent || !el.hasAttribute('property')) {
        tops.push(it);
        continue;
      }
      value = it;
    } else value = rdfaValue(el);
    if (parent) for (const name of tokens(el, 'property')) parent.props.push([name, value]);
  }
  return tops;
}
