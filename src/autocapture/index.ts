// Captures behaviour with no code from the owner: page views (SPA navigation included), product views
// from markup, clicks on product links, add-to-cart buttons and time spent on a product page.
// Listeners are passive and do only cheap DOM reads; everything else happens in the worker.
import type { AutocaptureConfig } from '../contract/config.ts';
import type { Product } from '../contract/events.ts';
import type { ProductMarkup } from '../contract/productMarkup.ts';
import { collectMarkup, ignored } from './markup.ts';

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

/**
 * Starts autocapture; returns a function that stops it.
 * @example const stop = startAutocapture(config.autocapture, (e, p) => client.track(e, p));
 */
export function startAutocapture(opts: AutocaptureConfig, track: Track, readProduct: ReadProduct): () => void {
  const cleanups: Array<() => void> = [];
  const on = <K extends keyof WindowEventMap>(target: Window | Document, type: K | string, fn: (e: Event) => void) => {
    target.addEventListener(type, fn, { capture: true, passive: true });
    cleanups.push(() => target.removeEventListener(type, fn, { capture: true }));
  };

  let pageProduct: Product | null = null;
  let viewedKey = '';
  let dwellStart = 0;
  let dwellMs = 0;
  let lastUrl = location.href;

  const flushDwell = () => {
    if (!pageProduct || !opts.dwell) return;
    const total = dwellMs + (dwellStart ? performance.now() - dwellStart : 0);
    dwellMs = 0;
    dwellStart = document.visibilityState === 'visible' ? performance.now() : 0;
    const seconds = Math.round(total / 100) / 10;
    if (seconds >= MIN_DWELL_SECONDS) track('Product Dwell', { product_id: pageProduct.product_id, seconds });
  };

  let lastMarkup = '';
  const scanProduct = async () => {
    if (!opts.productViews && !opts.dwell && !opts.addToCart) return;
    const markup = collectMarkup(document);
    const text = markup && location.href + JSON.stringify(markup);
    if (!markup || text === lastMarkup) return;
    lastMarkup = text!;
    const p = await readProduct(markup);
    if (!p) return;
    const key = location.href + '|' + p.product_id;
    if (key === viewedKey) return;
    viewedKey = key;
    pageProduct = p;
    dwellMs = 0;
    dwellStart = document.visibilityState === 'visible' ? performance.now() : 0;
    if (opts.productViews) track('Product Viewed', { ...p, url: p.url ?? location.href });
  };

  const pageView = () => {
    if (opts.pageViews) track('Page Viewed', { url: location.href, path: location.pathname, title: document.title, referrer: document.referrer || undefined });
  };

  const navigated = () => {
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    flushDwell();
    pageProduct = null;
    pageView();
    // SPA routers render after the URL changes: look again once the new view is in.
    setTimeout(() => void scanProduct(), 0);
    setTimeout(() => void scanProduct(), 300);
  };

  pageView();
  void scanProduct();

  // Product markup often arrives after the script (client-rendered pages): watch for it, cheaply.
  const mo = new MutationObserver((records) => {
    for (const r of records) for (const n of Array.from(r.addedNodes)) {
      if (n.nodeType !== 1) continue;
      const el = n as Element;
      if ((el.tagName === 'SCRIPT' && (el as HTMLScriptElement).type === 'application/ld+json') || el.hasAttribute('itemscope') || el.hasAttribute('data-clientele-product') || el.querySelector?.('script[type="application/ld+json"],[itemscope],[data-clientele-product]')) {
        queueMicrotask(() => void scanProduct());
        return;
      }
    }
  });
  mo.observe(document.documentElement, { childList: true, subtree: true });
  cleanups.push(() => mo.disconnect());

  if (opts.pageViews) {
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
  }

  on(document, 'click', (e) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target || ignored(target)) return;
    if (opts.addToCart) {
      const btn = target.closest('[data-clientele-add]');
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
      const link = target.closest('a[href]');
      // Widget cards track their own clicks with attribution; skip them here.
      if (!link || link.closest('[data-clientele-widget-item]')) return;
      const mark = link.closest('[data-clientele-product],[data-product-id]') ?? link.querySelector('[data-clientele-product],[data-product-id]');
      if (!mark) return;
      const id = cardId(mark);
      if (id) track('Product Clicked', { product_id: id, url: (link as HTMLAnchorElement).href });
    }
  });

  if (opts.dwell) {
    on(document, 'visibilitychange', () => {
      if (document.visibilityState === 'hidden') {
        if (dwellStart) dwellMs += performance.now() - dwellStart;
        dwellStart = 0;
        flushDwell();
        dwellStart = 0;
      } else if (pageProduct) dwellStart = performance.now();
    });
    on(window, 'pagehide', flushDwell);
  }

  return () => {
    for (const c of cleanups.splice(0)) c();
  };
}
