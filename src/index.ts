// The ESM entry for bundler users. Everything public is exported here, and only here.
import { bare } from './bare.ts';
import { createClient, explainAssets, text, type Clientele, type MountOptions } from './client.ts';
import { resolveConfig as resolve, type ConfigInput } from './contract/config.ts';
import { problem } from './contract/widgetCheck.ts';
import type { Chunks } from './chunks.ts';
import { loadChunk, startWorker } from './loadAssets.ts';
import { bundledChunkUrls, createBundledWorker } from './esm/bundlerAssets.js';
import { runningOr } from './running.ts';
import { takeOver } from './takeOver.ts';

export type { Clientele, MountOptions } from './client.ts';
export type { Config, ConfigInput, WidgetConfig, SlotConfig, AutocaptureConfig } from './contract/config.ts';
export type { Product, StoredEvent, StandardEventName } from './contract/events.ts';
export type { RecItem, RecType, RecommendRequest, RecFilters, CatalogItem, SegmentsResult, SlotChoice, SlotVariantConfig } from './contract/types.ts';
export type { Condition } from './contract/conditions.ts';
export type { ExportedData, EngineStatus } from './contract/protocol.ts';
export type { ForwardedEvent } from './contract/loop.ts';
export type { Reason, ReasonKey, MessageKey, Message, MessageOverrides } from './messages/types.ts';
export { STANDARD_EVENTS } from './contract/events.ts';
export { REC_TYPES } from './contract/types.ts';
export { DEFAULT_CONFIG } from './contract/config.ts';

/** `v` with every object in it copied to one of its own keys only, no prototype (lists stay lists); 32 levels deep. */
const ownData = (v: unknown, depth = 0): unknown => {
  if (!v || typeof v !== 'object' || depth > 32) return v;
  if (Array.isArray(v)) return v.map((x) => ownData(x, depth + 1));
  const o: Record<string, unknown> = Object.create(null);
  for (const k of Object.keys(v)) o[k] = ownData((v as Record<string, unknown>)[k], depth + 1);
  return o;
};

/**
 * Checks a config as the engine does: the config it would apply, with one message per key it dropped. Never throws:
 * input that cannot be read (a revoked proxy, a getter that throws) gives the defaults and a message. Only the input's
 * own keys count: a page's polluted Object.prototype (a `requireConsent` left by a prototype-pollution bug) is not config.
 * @example resolveConfig({ sessionTimeoutMinutes: 'x' }).problems // ['[clientele] config.sessionTimeoutMinutes must be ...']
 */
export function resolveConfig(input: unknown): ReturnType<typeof resolve> {
  try {
    return resolve(ownData(input));
  } catch (e) {
    return { config: resolve(undefined).config, problems: [problem('config', input, `cannot be read (${text(e)}); give plain data like { siteModelUrl: "/model/manifest.json" }`)] };
  }
}

/** The page chunks as the app's bundler splits them: ordinary dynamic imports. */
const bundled: { [K in keyof Chunks]: () => Promise<Chunks[K]> } = {
  widget: () => import('../widget/index.tsx'),
  markup: () => import('./autocapture/items/index.ts'),
  forward: () => import('./forward.ts'),
  segments: () => import('./segmentsFeed.ts'),
  page: () => import('./pageChunk.ts'),
};

let toldRefused = false;
/** The chunks whose import() threw, with what it threw. */
const thrown: { [K in keyof Chunks]?: unknown } = bare({});

/**
 * A bundled chunk's import(). webpack's throws under Trusted Types (its script URL refused) instead of rejecting, and
 * asked again it hands back a promise that never settles: the failure is kept, told once, and never thrown.
 */
function importChunk<K extends keyof Chunks>(name: K): Promise<Chunks[K]> {
  if (name in thrown) return Promise.reject(thrown[name]);
  try {
    // Refused under a policy of nonces where the bundler was not given the page's nonce (Vite preloads chunks with
    // <link rel="modulepreload">, webpack adds <script> elements): told once, with those settings, not as a file
    // missing "beside clientele.js", which an app with a bundler does not have (round41e-bundled-nonce).
    return bundled[name]().catch((e: unknown) => {
      if (!toldRefused) toldRefused = true, explainAssets(`[clientele] ${text(e).replace(/\.$/, '')}: a Clientele chunk your bundler emitted (rows and autocapture) did not load. Under a Content-Security-Policy of nonces, give your bundler the page's nonce (Vite: html.cspNonce; webpack: __webpack_nonce__); else serve every file of your build`);
      throw e;
    });
  } catch (e) {
    thrown[name] = e;
    if (/TrustedScriptURL/.test(text(e))) explainAssets(`[clientele] ${text(e).replace(/\.$/, '')}: Trusted Types refused the script URL your bundler made for a Clientele chunk (rows and autocapture stay off); give the bundler a policy (webpack: output.trustedTypes) and add its name to the trusted-types directive`);
    return Promise.reject(e);
  }
}

