// The script-tag build (dist/clientele.js): reads config from data-* attributes, replaces the
// snippet's queue with the real API and replays the calls made before it arrived, in order.
import { createClient, warn, type Clientele } from './client.ts';
import { problem } from './contract/config.ts';
import { loadWidgetScript, startWorker } from './loadAssets.ts';

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

function boot() {
  const w = window as unknown as { clientele?: unknown };
  if (w.clientele && typeof w.clientele === 'object' && (w.clientele as { __real?: boolean }).__real) return;
  const el = ownScript();
  const attrs = configFromAttributes(el);
  const src = el?.src || location.href;
  const assetBase = new URL(typeof attrs.assetBase === 'string' ? attrs.assetBase : './', src).href.replace(/\/?$/, '/');
  // data-asset-base is relative to the script; an init({ assetBase }) later is relative to the page.
  if (typeof attrs.assetBase === 'string') attrs.assetBase = assetBase;
  const queue: unknown[] = Array.isArray(w.clientele) ? w.clientele : [];

  const calls: Queued[] = [];
  for (const item of queue) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    calls.push([item[0], Array.isArray(item[1]) ? item[1] : [], item[2], item[3]]);
  }
  const api = createClient(attrs, {
    assetBase,
    loadWidget: (base) => loadWidgetScript((base ?? assetBase) + 'clientele-widget.js'),
    createWorker: (base) => startWorker((base ?? assetBase) + 'clientele-worker.js'),
  });
  // Starts on the next task at the earliest, so queued and later init() calls all merge into one config.
  api.init();

  const run = ([method, args, resolve, reject]: Queued) => {
    const fn = (api as unknown as Record<string, unknown>)[method];
    if (typeof fn !== 'function') {
      warn(problem(`clientele.${method}()`, method, `is not a Clientele method (known: ${Object.keys(api).join(', ')})`));
      return resolve?.(undefined);
    }
    try {
      const r = (fn as (...a: unknown[]) => unknown).apply(api, args);
      if (r instanceof Promise) r.then(resolve, reject);
      else resolve?.(r);
    } catch (e) {
      reject?.(e);
    }
  };
  calls.forEach(run);
  const pub: Clientele & { push(item: unknown): void; __real: true } = Object.assign(Object.create(null) as object, api, {
    push: (item: unknown) => { if (Array.isArray(item) && typeof item[0] === 'string') run([item[0], Array.isArray(item[1]) ? item[1] : [], item[2], item[3]]); },
    __real: true as const,
  });
  w.clientele = pub;
}

try {
  boot();
} catch (e) {
  console.warn(`[clientele] could not start: ${(e as Error)?.message ?? e}; the page is unaffected`);
}
