// The first row's last markup, drawn by the script tag itself as soon as the document is parsed on the next page of
// the visit: the widget chunk, which draws the kept rows (src/mountWidgets.ts, mountKept), runs only after the page's
// own deferred and module scripts and DOMContentLoaded (on the demo, 50-150 ms later). The chunk's mount takes the
// shadow root over (widget/shadowRoot.ts, shadowRootFor). Kept with the row it shows (src/rowCache.ts), so consent,
// forget(), exportData() and the row's time limit cover it as they cover the row.
//
// The markup is kept as a tree of tags, attributes and text, not as HTML: what comes back from localStorage is rebuilt
// element by element from the tags a row uses, without event-handler attributes or unsafe URLs, so a tampered entry
// cannot run script, and no Trusted Types sink is used.
import { safeUrl } from './contract/safeUrl.ts';
import { bare } from './bare.ts';

/** An element as `[tag, [name, value, name, value...], ...children]`; text as a string. */
export type PaintNode = string | [string, string[], ...PaintNode[]];

/** The markup and styles of a drawn row, and the widget element it was drawn in (paintKey). */
export interface Paint {
  el: string;
  tree: PaintNode[];
  css: string;
}

/** Marks the stylesheet a paint brings, so the widget chunk's own sheet replaces it (widget/shadowRoot.ts). */
export const PAINT_SHEET = '__clientelePaint';

/** The tags a row is drawn with (widget/*.tsx); anything else in a kept tree is left out. */
const TAGS = /^(div|span|p|a|ul|ol|li|section|img|button|h[1-6]|strong|em|b|i|small|s|del|ins)$/;

/**
 * What identifies a row element across pages: its tag, id and data-* attributes (but those the widget itself sets).
 * @example paintKey(document.querySelector('[data-clientele-widget]')!) // '["div","","data-clientele-widget","for-you","data-limit","6"]'
 */
export const paintKey = (el: Element): string =>
  JSON.stringify([el.localName, el.id, ...Array.from(el.attributes).filter((a) => /^data-(?!clientele-(state|variant)$)/.test(a.name)).flatMap((a) => [a.name, a.value])]);

const treeOf = (n: Node): PaintNode | null =>
  n.nodeType === 3 ? n.nodeValue ?? '' : n.nodeType === 1 ? [(n as Element).localName, Array.from((n as Element).attributes).flatMap((a) => [a.name, a.value]), ...[...n.childNodes].map(treeOf).filter((c): c is PaintNode => c !== null)] : null;

/**
 * The paint of `el`'s row as drawn now, if `el` is the page's first row and shows items; else undefined. Never throws.
 * @example keepRow(spec, key, row, config, labels, Date.now(), paintOf(el));
 */
export function paintOf(el: Element | undefined): Paint | undefined {
  try {
    const root = el?.shadowRoot;
    if (!root || el !== document.querySelector('[data-clientele-widget]') || el.getAttribute('data-clientele-state') !== 'ready') return undefined;
    // Spread and map, not Array.from(…, map): Prototype.js replaces Array.from with its $A, which drops the map function.
    const css = root.adoptedStyleSheets.map((s) => [...s.cssRules].map((r) => r.cssText).join('\n')).join('\n');
    return { el: paintKey(el), tree: [...root.childNodes].map(treeOf).filter((c): c is PaintNode => c !== null), css };
  } catch {
    return undefined;
  }
}

/** Rebuilds a kept tree: known tags only, no `on*`, `style` or `srcset` attributes, links and images to safe URLs only. */
const build = (n: unknown): Node | null => {
  if (typeof n === 'string') return document.createTextNode(n);
  if (!Array.isArray(n) || !TAGS.test(n[0]) || !Array.isArray(n[1])) return null;
  const el = document.createElement(n[0] as string);
  const a = n[1] as unknown[];
  for (let i = 0; i + 1 < a.length; i += 2) {
    const k = String(a[i]), v = String(a[i + 1]);
    if (/^(on|style|srcset|srcdoc|formaction)/i.test(k) || (/^(href|src)$/i.test(k) && safeUrl(v) === undefined)) continue;
    try {
      el.setAttribute(k, v);
    } catch { /* not an attribute name */ }
  }
  for (const c of n.slice(2)) {
    const x = build(c);
    if (x) el.append(x);
  }
  return el;
};

/**
 * Draws `paint` into `el` when it was taken from an element like it: an open shadow root with the paint's markup and
 * styles (a constructable stylesheet, which a strict style-src allows). Not into a custom element, whose own script may
 * yet attach its shadow root. Returns whether it drew. Never throws.
 * @example paint(el, kept.paint);
 */
export function paint(el: Element, p: Paint | undefined): boolean {
  try {
    if (!p || !Array.isArray(p.tree) || p.el !== paintKey(el) || el.shadowRoot || el.localName.includes('-')) return false;
    const sheet = new CSSStyleSheet() as CSSStyleSheet & Record<string, unknown>;
    sheet.replaceSync(String(p.css));
    sheet[PAINT_SHEET] = true;
    const root = el.attachShadow(bare({ mode: 'open' }));
    root.adoptedStyleSheets = [sheet];
    for (const n of p.tree) {
      const x = build(n);
      if (x) root.append(x);
    }
    el.setAttribute('data-clientele-state', 'ready');
    return true;
  } catch {
    return false;
  }
}

/**
 * Takes a paint away (forget(), consent withdrawn, the widget code failed to load): an empty root, no styles. A root
 * the widget has taken over already is left alone. Never throws.
 * @example unpaint(el);
 */
export function unpaint(el: Element | null): void {
  try {
    const root = el?.shadowRoot;
    if (!root || !root.adoptedStyleSheets.some((s) => PAINT_SHEET in s)) return;
    root.replaceChildren();
    root.adoptedStyleSheets = [];
    el!.removeAttribute('data-clientele-state');
  } catch { /* nothing to take away */ }
}