/**
 * Starts Clientele in this page and returns its API. Called again (React StrictMode running an effect twice, a module
 * re-run by hot reload), it returns the instance already running and applies the new config through its `init()`:
 * one engine per page, each event stored once (the script tag's, if the page has it too). The worker and widget files come
 * with the package and your bundler (Vite, webpack 5, Rollup, esbuild, Parcel) emits them with your
 * app; set `config.assetBase` only to serve them from somewhere else (a CDN copy of `dist/`).
 * A misspelt or mistyped key is a compile error, and a bad value a console message at run time.
 * @example
 * import { createClientele } from 'clientele';
 * const clientele = createClientele({ siteModelUrl: '/model/manifest.json', locale: 'zh-CN' });
 * clientele.track('Product Viewed', { product_id: 'SKU-1', name: 'Mug', price: 9.5 });
 */
export function createClientele(config: ConfigInput = {}): Clientele {
  // A server's DOM shim may give a document and no window or location: no page either.
  if (typeof document === 'undefined' || typeof window === 'undefined' || typeof location === 'undefined') return noPage();
  let running: ReturnType<typeof runningOr>;
  try {
    running = runningOr(() => createClient(config, {
      assetBase: null,
      load: (name, base) => (base ? loadChunk(base, name) : importChunk(name)),
      createWorker: (base, name) => (base ? startWorker(base + 'clientele-worker.js', name) : createBundledWorker(startWorker)),
      chunkUrls: bundledChunkUrls(),
    }));
  } catch (e) {
    // A page too unlike a browser's (a partial DOM shim): nothing thrown into the app, an instance that does nothing.
    return noPage(`createClientele() could not start here (${text(e)})`);
  }
  const { api, started } = running;
  // Started now, the config went in as the client's base and init() starts it; found running, init() applies it.
  api.init(started ? undefined : config);
  // The snippet's queue, on a page with no script tag to take it (one there, loading still, takes it with its data-*
  // config): its calls are applied, its promises answered, and it no longer parks what the engine stores.
  const w = window as unknown as { clientele?: unknown };
  try {
    if (Array.isArray(w.clientele) && !Array.from(document.scripts).some((s) => /clientele(\.min)?\.js(\?|#|$)/.test(s.src))) {
      takeOver(api, w.clientele);
      // A script tag added later (a tag manager's) still gives the running engine its data-* config (src/script.ts).
      (w.clientele as { __esm?: boolean }).__esm = true;
    }
  } catch (e) {
    console.warn(`[clientele] the snippet's queue could not be taken over: ${text(e)}`);
  }
  return api;
}

let toldNoPage = false;
/**
 * Where there is no page (server-side rendering, a script in Node, a web worker), an instance that does nothing: its promises settle
 * at once with what a page without the script gets, and one message says where to call createClientele() instead.
 */
function noPage(why = `createClientele() was called where there is no page (typeof document is "${typeof document}", typeof window "${typeof window}": server-side rendering, Node, or a web worker)`): Clientele {
  if (!toldNoPage) {
    toldNoPage = true;
    console.warn(`[clientele] ${why}; it records and shows nothing there. Call it on the page, in the browser, e.g. in useEffect() or onMounted()`);
  }
  const nothing = () => undefined;
  const none = <T>(v: T) => () => Promise.resolve(v);
  const api: Clientele = {
    init: nothing, track: nothing, page: nothing, identify: nothing, consent: nothing, mount: () => nothing, onSegments: () => nothing,
    recommend: none([]), exportData: none(null), forget: none(false), segments: none(null), ready: none(false), status: none(null), setClock: none(undefined),
  };
  return api;
}

export type { MountOptions as WidgetOptions };
