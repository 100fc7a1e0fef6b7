// The widget chunk's public face: mount a recommendation row or a content slot into an element.
// The main script loads this chunk only when the page has a widget, and hands it a WidgetHost
// (its bridge to the worker), so this file knows nothing about workers or storage.
// Nothing here throws into the page: failures are reported through host.warn and leave the element empty.
import { checkWidget } from '../src/contract/widgetCheck.ts';
import { render, type ComponentChild } from 'preact';
import type { RecItem } from '../src/contract/types.ts';
import { ContentSlot } from './ContentSlot.tsx';
import { createPriceFormatter } from './formatPrice.ts';
import { createImpressionTracker } from './impressions.ts';
import { RecRow, ROW_TITLES } from './RecRow.tsx';
import { shadowRootFor } from './shadowRoot.ts';

// The host and row options are the page's contract (src/widgetModule.ts): one definition for both sides.
export type { WidgetHost, RowOptions } from '../src/widgetModule.ts';
import type { WidgetHost, RowOptions } from '../src/widgetModule.ts';

/** Unmount functions by element, so mounting twice on one element replaces rather than stacks. */
const mounted = new WeakMap<Element, () => void>();

/**
 * Fills `el` with a recommendation row (skeletons first) and tracks its impressions and clicks.
 * Returns a function that unmounts the row and stops its observers.
 * @example const unmount = mountRow(document.querySelector('#recs')!, { type: 'similar', limit: 6 }, host);
 */
export function mountRow(el: Element, raw: RowOptions, host: WidgetHost, where = 'mount(element, options)'): () => void {
  // Options are checked here rather than on the page, to keep the script tag small.
  const problems: string[] = [];
  const checked = checkWidget({ selector: 'x', ...raw }, where, problems);
  problems.forEach((p) => host.warn(p));
  if (!checked) return () => undefined;
  const options: RowOptions = { ...raw, ...checked };
  const { type, itemId } = options;
  const limit = typeof options.limit === 'number' && options.limit >= 1 ? Math.floor(options.limit) : undefined;
  const base = { widget_id: options.widgetId ?? (el.id || type), widget_type: type };
  const props = (rec: RecItem, position: number) => ({ ...base, product_id: rec.item.product_id, position, source: rec.source });
  const mount = start(el, host);
  const { tracker } = mount;
  const price = createPriceFormatter(host.locale, host.currency);

  // What the engine served: the items, and what an experiment changed about the row's look.
  let served: { items: RecItem[] | null; title?: string; layout?: 'row' | 'grid'; dismiss: boolean } = { items: null, dismiss: false };
  let said = '';
  const show = () =>
    mount.draw(
      served.items ? (served.items.length ? 'ready' : 'empty') : 'loading',
      <RecRow
        title={served.title || options.title || ROW_TITLES[type] || 'Recommended for you'}
        items={served.items}
        layout={served.layout}
        announce={said}
        skeletons={Math.min(limit ?? 4, 6)}
        price={price}
        defaultCurrency={host.currency}
        onCard={(card, rec, position) =>
          tracker.observe(card, `${position}:${rec.item.product_id}`, () => send(host, 'Widget Impression', props(rec, position)))
        }
        onPick={(rec, position) => send(host, 'Widget Clicked', props(rec, position))}
        onDismiss={served.dismiss ? (rec, position) => {
          send(host, 'Recommendation Dismissed', props(rec, position));
          said = `${rec.item.name || rec.item.product_id} removed. You will see fewer items like it.`;
          dismissItem(rec.item.product_id);
        } : undefined}
      />,
    );

  const request = { type, ...(itemId ? { itemId } : {}), ...(limit ? { limit } : {}) };
  const load = (refill = false) =>
    attempt(async () => (host.row && (await host.row(request, base.widget_id))) || { items: await host.recommend(request), dismiss: false }).then(
      (r) => {
        let items = usable(r.items, limit);
        // a refill after a dismissal keeps the cards on screen where they are (focus may be on one) and fills the gap
        if (refill && served.items?.length) {
          const kept = served.items;
          const ids = new Set(kept.map((k) => k.item.product_id));
          items = [...kept, ...items.filter((x) => !ids.has(x.item.product_id))].slice(0, Math.max(kept.length, items.length));
        }
        served = { ...r, items };
        show();
      },
      (err) => {
        host.warn(`[clientele] widget "${base.widget_id}" could not load "${type}" recommendations (${reason(err)}); the row stays empty.`);
        served = { items: [], dismiss: false };
        show();
      },
    );
  show();
  void load();
  const live = {
    drop(id: string) {
      if (!served.items?.some((r) => r.item.product_id === id)) return;
      served = { ...served, items: served.items.filter((r) => r.item.product_id !== id) };
      show();
    },
    refresh: () => void load(true),
  };
  liveRows.add(live);
  const unmount = mount.unmount;
  return () => { liveRows.delete(live); unmount(); };
}

