// The script-tag build (dist/clientele.js): reads config from data-* attributes, replaces the
// snippet's queue with the real API and replays the calls made before it arrived, in order.
import { createClient, warn, type Clientele } from './client.ts';
import { problem } from './contract/config.ts';
import { loadChunk, startWorker } from './loadAssets.ts';
import { WIDGET_GLOBAL, type WidgetModule } from './widgetModule.ts';
import { MARKUP_GLOBAL, type MarkupModule } from './autocapture/markupModule.ts';

type Queued = [string, unknown[], ((v: unknown) => void)?, ((e: unknown) => void)?];

function ownScript(): HTMLScriptElement | null {
  const cur = document.currentScript as HTMLScriptElement | null;
  if (cur?.src) return cur;
  return Array.from(document.querySelectorAll<HTMLScriptElement>('script[src]')).find((s) => /clientele(\.min)?\.js(\?|#|$)/.test(s.src)) ?? null;
}

/**
 * The script tag's data-* attributes, untyped: the worker's config check coerces each by its key's type
 * (src/contract/configAttributes.ts), so the page carries no schema. Only the asset folder is needed here,
 * before the worker exists.
 */
function configFromAttributes(el: HTMLScriptElement | null): { dataAttributes: Record<string, string>; assetBase?: string } {
  const dataAttributes: Record<string, string> = {};
  for (const { name, value } of el ? Array.from(el.attributes) : []) if (name.startsWith('data-')) dataAttributes[name.slice(5)] = value;
  let assetBase = dataAttributes['asset-base'];
  try { assetBase ??= JSON.parse(dataAttributes.config).assetBase; } catch { /* the worker reports bad JSON */ }
  return { dataAttributes, assetBase };
}

function boot() {
  const w = window as unknown as { clientele?: unknown };
  if (w.clientele && typeof w.clientele === 'object' && (w.clientele as { __real?: boolean }).__real) return;
  const el = ownScript();
  const { dataAttributes, assetBase: base } = configFromAttributes(el);
  const src = el?.src || location.href;
  const assetBase = new URL(typeof base === 'string' ? base : './', src).href.replace(/\/?$/, '/');
  const queue: unknown[] = Array.isArray(w.clientele) ? w.clientele : [];

  const calls: Queued[] = [];
  for (const item of queue) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    calls.push([item[0], Array.isArray(item[1]) ? item[1] : [], item[2], item[3]]);
  }
  const api = createClient({ dataAttributes }, {
    assetBase,
    loadWidget: (base) => loadChunk<WidgetModule>((base ?? assetBase) + 'clientele-widget.js', WIDGET_GLOBAL),
    loadMarkup: (base) => loadChunk<MarkupModule>((base ?? assetBase) + 'clientele-markup.js', MARKUP_GLOBAL),
    loadForward: (base) => loadChunk((base ?? assetBase) + 'clientele-forward.js', '__clienteleForward'),
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
