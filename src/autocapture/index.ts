// Captures behaviour with no code from the owner: page views (SPA navigation included), product views
// from markup, clicks on product links, add-to-cart buttons and time spent on a product page.
// Listeners are passive and do only cheap DOM reads; reading products happens in the worker.
import type { AutocaptureConfig } from '../contract/config.ts';
import type { Product } from '../contract/events.ts';
import type { ProductMarkup } from '../contract/productMarkup.ts';
import type { MarkupModule } from './markupModule.ts';
import { collectMarkup, ITEMS, MARKUP } from './markup.ts';
import { pageTitle } from '../pageTitle.ts';
import { bare } from '../bare.ts';
import { tick } from '../clock.ts';

type Track = (event: string, properties: Record<string, unknown>) => void;
/** Reads collected markup into a product (in the worker). */
type ReadProduct = (markup: ProductMarkup) => Promise<Product | null>;

/** A product card's id: data-product-id, or the id inside data-clientele-product (JSON or bare). */
const cardId = (el: Element): string | null => {
  const raw = el.getAttribute('data-product-id') ?? el.getAttribute('data-clientele-product');
  try {
    return String((JSON.parse(raw!) as { product_id?: unknown }).product_id ?? raw);
  } catch {
    return raw;
  }
};

const MIN_DWELL_SECONDS = 1;
// A route has settled once the router has set its title, or after SETTLE_MS (routes that keep the title).
const SETTLE_MS = 1000;

/** A running autocapture: call it to stop; `forget()` drops what it measured of the visitor so far (the dwell). */
export type Autocapture = (() => void) & { forget(): void };

/** Widget mount points: a body or container swapped in by Turbo, htmx, PJAX or Barba brings new ones. */
const WIDGETS = '[data-clientele-widget],[data-clientele-slot]';

/**
 * Starts autocapture; returns a function that stops it (and forgets, see Autocapture). `loadMarkup` loads the
 * microdata/RDFa reader, only on pages that carry such markup; `widgetsAdded` is called (50 ms after) when markup
 * with widget mount points arrives.
 * @example const stop = startAutocapture(config.autocapture, (e, p) => client.track(e, p), readProduct, loadMarkup, scan);
 */