/** Rows on this page, so a dismissal takes the item out of all of them at once. */
const liveRows = new Set<{ drop(id: string): void; refresh(): void }>();

/** "Not interested": the item leaves every row now; each row then asks again, so it refills without the item and with its look-alikes demoted. */
function dismissItem(id: string): void {
  for (const r of liveRows) r.drop(id);
  for (const r of liveRows) r.refresh();
}

/**
 * Fills `el` with the variant chosen for the visitor in content slot `slot`, and marks `el` with
 * `data-clientele-variant="<id>"`. Returns a function that unmounts the slot.
 * @example const unmount = mountSlot(document.querySelector('#hero')!, 'hero', host);
 */
export function mountSlot(el: Element, slot: string, host: WidgetHost, options?: { widgetId?: string }): () => void {
  const base = { widget_id: options?.widgetId ?? (el.id || slot), widget_type: 'slot', slot };
  const mount = start(el, host);
  mount.draw('loading', null);
  attempt(() => host.chooseSlot(slot)).then(
    (choice) => {
      const variant = choice?.variant;
      if (!variant || typeof variant.id !== 'string') return mount.draw('empty', null);
      const props = { ...base, variant_id: variant.id };
      const view = (
        <ContentSlot
          variant={variant}
          onShow={(root) => mount.tracker.observe(root, variant.id, () => send(host, 'Widget Impression', props))}
          onPick={() => send(host, 'Widget Clicked', props)}
        />
      );
      // Mirrored on the page's own element so page scripts and tests can see which variant was shown.
      if (mount.draw('ready', view)) el.setAttribute('data-clientele-variant', variant.id);
    },
    (err) => {
      host.warn(`[clientele] content slot "${slot}" could not choose a variant (${reason(err)}); it stays empty.`);
      mount.draw('empty', null);
    },
  );
  return mount.unmount;
}

/** The state every mount shares: its shadow root, impression tracker and liveness. */
function start(el: Element, host: WidgetHost) {
  mounted.get(el)?.();
  const root = shadowRootFor(el);
  const tracker = createImpressionTracker();
  let alive = true;
  const unmount = () => {
    if (!alive) return;
    alive = false;
    tracker.disconnect();
    if (mounted.get(el) === unmount) mounted.delete(el);
    el.removeAttribute('data-clientele-state');
    el.removeAttribute('data-clientele-variant');
    try {
      render(null, root);
    } catch {
      root.replaceChildren();
    }
  };
  mounted.set(el, unmount);
  return {
    tracker,
    unmount,
    /** Renders `view` unless unmounted; `data-clientele-state` lets page CSS hide or reserve space. Returns whether it drew. */
    draw(state: 'loading' | 'ready' | 'empty', view: ComponentChild): boolean {
      if (!alive) return false;
      el.removeAttribute('data-clientele-variant');
      try {
        render(view, root);
        el.setAttribute('data-clientele-state', state);
        return true;
      } catch (err) {
        host.warn(`[clientele] a widget in <${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}> failed to render (${reason(err)}); it stays empty.`);
        root.replaceChildren();
        el.setAttribute('data-clientele-state', 'empty');
        return false;
      }
    },
  };
}

/** Keeps well-formed items only, once each, at most `limit`: the host's data crosses a worker boundary. */
function usable(items: unknown, limit: number | undefined): RecItem[] {
  if (!Array.isArray(items)) return [];
  const seen = new Set<string>();
  const out: RecItem[] = [];
  for (const rec of items as RecItem[]) {
    const id = rec?.item?.product_id;
    if (typeof id !== 'string' || !id || seen.has(id)) continue;
    seen.add(id);
    out.push(rec);
    if (out.length === limit) break;
  }
  return out;
}

/** Runs a host call so that a synchronous throw becomes a rejection. */
function attempt<T>(call: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Tracking must never break the widget or a click's navigation, whatever the host does. */
function send(host: WidgetHost, event: string, properties: Record<string, unknown>): void {
  try {
    host.track(event, properties);
  } catch {
    /* fire-and-forget by contract */
  }
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
