// The script-tag build (dist/clientele.js): reads config from data-* attributes, replaces the
// snippet's queue with the real API and replays the calls made before it arrived, in order.
import { createClient, text, warn } from './client.ts';
import { problem } from './contract/widgetCheck.ts';
import { WIDGET_GLOBAL, type WidgetModule } from './widgetModule.ts';

type Queued = [string, unknown[], ((v: unknown) => void)?, ((e: unknown) => void)?];

function ownScript(): HTMLScriptElement | null {
  const cur = document.currentScript as HTMLScriptElement | null;
  if (cur?.src) return cur;
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => /clientele(\.min)?\.js(\?|#|$)/.test(s.src)) ?? null;
}

function configFromAttributes(el: HTMLScriptElement | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!el) return out;
  const json = el.getAttribute('data-config');
  if (json) {
    try {
      Object.assign(out, JSON.parse(json));
    } catch {
      warn(problem('<script data-config>', json, 'must be JSON like \'{"siteModelUrl": "/model/manifest.json"}\''));
    }
  }
  // data-site-model-url="..." -> siteModelUrl; "true"/"false"/"" -> booleans. The worker reports unknown keys.
  for (const { name, value } of Array.from(el.attributes)) {
    if (!name.startsWith('data-') || name === 'data-config') continue;
    out[name.slice(5).replace(/-(\w)/g, (_m, c: string) => c.toUpperCase())] = value === '' || value === 'true' ? true : value === 'false' ? false : value;
  }
  return out;
}

function loadWidgetChunk(url: string): Promise<WidgetModule> {
  const w = window as unknown as Record<string, WidgetModule | undefined>;
  return new Promise((resolve, reject) => {
    if (w[WIDGET_GLOBAL]) return resolve(w[WIDGET_GLOBAL]);
    const s = document.createElement('script');
    s.src = url;
    s.onload = () => (w[WIDGET_GLOBAL] ? resolve(w[WIDGET_GLOBAL]) : reject(new Error('it loaded but did not register')));
    s.onerror = () => reject(new Error('a network error or the Content-Security-Policy'));
    document.head.appendChild(s);
  });
}

function createWorker(url: string): Worker {
  // A worker must be same-origin; a script served from a CDN starts it through a tiny blob instead.
  if (new URL(url, location.href).origin === location.origin) return new Worker(url, { name: 'clientele' });
  const blob = new Blob([`importScripts(${JSON.stringify(url)})`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob), { name: 'clientele' });
}

function boot() {
  const w = window as unknown as { clientele?: unknown };
  if (w.clientele && typeof w.clientele === 'object' && (w.clientele as { __real?: boolean }).__real) return;
  const el = ownScript();
  const attrs = configFromAttributes(el);
  const src = el?.src || location.href;
  const assetBase = new URL(typeof attrs.assetBase === 'string' ? attrs.assetBase : './', src).href.replace(/\/?$/, '/');
  const queue: unknown[] = Array.isArray(w.clientele) ? w.clientele : [];
  const api = createClient(attrs, {
    assetBase,
    loadWidget: () => loadWidgetChunk(assetBase + 'clientele-widget.js'),
    createWorker,
  });
  // Starts on the next task at the earliest, so queued and later init() calls all merge into one config.
  api.init();

  /** Applies one queued call `[method, args, resolve?, reject?]`, settling the snippet's promise; never throws. */
  const push = (item: unknown) => {
    try {
      if (!Array.isArray(item) || typeof item[0] !== 'string') return;
      const [method, args, resolve, reject] = item as Queued;
      const done = (f: unknown, v: unknown) => typeof f === 'function' && f(v);
      const fn = (api as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') {
        warn(problem(`clientele.${method}()`, method, `is not a Clientele method (known: ${Object.keys(api).join(', ')})`));
        return done(resolve, undefined);
      }
      const r = (fn as (...a: unknown[]) => unknown).apply(api, Array.isArray(args) ? args : []);
      if (r instanceof Promise) r.then((v) => done(resolve, v), (e) => done(reject, e));
      else done(resolve, r);
    } catch (e) {
      warn(`[clientele] clientele.push() failed: ${text(e)}`);
    }
  };
  // Every call made before the script arrived, in call order.
  queue.forEach(push);
  w.clientele = Object.assign(Object.create(null) as object, api, { push, __real: true as const });
}

try {
  boot();
} catch (e) {
  warn(`[clientele] could not start: ${text(e)}; the page is unaffected`);
}