export function startAutocapture(opts: AutocaptureConfig, track: Track, readProduct: ReadProduct, loadMarkup?: () => Promise<MarkupModule>, widgetsAdded?: () => void): Autocapture {
  const cleanups: Array<() => void> = [];
  const hooks: Array<[EventTarget, string, (e: Event) => void]> = [];
  /**
   * Adds our listeners (again): a page that rewrote itself with document.open() erased every listener on its window and
   * its document, ours too. Adding one still there is a no-op that keeps its place.
   */
  const listen = () => {
    for (const [target, type, fn] of hooks) target.addEventListener(type, fn, bare({ capture: true, passive: true }));
  };
  const on = (target: EventTarget, type: string, fn: (e: Event) => void) => {
    hooks.push([target, type, fn]);
    listen();
  };
  cleanups.push(() => {
    for (const [target, type, fn] of hooks.splice(0)) target.removeEventListener(type, fn, true);
  });
  const now = tick;
  // A page Chrome prerenders (Speculation Rules) runs hidden and may never be shown: nothing is viewed until it is.
  const unseen = () => (document as { prerendering?: boolean }).prerendering;

  let pageProduct: Product | null = null;
  /** Products viewed on this route; a new route starts with the previous route's product, which a router that has not yet rewritten its markup still shows. */
  let seen = new Set<string | undefined>();
  /** When the product on screen was last seen (0 while the tab is hidden); when one was last viewed; when the route began. */
  let dwellStart = 0, shown = 0, routed = now();
  // A page view per pathname; per query string or hash only when the owner asks. A hash route
  // ("#/products/1", "#!/cart") is a path: hash-routed apps navigate by it. Their root ("#/", "#!/") is the page
  // itself, which such a router writes into the URL as it boots.
  // The path: the pathname, and a hash route (or any hash, when the owner counts them).
  const pathOf = () => location.pathname + (opts.pageViewsOnHash || /^#!?\/./.test(location.hash) ? location.hash : '');
  // A query without its campaign parameters: a page that strips ?utm_ from its URL stays on its route.
  const routeOf = () => pathOf() + (opts.pageViewsOnQuery ? location.search.replace(/[?&](utm_\w+|gclid|fbclid)=[^&]*/g, '').replace(/^&/, '?') : '');
  let route = routeOf();
  let href = location.href;
  let path = pathOf();
  let settling: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flushDwell = () => {
    if (!pageProduct || !opts.dwell) return;
    const total = dwellStart ? now() - dwellStart : 0;
    dwellStart = document.visibilityState === 'visible' ? now() : 0;
    const seconds = Math.round(total / 100) / 10;
    if (seconds >= MIN_DWELL_SECONDS) track('Product Dwell', { product_id: pageProduct.product_id, seconds });
  };

  let lastMarkup = '';
  const scanNow = async (): Promise<void> => {
    if (settling || unseen()) return;
    const markup = collectMarkup(document);
    if (loadMarkup && document.querySelector(ITEMS)) markup.items = await loadMarkup().then((m) => m.readItems(document), () => null);
    const text = JSON.stringify(markup);
    if (text === lastMarkup) return;
    lastMarkup = text;
    const p = await readProduct(markup);
    if (!p || seen.has(p.product_id)) return;
    seen.add(p.product_id);
    // A variant picked on this route (a size re-rendering the markup with its sku) is the product on screen: not viewed
    // again, unless it was known by its URL alone (markup added late gives its sku).
    if (pageProduct && !/^https?:/.test(pageProduct.product_id) && (p.url == pageProduct.url || (p.name && p.name == pageProduct.name))) return void (pageProduct = p);
    flushDwell();
    pageProduct = p;
    dwellStart = document.visibilityState === 'visible' ? (shown = now()) : 0;
    if (opts.productViews) track('Product Viewed', { ...p });
  };
  // One scan at a time, in order: a scan that finds the markup unchanged costs one string comparison.
  let scans = Promise.resolve();
  const scan = () => void (scans = scans.then(scanNow).catch(() => undefined));

  let referrer = document.referrer;
  /** When the last page view was recorded. */
  let viewed = now();
  const pageView = (url = location.href, path = location.pathname) => {
    viewed = now();
    if (opts.pageViews && !unseen()) track('Page Viewed', { url, path, title: pageTitle(), referrer: referrer || undefined });
  };

  /** The URL the view waiting for its title is recorded under: its route's latest. */
  let at = { url: '', path: '' };
  /** `how`: a replaceState (true), or the Navigation API's event, which names its kind. */
  const navigated = (how?: unknown) => {
    if (location.href === href) return;
    const from = href;
    href = location.href;
    const next = routeOf();
    // A replaceState while the view waits for its title, or within SETTLE_MS of its being recorded, is the router
    // redirecting that view (/p/1 written as /p/1/slug, as it boots too): the same page, no new view.
    // A query the owner counts (pageViewsOnQuery: a filter written with replaceState) is no redirect.
    const moved = path != (path = pathOf());
    const redirect = (how === true || (how as { navigationType?: string })?.navigationType == 'replace') && moved && (settling || now() - viewed < SETTLE_MS);
    if (redirect) route = next;
    const newRoute = next !== route;
    // The same route writing its URL again (a replaceState adding ?sort=) while its view waits for the title.
    if (settling && !newRoute) return void (at = { url: location.href, path: location.pathname });
    settling?.();
    if (newRoute) {
      route = next;
      seen = new Set([pageProduct?.product_id]);
      // A product viewed within SETTLE_MS before, and not as the route before began (its own), is this route's: its
      // markup came before its URL (htmx pushes after its settle delay, Astro after the swap). It stays the product on
      // screen, for dwell and add-to-cart.
      if (now() - shown > SETTLE_MS || shown - routed < SETTLE_MS) flushDwell(), (pageProduct = null);
      routed = now();
    }
    // Routers render the new view (title, markup) after the URL changes: read it once it has settled. The URL is this
    // route's, taken now: a route left before it settled was recorded under the next one's.
    const start = now();
    const title = pageTitle();
    at = { url: location.href, path: location.pathname };
    const done = () => {
      settling = null;
      clearTimeout(timer);
      if (newRoute) {
        referrer = from;
        pageView(at.url, at.path);
      }
      scan();
    };
    settling = done;
    // Turbo marks <html aria-busy> from a visit's start (its URL pushed) until the new page is rendered, and the Navigation
    // API has a transition until an intercepted navigation's handler is done: the view waits for that page's title (up to 10 s).
    const tick = () => {
      if (pageTitle() !== title || now() - start > (document.documentElement?.ariaBusy == 'true' || (window as { navigation?: { transition?: object } }).navigation?.transition ? 1e4 : SETTLE_MS)) done();
      else timer = setTimeout(tick, 50);
    };
    timer = setTimeout(tick, 50);
  };

  const stop = () => {
    for (const c of cleanups.splice(0)) c();
  };
  // A page that refuses a hook (a frozen History, a replaced MutationObserver) gets none: the caller says so once.
  try {
    pageView();
    scan();

    // Product markup often arrives or is rewritten after the script (client-rendered pages, routers).
    let scanSoon: ReturnType<typeof setTimeout> | undefined, mountSoon: typeof scanSoon;
    // A record's target (a JSON-LD script whose text a router replaced, or its text node that a framework rewrote in
    // place; a meta tag's content, a data-clientele-product patched in place) or the nodes it added.
    const is = (n: Node | null, sel: string) => !!((n?.nodeType == 3 ? n.parentNode : n) as Element | null)?.matches?.(sel);
    // `gone`: removed nodes too (Barba removes the old page's container, and its product, after a transition).
    const added = (records: MutationRecord[], sel: string, gone?: boolean) => records.some((r) => [...r.addedNodes, ...(gone ? r.removedNodes : [])].some((n) => is(n, sel) || !!(n as Element).querySelector?.(sel)));
    const mo = new MutationObserver((records) => {
      // The document's own children changed: document.open() replaced the page (and erased our listeners).
      if (records.some((r) => r.target === document)) listen();
      if (records.some((r) => is(r.target, MARKUP)) || added(records, MARKUP, true)) {
        clearTimeout(scanSoon);
        scanSoon = setTimeout(scan, 30);
      }
      // Mounted a little later: htmx pushes the new URL after its settle delay (20 ms), and a row on a new route waits
      // for that route's product, never seeded by the page before. A widget whose attributes a framework patched in place
      // (the next product's data-item-id written into the same element) is drawn afresh: it loses its state. The same value
      // written again (a library that sets every attribute on each render) changes nothing.
      if (widgetsAdded && (records.some((r) => r.attributeName && r.oldValue != (r.target as Element).getAttribute(r.attributeName) && is(r.target, WIDGETS) && ((r.target as Element).removeAttribute('data-clientele-state'), 1)) || added(records, WIDGETS))) {
        clearTimeout(mountSoon);
        mountSoon = setTimeout(widgetsAdded, 50);
      }
    });
    // The document, not its root element: document.open() puts a new root in place of the one observed.
    mo.observe(document, bare({ childList: true, subtree: true, characterData: true, attributeOldValue: true, attributeFilter: ['content', 'data-clientele-product', 'data-clientele-widget', 'data-clientele-slot', 'data-item-id', 'data-limit', 'data-title'] }));
    cleanups.push(() => { mo.disconnect(); clearTimeout(timer); clearTimeout(scanSoon); clearTimeout(mountSoon); });

    for (const method of ['pushState', 'replaceState'] as const) {
      const original = history[method];
      let live = true;
      const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
        const r = original.apply(this, args);
        if (live) try { navigated(method == 'replaceState'); } catch { /* never break the router */ }
        return r;
      };
      history[method] = wrapped;
      // Another script may have wrapped ours since: taking ours out would take its wrapper too, so ours goes idle.
      cleanups.push(() => {
        live = false;
        if (history[method] === wrapped) history[method] = original;
      });
    }
    // Also fired by fragment navigation (before hashchange), so hash changes need no listener of their own.
    on(window, 'popstate', navigated);
    // A router that kept its own reference to pushState before this script (bound at its start) goes around the
    // wrappers above; the Navigation API (Chromium) sees every same-document navigation, however it was made.
    const nav = (window as { navigation?: EventTarget }).navigation;
    if (nav) on(nav, 'currententrychange', navigated);
    // A page back from the back-forward cache is viewed again, as it is where the browser kept no copy and loads it
    // afresh: its view and its product's are recorded again. Its URL is the one it left with; the view waiting for its
    // title and the dwell before it left were recorded on pagehide.
    on(window, 'pageshow', (e) => {
      if ((e as PageTransitionEvent).persisted) (seen = new Set()), (pageProduct = null), (lastMarkup = ''), pageView(), scan();
    });
    // A prerendered page shown: its view and its product's, as read at its start on a page loaded normally.
    on(document, 'prerenderingchange', () => (pageView(), scan()));
    // Leaving mid-navigation: record the pending page view and the dwell; the outbox parks them, before or after its own
    // pagehide listener runs (src/outbox.ts parkOne).
    on(window, 'pagehide', () => {
      settling?.();
      flushDwell();
    });

    // A middle click opens the link in a new tab with no click event, only auxclick (shoppers compare products so): a click
    // on the link all the same, not on an add-to-cart button, which it does not press.
    const clicked = (e: Event) => {
      const aux = e.type == 'auxclick';
      // composedPath() sees into open shadow roots (web-component product cards); e.target is retargeted.
      const find = (sel: string) => e.composedPath().find((n) => (n as Element).matches?.(sel)) as Element | undefined;
      if (find('[data-clientele-ignore]') || aux && (e as MouseEvent).button != 1) return;
      if (opts.addToCart && !aux) {
        const btn = find('[data-clientele-add]');
        if (btn) {
          // A theme's product form holds the quantity picked (WooCommerce's and Shopify's "quantity", also outside the form
          // with form=, Magento's "qty"); data-quantity on the button, where the owner wrote one, wins. Read at the click.
          const f = (btn as HTMLButtonElement).form?.elements as unknown as Record<string, HTMLInputElement> | undefined;
          const q = Number(btn.getAttribute('data-quantity') || (f?.quantity ?? f?.qty)?.value || 1);
          const own = btn.getAttribute('data-product-id') || btn.getAttribute('data-clientele-add');
          const add = () => {
            const id = own || pageProduct?.product_id;
            if (id) track('Product Added', { ...(pageProduct?.product_id === id ? pageProduct : { product_id: id }), quantity: Number.isInteger(q) && q > 0 ? q : 1 });
          };
          // The page's product, not yet read (its reader on its way), is the one this button adds: after the read in flight.
          own || pageProduct ? add() : void scans.then(add);
          return;
        }
      }
      if (opts.clicks) {
        const link = find('a[href]');
        // Widget cards track their own clicks with attribution; skip them here.
        if (!link || find('[data-clientele-widget-item]')) return;
        const mark = find('[data-clientele-product],[data-product-id]') ?? link.querySelector('[data-clientele-product],[data-product-id]');
        const id = mark && cardId(mark);
        if (id) track('Product Clicked', { product_id: id, url: (link as HTMLAnchorElement).href });
      }
    };
    on(document, 'click', clicked);
    on(document, 'auxclick', clicked);

    if (opts.dwell) {
      // Time on a hidden tab is not dwell: flush what was seen, restart when it is shown again.
      on(document, 'visibilitychange', () => {
        if (document.visibilityState === 'hidden') flushDwell();
        else if (pageProduct) dwellStart = now();
      });
    }
  } catch (e) {
    stop();
    throw e;
  }
  // The product on screen was viewed by the visitor forget() erased: no dwell on it is recorded for the next one.
  return Object.assign(stop, { forget: () => void (pageProduct = null, dwellStart = 0) });
}
