// The widget chunk's public face: mount a recommendation row or a content slot into an element.
// The main script loads this chunk only when the page has a widget, and hands it a WidgetHost
// (its bridge to the worker), so this file knows nothing about workers or storage.
// Nothing here throws into the page: failures are reported through host.warn and leave the element empty.
import { checkWidget } from '../src/contract/widgetCheck.ts';
import { render, type ComponentChild } from 'preact';
import type { RecItem, RecType } from '../src/contract/types.ts';
import { catalogueFor, createLabelTranslator, type Translate } from '../src/messages/format.ts';
import { enUi } from '../src/messages/en.ts';
import { ContentSlot } from './ContentSlot.tsx';
import { createPriceFormatter } from './formatPrice.ts';
import { createImpressionTracker } from './impressions.ts';
import { createPageRows } from './pageRows.ts';
import { nameOf, RecRow } from './RecRow.tsx';
import { needsStyleTag, shadowRootFor } from './shadowRoot.ts';
import { widgetCss } from './styles.ts';
import { show as reason } from '../src/contract/widgetCheck.ts';
import { inert } from '../src/bare.ts';

// The host and row options are the page's contract (src/widgetModule.ts): one definition for both sides.
export type { WidgetHost, RowOptions } from '../src/widgetModule.ts';
import type { WidgetHost, RowOptions } from '../src/widgetModule.ts';

/** Unmount functions by element, so mounting twice on one element replaces rather than stacks. */
const mounted = new WeakMap<Element, () => void>();
/** The rows on this page take turns so none repeats another's items (config.dedupe). */
const pageRows = createPageRows();

/** Rows of the visitor's own items: often empty, so they draw no skeletons and appear only with items. */
const OWN_ITEMS = new Set<RecType>(['recently-viewed', 'buy-again']);

let translator: { key: string; labels?: object; t: Translate } | null = null;
/**
 * The translator for the host's language and the owner's wording, made once per combination. The widget
 * carries English; a page in another language gets its labels from the host (the worker's language chunk).
 */
function translate(host: WidgetHost): Translate {
  const { locale, labels } = host;
  const key = locale + JSON.stringify(host.config?.messages ?? {});
  if (translator?.key !== key || translator.labels !== labels) {
    translator = { key, labels, t: createLabelTranslator(locale, host.config?.messages, labels ? { en: enUi, [catalogueFor(locale)]: labels } : { en: enUi }) };
  }
  return translator.t;
}

/** A whole number 1-6 from an option or a data-heading-level attribute, else undefined. */
const level = (v: unknown): number | undefined => {
  const n = Number(v);
  return v !== null && v !== undefined && v !== '' && Number.isInteger(n) && n >= 1 && n <= 6 ? n : undefined;
};

/**
 * Fills `el` with a recommendation row (skeletons first) and tracks its impressions and clicks.
 * Returns a function that unmounts the row and stops its observers.
 * @example const unmount = mountRow(document.querySelector('#recs')!, { type: 'similar', limit: 6 }, host);
 */
