// Where an item sits on the page, for choosing the product the page is about: the one holding the
// page's h1, not one inside a link, a list, or a block of related or recommended products.

// Class and id words themes use for blocks of other products than the page's own.
const OTHER_PRODUCTS = /related|recommend|up-?sell|cross-?sell|accessor|featured|carousel|slide|swiper|owl-|splide|glide|similar|recent|also[-_]|you[-_]?may|suggest|complete[-_]?the[-_]?look|bought[-_]?together|miniature|product[-_]?(?:grid|list|item|card|tile|box|thumb)/i;

/** Elements inside data-clientele-ignore are never read. */
export const skipped = (el: Element): boolean => el.hasAttribute('data-clientele-ignore');

/**
 * `{ h1: true }` for an item that holds the page's first h1, `{ list: true }` for one inside a link,
 * a list item, an aside/nav/footer or a block named like related products; else `{}`.
 * @example placeOf(document.querySelector('.related [itemscope]'), document.querySelector('h1')) // { list: true }
 */
export function placeOf(el: Element, h1: Element | null): { h1?: true; list?: true } {
  if (h1 && el.contains(h1)) return { h1: true };
  const body = el.ownerDocument.body;
  for (let a: Element | null = el; a && a !== body; a = a.parentElement) {
    if (/^(a|li|aside|nav|footer)$/.test(a.localName) || OTHER_PRODUCTS.test(`${a.getAttribute('class') ?? ''} ${a.id}`)) return { list: true };
  }
  return {};
}
