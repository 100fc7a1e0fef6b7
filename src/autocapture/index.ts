// Captures behaviour with no code from the owner: page views (SPA navigation included), product views
// from markup, clicks on product links, add-to-cart buttons and time spent on a product page.
// Listeners are passive and do only cheap DOM reads; reading products happens in the worker.
import type { AutocaptureConfig } from '../contract/config.ts';
import type { Product } from '../contract/events.ts';
import type { ProductMarkup } from '../contract/productMarkup.ts';
import type { MarkupModule } from './markupModule.ts';
import { collectMarkup, ITEMS, MARKUP } from './markup.ts';

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
// A route has settled when the DOM has been quiet this long and the title changed (or SETTLE_MS passed);
// never later than SETTLE_MAX_MS after the URL changed.
const QUIET_MS = 100;
const SETTLE_MS = 600;
const SETTLE_MAX_MS = 2000;

/**
 * Starts autocapture; returns a function that stops it. `loadMarkup` loads the microdata/RDFa reader,
 * only on pages that carry such markup.
 * @example const stop = startAutocapture(config.autocapture, (e, p) => client.track(e, p), readProduct, loadMarkup);
 */
export function startAutocapture(opts: AutocaptureConfig, track: Track, readProduct: ReadProduct, loadMarkup?: () => Promise<MarkupModule>): () => void {
  const cleanups: Array<() => void> = [];
  const on = (target: Window | Document, type: string, fn: (e: Event) => void) => {
    target.addEventListener(type, fn, { capture: true, passive: true });
    cleanups.push(() => target.removeEventListener(type, fn, { capture: true }));
  };
  const now = () => performance.now();

  let pageProduct: Product | null = null;
  /** Products viewed on this route, and the previous route's product, which a router that has not yet rewritten its markup still shows. */
  let seen = new Set<string>();
  let stale: string | undefined;
  let dwellStart = 0;
  let dwellMs = 0;
  // A page view per pathname; per query string or hash only when the owner asks.
  const routeOf = () => location.pathname + (opts.pageViewsOnQuery ? location.search : '') + (opts.pageViewsOnHash ? location.hash : '');
  let route = routeOf();
  let href = location.href;
  let lastMutation = 0;
  let settling: (() => void) | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const flushDwell = () => {
    if (!pageProduct || !opts.dwell) return;
    const total = dwellMs + (dwellStart ? now() - dwellStart : 0);
    dwellMs = 0;
    dwellStart = document.visibilityState === 'visible' ? now() : 0;
    const seconds = Math.round(total / 100) / 10;
    if (seconds >= MIN_DWELL_SECONDS) track('Product Dwell', { product_id: pageProduct.product_id, seconds });
  };

  let lastMarkup = '';
  let scanning = false;
  let again = false;
  const scan = async (): Promise<void> => {
    if (settling || !(opts.productViews || opts.dwell || opts.addToCart)) return;
    if (scanning) return void (again = true);
    scanning = true;
    try {
      const markup = collectMarkup(document);
      if (!markup) return;
      if (loadMarkup && document.querySelector(ITEMS)) markup.items = await loadMarkup().then((m) => m.readItems(document), () => []);
      const text = JSON.stringify(markup);
      if (text === lastMarkup) return;
      lastMarkup = text;
      const p = await readProduct(markup);
      if (!p || p.product_id === stale || seen.has(p.product_id)) return;
      seen.add(p.product_id);
      flushDwell();
      pageProduct = p;
      dwellMs = 0;
      dwellStart = document.visibilityState === 'visible' ? now() : 0;
      if (opts.productViews) track('Product Viewed', { ...p, url: p.url ?? location.href });
    } catch { /* never break the page */ } finally {
      scanning = false;
      if (again) {
        again = false;
        void scan();
      }
    }
  };

  let referrer = document.referrer;
  const pageView = () => {
    if (opts.pageViews) track('Page Viewed', { url: location.href, path: location.pathname, title: document.title, referrer: referrer || undefined });
  };

  const navigated = () => {
    if (location.href === href) return;
    settling?.();
    const from = href;
    href = location.href;
    const next = routeOf();
    const newRoute = next !== route;
    if (newRoute) {
      route = next;
      flushDwell();
      stale = pageProduct?.product_id;
      pageProduct = null;
      seen = new Set();
    }
    // Routers render the new view (title, markup) after the URL changes: read it once it has settled.
    const start = now();
    const title = document.title;
    const done = () => {
      settling = null;
      clearTimeout(timer);
      if (newRoute) {
        referrer = from;
        pageView();
      }
      void scan();
    };
    settling = done;
    const tick = () => {
      const t = now();
      if (t - start > SETTLE_MAX_MS || (t - lastMutation > QUIET_MS && (document.title !== title || t - start > SETTLE_MS))) done();
      else timer = setTimeout(tick, 50);
    };
    timer = setTimeout(tick, 50);
  };

  pageView();
  void scan();

  // Product markup often arrives or is rewritten after the script (client-rendered pages, routers).
  let scanSoon: ReturnType<typeof setTimeout> | undefined;
  const mo = new MutationObserver((records) => {
    lastMutation = now();
    if (settling) return;
    for (const r of records) {
      const t = r.target as Element;
      const changed = r.type === 'characterData' ? t.parentElement?.matches(MARKUP) : t.matches?.(MARKUP) || Array.from(r.addedNodes).some((n) => n.nodeType === 1 && ((n as Element).matches(MARKUP) || !!(n as Element).querySelector(MARKUP)));
      if (changed) {
        clearTimeout(scanSoon);
        scanSoon = setTimeout(() => void scan(), 30);
        return;
      }
    }
  });
  mo.observe(document.documentElement, { childList: true, subtree: true, characterData: true });
  cleanups.push(() => { mo.disconnect(); clearTimeout(timer); clearTimeout(scanSoon); });

  for (const method of ['pushState', 'replaceState'] as const) {
    const original = history[method];
    history[method] = function (this: History, ...args: Parameters<History['pushState']>) {
      const r = original.apply(this, args);
      try { navigated(); } catch { /* never break the router */ }
      return r;
    };
    cleanups.push(() => { history[method] = original; });
  }
  on(window, 'popstate', navigated);
  on(window, 'hashchange', navigated);
  // Leaving mid-navigation: record the pending page view before the outbox parks what is unsent.
  on(window, 'pagehide', () => settling?.());

  on(document, 'click', (e) => {
    // composedPath() sees into open shadow roots (web-component product cards); e.target is retargeted.
    const path = e.composedPath().filter((n): n is Element => n instanceof Element);
    const find = (sel: string) => path.find((el) => el.matches(sel));
    if (find('[data-clientele-ignore]')) return;
    if (opts.addToCart) {
      const btn = find('[data-clientele-add]');
      if (btn) {
        const id = btn.getAttribute('data-product-id') || btn.getAttribute('data-clientele-add') || pageProduct?.product_id;
        if (id) {
          const base = pageProduct && pageProduct.product_id === id ? pageProduct : { product_id: id };
          const q = Number(btn.getAttribute('data-quantity') || 1);
          track('Product Added', { ...base, quantity: Number.isInteger(q) && q > 0 ? q : 1 });
        }
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
  });

  if (opts.dwell) {
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        if (dwellStart) dwellMs += now() - dwellStart;
        dwellStart = 0;
        flushDwell();
        dwellStart = 0;
      } else if (pageProduct) dwellStart = now();
    });
    on(window, 'pagehide', flushDwell);
  }

  return () => {
    for (const c of cleanups.splice(0)) c();
  };
}