export function mountRow(el: Element, raw: RowOptions, host: WidgetHost, where = 'mount(element, options)'): () => void {
  // Options are checked here rather than on the page, to keep the script tag small.
  const problems: string[] = [];
  // Options that are not an object (mount(el, 'popular')) are told as such, not as a missing type.
  // Own keys only, here and below: a page's polluted Object.prototype.title, .itemId or .fallback became every row's.
  // Options win over the element's data-* attributes, which win over defaults; both are checked, so a bad
  // data-fallback or data-heading-level gets its message (one went to the engine as a row type, the other was dropped).
  const attr = (name: string) => el.getAttribute(`data-${name}`) ?? undefined;
  const h = attr('heading-level');
  const checked = checkWidget(raw && typeof raw == 'object' ? { __proto__: null, selector: 'x', itemId: attr('item-id'), fallback: attr('fallback'), fallbackTitle: attr('fallback-title'), headingLevel: h && +h, ...raw } : raw, where, problems);
  problems.forEach((p) => host.warn(p));
  if (!checked) return () => undefined;
  // A key the check refused falls back to its default: a limit of 1e9 left in from `raw` was asked for, and refused.
  const options: RowOptions = { __proto__: null, ...raw, limit: undefined, headingLevel: undefined, fallback: undefined, itemId: undefined, ...checked } as never;
  const { type, fallback, fallbackTitle, itemId } = options;
  const headingLevel = options.headingLevel ?? 2;
  const limit = typeof options.limit === 'number' && options.limit >= 1 ? Math.floor(options.limit) : undefined;
  const base = { widget_id: options.widgetId ?? (el.id || type), widget_type: type };
  const props = (rec: RecItem, position: number) => ({ ...base, product_id: rec.item.product_id, position, source: rec.source });
  const mount = start(el, host);
  const { tracker } = mount;
  const price = createPriceFormatter(host.locale, host.currency);
  const t = translate(host);
  const turn = host.config?.dedupe === false ? null : pageRows.enter(el, OWN_ITEMS.has(type));
  mount.onUnmount(() => turn?.leave());

  // What the engine served: the items, the row type they are for (this row's, or its fallback's), and what
  // an experiment changed about the row's look.
  type Served = { items: RecItem[] | null; type: RecType; title?: string; layout?: 'row' | 'grid'; dismiss: boolean; kept?: boolean };
  let served: Served = { items: null, type, dismiss: false };
  /** What this row asks the engine for: a row type, leaving out what the page's other rows show. */
  const requestFor = (rowType: RecType, exclude: string[] = []) =>
    ({ type: rowType, ...(itemId ? { itemId } : {}), ...(limit ? { limit } : {}), ...(exclude.length ? { filters: { exclude } } : {}) });
  // The row shown on a recent page, drawn at once until the engine answers (src/rowCache.ts); clicks on it count.
  const kept = host.cached?.(requestFor(type), base.widget_id);
  if (kept?.items?.length) served = { ...kept, type, items: usable(kept.items, limit), kept: true };
  let said = '';
  const show = () => {
    // Its own keys: the engine's answer (structured clone) has the page's Object.prototype, maybe a polluted title.
    const sv = { __proto__: null, ...served } as unknown as Served;
    const shownType = sv.type;
    const extra = shownType !== type ? { fallback: shownType } : {};
    // A fallback row never borrows this row's title: it says what it shows.
    const title = shownType === type ? sv.title || options.title : fallbackTitle;
    mount.draw(
      sv.items ? (sv.items.length ? 'ready' : 'empty') : 'loading',
      <RecRow
        title={title || t(`row.${shownType}`)}
        items={sv.items}
        layout={sv.layout}
        announce={said}
        cardReasons={type === 'for-you'}
        skeletons={OWN_ITEMS.has(type) ? 0 : Math.min(limit ?? 4, 6)}
        price={price}
        defaultCurrency={host.currency}
        t={t}
        level={headingLevel}
        // A kept row counts no impressions: the fresh row that replaces it does, once.
        onCard={sv.kept ? undefined : (card, rec, position) =>
          tracker.observe(card, `${position}:${rec.item.product_id}`, () => send(host, 'Widget Impression', { ...props(rec, position), ...extra }))
        }
        onPick={(rec, position) => send(host, 'Widget Clicked', { ...props(rec, position), ...extra })}
        onDismiss={sv.dismiss ? (rec, position) => {
          send(host, 'Recommendation Dismissed', { ...props(rec, position), ...extra });
          said = t('row.dismissed', { name: nameOf(rec) });
          void dismissItem(rec.item.product_id);
        } : undefined}
      />,
    );
  };

  /** The row as served to this visitor (holdout, experiments, dismissals), without the items other rows show. */
  const ask = async (rowType: RecType, exclude: string[]): Promise<Served> => {
    const request = requestFor(rowType, exclude);
    const r = await attempt(async () => (host.row && (await host.row(request, base.widget_id))) || inert({ items: await host.recommend(request), dismiss: false }));
    // No thenable (src/bare.ts inert): on a page that polluted Object.prototype.then, no row was drawn.
    return inert({ ...r, type: rowType, items: usable(r.items, limit) });
  };

  const load = (exclude: Promise<string[]>, refill = false) =>
    exclude
      .then(async (ids) => {
        let r = await ask(type, ids);
        // An empty row hides; the owner may name another row to show instead, under an honest title.
        if (!r.items!.length && fallback) {
          const f = await ask(fallback, ids);
          if (f.items!.length) r = f;
        }
        // a refill after a dismissal keeps the cards on screen where they are (focus may be on one) and fills the gap;
        // one that gets nothing (a new worker that cannot reach the catalog) keeps the row as it is, fallback and all
        if (refill && served.items?.length && (r.type === served.type || !r.items!.length)) {
          const kept = served.items;
          const on = new Set(kept.map((k) => k.item.product_id));
          r = { ...(r.items!.length ? r : served), items: [...kept, ...r.items!.filter((x) => !on.has(x.item.product_id))].slice(0, Math.max(kept.length, r.items!.length)) };
        }
        turn?.done(r.items!.map((x) => x.item.product_id));
        served = r;
        show();
      })
      .catch((err) => {
        turn?.done([]);
        host.warn(`[clientele] widget "${base.widget_id}" could not load "${type}" recommendations (${reason(err)}); the row stays empty.`);
        served = { items: [], type, dismiss: false };
        show();
      });

  show();
  void load(turn ? turn.ready : Promise.resolve([]));
  const live = {
    el,
    off: mount.unmount,
    drop(id: string) {
      if (!served.items?.some((r) => r.item.product_id === id)) return;
      served = { ...served, items: served.items.filter((r) => r.item.product_id !== id) };
      show();
    },
    // Asked again, it leaves out what the page's other rows show now; `fresh` drops what it showed (after forget()).
    refresh: (fresh = false) => load(Promise.resolve(turn ? turn.others() : []), !fresh),
  };
  liveRows.add(live);
  mount.onUnmount(() => liveRows.delete(live));
  return mount.unmount;
}

