// Widgets render into an open shadow root so the page's CSS and ours stay apart, while page scripts
// and tests can still look inside. Styles are attached as one constructable stylesheet shared by every root
// (adoptedStyleSheets): no inline <style>, so a Content-Security-Policy with `style-src 'self'` allows them.
import { widgetCss } from './styles.ts';
import { PAINT_SHEET } from '../src/paint.ts';
import { soon } from '../src/soon.ts';
import { bare } from '../src/bare.ts';

/**
 * True where constructable stylesheets are missing (Safari before 16.4): the components then render their own
 * <style>, which only a CSP without `style-src` restrictions allows.
 */
export const needsStyleTag = !(typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && typeof ShadowRoot === 'function' && 'adoptedStyleSheets' in ShadowRoot.prototype);

let sheet: CSSStyleSheet | null = null;

/**
 * Gives `root` the widget styles as the one constructable stylesheet every widget shares.
 * @example styleRoot(el.attachShadow({ mode: 'open' }));
 */
export function styleRoot(root: ShadowRoot): void {
  if (needsStyleTag) return;
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(widgetCss);
  }
  if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets.filter((s) => !(PAINT_SHEET in s)), sheet];
}

/**
 * Returns an open shadow root hosted by `el`, reusing the one already there, with the widget styles attached.
 * @example render(<RecRow {...props} />, shadowRootFor(document.querySelector('#recs')!));
 */
export function shadowRootFor(el: Element): ShadowRoot {
  const root = openRoot(el);
  // A row the script tag painted (src/paint.ts) is markup without handlers: the mount draws it anew, in this task, and
  // a card that had the focus has it again once drawn.
  if (root.adoptedStyleSheets.some((s) => PAINT_SHEET in s)) {
    const href = root.activeElement?.getAttribute('href');
    root.replaceChildren();
    if (href) soon(() => root.querySelector<HTMLElement>(`a[href="${CSS.escape(href)}"]`)?.focus());
  }
  styleRoot(root);
  return root;
}

/** The shadow roots widgets made (a row painted by the script tag is known by its sheet). */
const ours = new WeakSet<ShadowRoot>();

function openRoot(el: Element): ShadowRoot {
  const own = el.shadowRoot;
  if (own && (ours.has(own) || own.adoptedStyleSheets.some((s) => PAINT_SHEET in s))) return own;
  try {
    // A web component's own open root is its tree, not ours to draw in (nor to style): the child div below.
    if (own) throw 0;
    const root = el.attachShadow(bare({ mode: 'open' }));
    ours.add(root);
    return root;
  } catch {
    // Some elements (<ul>, <a>, a custom element with a root of its own) cannot host a shadow root:
    // host it on a child div instead, and find that div again on a later mount. Under a component's open root with no
    // default <slot> a light-DOM child is never drawn: the div goes inside that root, with a root of its own still, so
    // neither tree's styles reach the other.
    const parent: Element | ShadowRoot = own && !own.querySelector('slot:not([name])') ? own : el;
    // (`:scope >` matches nothing in a shadow root)
    let inner = Array.prototype.find.call(parent.children, (c: Element) => c.hasAttribute('data-clientele-root')) as Element | undefined;
    if (!inner) {
      inner = el.ownerDocument.createElement('div');
      inner.setAttribute('data-clientele-root', '');
      parent.appendChild(inner);
    }
    return inner.shadowRoot ?? inner.attachShadow(bare({ mode: 'open' }));
  }
}
