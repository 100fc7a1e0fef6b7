// The first row's last markup, drawn by the script tag itself as soon as the document is parsed on the next page of
// the visit: the widget chunk, which draws the kept rows (src/mountWidgets.ts, mountKept), runs only after the page's
// own deferred and module scripts and DOMContentLoaded (on the demo, 50-150 ms later). The chunk's mount takes the
// shadow root over (widget/index.tsx, start). Kept with the row it shows (src/rowCache.ts), so consent, forget(),
// exportData() and the row's time limit cover it as they cover the row.

/** The markup and styles of a drawn row, and the widget element it was drawn in (paintKey). */
export interface Paint {
  el: string;
  html: string;
  css: string;
}

/** Marks the stylesheet a paint brings, so the widget chunk's own sheet replaces it (widget/shadowRoot.ts). */
export const PAINT_SHEET = '__clientelePaint';

/**
 * What identifies a row element across pages: its widget attributes and id.
 * @example paintKey(document.querySelector('[data-clientele-widget]')!) // '["for-you","6",null,"Picked for you",""]'
 */
export const paintKey = (el: Element): string =>
  JSON.stringify(['data-clientele-widget', 'data-limit', 'data-item-id', 'data-title'].map((a) => el.getAttribute(a)).concat(el.id));

/**
 * The paint of `el`'s row as drawn now, if `el` is the page's first row and shows items; else undefined. Never throws.
 * @example keepRow(spec, key, row, config, labels, paintOf(el));
 */
export function paintOf(el: Element | undefined): Paint | undefined {
  try {
    const root = el?.shadowRoot;
    if (!root || el !== document.querySelector('[data-clientele-widget]') || el.getAttribute('data-clientele-state') !== 'ready') return undefined;
    const css = Array.from(root.adoptedStyleSheets, (s) => Array.from(s.cssRules, (r) => r.cssText).join('\n')).join('\n');
    return { el: paintKey(el), html: root.innerHTML, css };
  } catch {
    return undefined;
  }
}

/**
 * Draws `paint` into `el` when it was taken from an element like it: an open shadow root with the paint's markup and
 * styles (a constructable stylesheet, which a strict style-src allows). Returns whether it drew. Never throws: where
 * the markup cannot be set (Trusted Types), nothing is drawn and the widget chunk draws the row as before.
 * @example paint(el, kept.paint);
 */
export function paint(el: Element, p: Paint | undefined): boolean {
  try {
    if (!p || p.el !== paintKey(el) || el.shadowRoot) return false;
    const sheet = new CSSStyleSheet() as CSSStyleSheet & Record<string, unknown>;
    sheet.replaceSync(p.css);
    sheet[PAINT_SHEET] = true;
    const root = el.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    root.innerHTML = p.html;
    el.setAttribute('data-clientele-state', 'ready');
    return true;
  } catch {
    return false;
  }
}