type Live = { el: Element; off(): void; refresh(fresh?: boolean): unknown };
/** Rows on this page, so a dismissal takes the item out of all of them at once. */
const liveRows = new Set<Live & { drop(id: string): void }>();
/** Slots on this page, each with a function that chooses its variant again. */
const liveSlots = new Set<Live>();
/**
 * The rows or slots of `set` on the page. One whose element the page dropped (a route left, with no unmount) is not
 * asked again; one the page's markup named is taken down (its observers and turn go), and drawn afresh if put back.
 * `all`: a mount() row kept off the page (a keep-alive view) is asked too: after forget() it must not come back
 * showing the last visitor's items.
 */
const onPage = <T extends Live>(set: Set<T>, all?: boolean): T[] => [...set].filter((r) => r.el.isConnected || (r.el.matches('[data-clientele-widget],[data-clientele-slot]') ? (r.off(), false) : all));

/**
 * Asks every row on the page again and chooses every slot again, as for the visitor the engine knows now: after
 * forget() (`fresh`), rows and messages drawn from the erased history (recently viewed, for you, "welcome back") must
 * not stay. Otherwise (a new worker after one died) each row keeps its cards and fills what it lacks: a worker that
 * cannot reach the catalog or model again must not empty rows that were fine.
 * @example await refreshAll(true);
 */
export async function refreshAll(fresh: boolean): Promise<void> {
  onPage(liveSlots, fresh).forEach((s) => s.refresh());
  for (const r of onPage(liveRows, fresh)) await r.refresh(fresh);
}

