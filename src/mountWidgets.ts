// Finds the widgets a page asks for (data-clientele-widget, data-clientele-slot, config.widgets) and mounts them with
// the widget chunk. It runs in the page chunk (src/pageChunk.ts), so neither the script tag nor the widget carries it.
import type { RecType } from './contract/types.ts';
import { problem, show } from './contract/widgetCheck.ts';
import type { PageLink, RowOptions, WidgetHost, WidgetModule as Mounters } from './widgetModule.ts';
import { keepRow, readRows, rowKey } from './rowCache.ts';
import { paintOf } from './paint.ts';

/** Elements already holding a widget: a scan after a restart or a new init() mounts nothing twice. */
/** Each element's widget, by the function that takes it down. */
const mounted = new WeakMap<Element, () => void>();

/**
 * The widgets' view of the page, for the widget in `el`: a slot the engine cannot choose for shows its default.
 * @example mountRow(el, { type: 'similar' }, hostFor(page, el));
 */
export function hostFor(page: PageLink, el?: Element): WidgetHost {
  const config = page.config;
  const { rows, kept } = page;
  const key = (req: Parameters<WidgetHost['recommend']>[0], widgetId?: string) => rowKey(req, widgetId, page.currentItemId?.());
  return {
    // An empty row stays empty (or shows the fallback row its owner named, under an honest title: widget/index.tsx).
    recommend: page.recommend,
    // What the worker serves is kept for the next page of the visit, where consent allows storing: in a task of its
    // own, after the row is drawn (localStorage is synchronous; 5-20 ms on a first row's path).
    row: (req, widgetId) => {
      // Counted when asked: a row ranked before a forget() or a withdrawal that comes while it is on its way is not kept.
      const k = key(req, widgetId), drops = page.drops?.();
      return page.row(req, widgetId).then((r) => {
        if (r && rows && config) setTimeout(() => page.mayKeep?.() && page.drops?.() === drops && keepRow(rows, k, r, config, page.labels, undefined, page.currentItemId?.() ? undefined : paintOf(el)));
        return r;
      });
    },
    cached: (req, widgetId) => kept?.rows[key(req, widgetId)]?.row ?? null,
    chooseSlot: async (slot) => (await page.chooseSlot(slot)) ?? { slot, variant: config?.slots[slot]?.default ?? null, reason: 'default: the engine is unavailable' },
    track: page.track,
    locale: config?.locale || page.locale,
    currency: config?.currency ?? 'USD',
    warn: page.warn,
    config,
    labels: page.labels,
  };
}

/**
 * Mounts a row (`{ type, limit?, title?, itemId? }`) or a slot (`{ slot }`) into `el` once (with `replace`, in place of the
 * widget already there); returns its unmount function.
 * @example const off = mountOne(widgets, el, { type: 'popular' }, page, 'mount(element, options)');
 */
export function mountOne(m: Mounters, el: Element, options: (RowOptions & { slot?: unknown }) | null, page: PageLink, where: string, replace = false): () => void {
  const old = mounted.get(el);
  // A scan meeting a widget already drawn leaves it; mount() on it again (a view re-rendered with new props) replaces it.
  // One the widget took down itself (its element dropped from the page, then put back) has no state: drawn afresh.
  if (old && !replace && el.hasAttribute('data-clientele-state')) return () => undefined;
  old?.();
  const stop = () => {
    if (mounted.get(el) === stop) mounted.delete(el), off();
  };
  mounted.set(el, stop);
  let off: () => void;
  // Own keys only: a page's polluted Object.prototype.slot made every row a slot (round38c-polluted-widget-options).
  if (options && typeof options == 'object') options = { __proto__: null, ...options } as unknown as typeof options;
  try {
    const host = hostFor(page, el);
    off = typeof options?.slot === 'string' ? m.mountSlot(el, options.slot, host) : m.mountRow(el, options as RowOptions, host, where);
  } catch (e) {
    // An element the page will not let us draw into (its attachShadow throws, say): the page's other widgets go on.
    mounted.delete(el);
    page.warn(`[clientele] a widget could not be drawn: ${(e as Error)?.message ?? e}`);
    return () => undefined;
  }
  return stop;
}

/**
 * Mounts the page's rows at once, before the worker has answered, when a recent page of this visit kept rows
 * (src/rowCache.ts): with the config they were drawn under, each shows the row kept for it until a fresh one comes.
 * Slots and config.widgets mount with scanPage, once the config is checked.
 * @example mountKept(widgets, page);
 */
export function mountKept(m: Mounters, page: PageLink): void {
  const kept = page.rows && readRows(page.rows);
  if (!kept) return;
  const early: PageLink = { ...page, config: kept.checked, labels: kept.labels, kept };
  const els = document.querySelectorAll('[data-clientele-widget]');
  // The first row on its own, so the page can paint it before the others are drawn (each costs 10-40 ms cold).
  rowFrom(m, els[0], 0, early);
  if (els.length > 1) setTimeout(() => els.forEach((el, i) => i && rowFrom(m, el, i, early)));
}

/** Mounts the row a `data-clientele-widget` element asks for. */
const rowFrom = (m: Mounters, el: Element, i: number, page: PageLink) => {
  const type = el.getAttribute('data-clientele-widget') as RecType;
  const limit = el.getAttribute('data-limit');
  mountOne(m, el, { type, limit: limit === null ? undefined : Number(limit), title: el.getAttribute('data-title') ?? undefined, itemId: el.getAttribute('data-item-id') ?? undefined }, page, `<div data-clientele-widget=${show(type)}> #${i + 1}`);
};

/**
 * Mounts every widget the page and the config ask for.
 * @example scanPage(widgets, page);
 */
export function scanPage(m: Mounters, page: PageLink): void {
  document.querySelectorAll('[data-clientele-widget]').forEach((el, i) => rowFrom(m, el, i, page));
  const { widgets = [] } = page.config ?? {};
  for (const w of widgets) {
    try {
      document.querySelectorAll(w.selector).forEach((el) => mountOne(m, el, w, page, 'config.widgets'));
    } catch {
      page.warn(problem('config.widgets[].selector', w.selector, 'must be a valid CSS selector like "#recs"'));
    }
  }
  document.querySelectorAll('[data-clientele-slot]').forEach((el) => {
    const slot = el.getAttribute('data-clientele-slot') ?? '';
    // A slot the config does not name is told once, by the engine as it is asked for it (mount() alike).
    mountOne(m, el, { slot } as RowOptions & { slot: string }, page, '');
  });
}
