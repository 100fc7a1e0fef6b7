// The script-tag build (dist/clientele.js): reads config from data-* attributes, replaces the
// snippet's queue with the real API and replays the calls made before it arrived, in order.
import { bare } from './bare.ts';
import { createClient, text, warn } from './client.ts';
import { isWebUrl } from './contract/webUrl.ts';
import { loadChunk, startWorker } from './loadAssets.ts';
import { runningOr } from './running.ts';
import { takeOver } from './takeOver.ts';
import { parse } from './stringify.ts';

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
  const dataAttributes: Record<string, string> = bare({});
  for (const { name, value } of el ? Array.from(el.attributes) : []) if (name.startsWith('data-')) dataAttributes[name.slice(5)] = value;
  let assetBase = dataAttributes['asset-base'];
  try { assetBase ??= parse(dataAttributes.config).assetBase; } catch { /* the worker reports bad JSON */ }
  return { dataAttributes, assetBase };
}

function boot() {
  const w = window as unknown as { clientele?: unknown };
  // Included twice: the first serves. A queue the npm package took over (src/index.ts) leaves this tag its config.
  if (w.clientele && typeof w.clientele === 'object' && (w.clientele as { __real?: boolean }).__real && !(w.clientele as { __esm?: boolean }).__esm) return;
  const el = ownScript();
  const { dataAttributes, assetBase: base } = configFromAttributes(el);
  const src = el?.src || location.href;
  const assetBase = new URL(typeof base === 'string' && isWebUrl(base) ? base : './', src).href.replace(/\/?$/, '/');
  const queue: unknown[] = Array.isArray(w.clientele) ? w.clientele : [];
  // The npm package's instance, if the app started one: this tag's queue goes to it (two engines stored each event twice).
  const { api, started } = runningOr(() => createClient({ dataAttributes }, {
    assetBase,
    load: (name, base) => loadChunk(base ?? assetBase, name),
    createWorker: (base, name) => startWorker((base ?? assetBase) + 'clientele-worker.js', name),
  }));
  // Starts on the next task at the earliest, so queued and later init() calls all merge into one config. An instance
  // found running takes this tag's data-* config as an init() (its requireConsent, say), the keys set in code winning.
  api.init(started ? undefined : ({ dataAttributes } as never));

  takeOver(api, queue);
}


try {
  boot();
} catch (e) {
  warn(`[clientele] could not start: ${text(e)}; the page is unaffected`);
}