/**
 * "Not interested": the item leaves every row now; each row then asks again, one after another so
 * they still do not repeat each other, and refills without the item and with its look-alikes demoted.
 */
async function dismissItem(id: string): Promise<void> {
  const rows = onPage(liveRows);
  for (const r of rows) r.drop(id);
  for (const r of rows) await r.refresh();
}

/**
 * Fills `el` with the variant chosen for the visitor in content slot `slot`, and marks `el` with
 * `data-clientele-variant="<id>"`. Returns a function that unmounts the slot.
 * @example const unmount = mountSlot(document.querySelector('#hero')!, 'hero', host);
 */
export function mountSlot(el: Element, slot: string, host: WidgetHost, options?: { widgetId?: string }): () => void {
  const base = { widget_id: options?.widgetId ?? (el.id || slot), widget_type: 'slot', slot };
  // The slot replaces the page's own content: keep the level of the heading it held (a hero's <h1>).
  const pageHeading = el.querySelector('h1, h2, h3, h4, h5, h6');
  const headingLevel = level(el.getAttribute('data-heading-level')) ?? (pageHeading ? Number(pageHeading.tagName[1]) : 2);
  const mount = start(el, host);
  mount.draw('loading', null);
  const choose = () => attempt(() => host.chooseSlot(slot)).then(
    (choice) => {
      // Its own keys only: the engine's answer has the page's Object.prototype, whose polluted href, image or cta
      // (a prototype-pollution bug in the shop) showed on every variant that set none (round38c-polluted-slot-content).
      const v = choice?.variant;
      const variant = v && ({ __proto__: null, ...v } as typeof v);
      if (!variant || typeof variant.id !== 'string') return mount.draw('empty', null);
      const props = { ...base, variant_id: variant.id };
      const view = (
        <ContentSlot
          variant={variant}
          level={headingLevel}
          more={translate(host)('slot.more')}
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
  choose();
  const live = { el, off: mount.unmount, refresh: choose };
  liveSlots.add(live);
  mount.onUnmount(() => liveSlots.delete(live));
  return mount.unmount;
}

/**
 * Elements a widget cannot be drawn in: a row in <body>'s shadow root hid the whole page (config.widgets `*` or `body`),
 * and in <head>, <html>, a void or script element its host <div> was put where it shows nothing or breaks the markup.
 */
const NO_WIDGET = 'html,body,head,head *,script,style,template,textarea,select,img,input,br,hr,iframe,video,audio,canvas';

/** The state every mount shares: its shadow root, impression tracker and liveness. */
function start(el: Element, host: WidgetHost) {
  // Thrown to the caller (mountOne), which tells it once per kind of element and leaves the element as it was.
  if (el.matches(NO_WIDGET)) throw Error(`<${el.localName}> cannot show a widget; use an empty <div> in <body>`);
  mounted.get(el)?.();
  // A new widget: those whose elements the page dropped since go (a single-page app's routes).
  onPage(liveRows), onPage(liveSlots);
  const root = shadowRootFor(el);
  const tracker = createImpressionTracker();
  let alive = true;
  const cleanups: Array<() => void> = [];
  const unmount = () => {
    if (!alive) return;
    alive = false;
    tracker.disconnect();
    cleanups.forEach((fn) => fn());
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
    onUnmount: (fn: () => void) => void cleanups.push(fn),
    /** Renders `view` unless unmounted; `data-clientele-state` lets page CSS hide or reserve space. Returns whether it drew. */
    draw(state: 'loading' | 'ready' | 'empty', view: ComponentChild): boolean {
      if (!alive) return false;
      el.removeAttribute('data-clientele-variant');
      try {
        // Where constructable stylesheets are missing, the styles come with every render (widget/shadowRoot.ts).
        render(needsStyleTag ? [<style>{widgetCss}</style>, view] : view, root);
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
