// The page side of Clientele: takes calls, checks them, batches events to the worker, mounts widgets.
// Nothing here may throw into the host page: every public method catches, warns once and falls back.
import * as Comlink from 'comlink';
import { resolveConfig, toWorkerConfig, checkWidget, problem, type Config, type WidgetConfig } from './contract/config.ts';
import type { EngineApi, ExportedData, EngineStatus } from './contract/protocol.ts';
import type { RawEvent } from './contract/events.ts';
import type { RecItem, RecommendRequest, RecType, Result, SegmentsResult, SlotChoice } from './contract/types.ts';
import { checkEvent } from './contract/validateEvent.ts';
import { startAutocapture } from './autocapture/index.ts';
import { createOutbox, type Outbox } from './outbox.ts';
import { createId } from './id.ts';
import type { WidgetModule } from './widgetModule.ts';

/** Options for `mount()`: a recommendation row, or a content slot. */
export type MountOptions = { type: RecType; limit?: number; title?: string; itemId?: string } | { slot: string };

/** The public API: the same object the script tag puts on `window.clientele`. */
export interface Clientele {
  /** Applies a config (see README, "Config"). Safe to call before or after the script loads. */
  init(config?: Partial<Config> | Record<string, unknown>): void;
  /** Records an event, e.g. `track('Product Added', { product_id: 'SKU-1', price: 9.5 })`. */
  track(event: string, properties?: Record<string, unknown>): void;
  /** Records a page view for single-page apps that autocapture cannot see. */
  page(properties?: Record<string, unknown>): void;
  /** Ties this visitor to your user id, with traits (age band, region, membership...) used by audiences. */
  identify(userId: string, traits?: Record<string, unknown>): void;
  /** Recommended items, each with its source model and reason. Never rejects: resolves [] on failure. */
  recommend(request: RecommendRequest): Promise<RecItem[]>;
  /** Renders a recommendation row or a content slot into an element; returns an unmount function. */
  mount(element: Element | string, options: MountOptions): () => void;
  /** Grants or withdraws consent to store behaviour (see config.requireConsent). */
  consent(granted: boolean): void;
  /** Everything stored about this visitor. */
  exportData(): Promise<ExportedData | null>;
  /** Erases everything stored about this visitor. */
  forget(): Promise<boolean>;
  /** The visitor's segments, scores and reasons. */
  segments(): Promise<SegmentsResult | null>;
  /** Resolves once the worker is up and has applied the config. */
  ready(): Promise<boolean>;
  /** The engine's state: event and catalog counts, site model, tfjs backend. */
  status(): Promise<EngineStatus | null>;
  /** Testing aid: pins the engine's clock to `ms` since the epoch, or releases it with null. */
  setClock(ms: number | null): Promise<void>;
}

export interface ClientOptions {
  /** Folder the worker, widget and wasm files are served from (ends with '/'). */
  assetBase: string;
  loadWidget: () => Promise<WidgetModule>;
  createWorker: (url: string) => Worker;
}

const warned = new Set<string>();
/** Warns once per distinct message so a loop of bad calls cannot flood the console. */
export function warn(message: string): void {
  if (warned.has(message) || warned.size > 200) return;
  warned.add(message);
  console.warn(message);
}

const safe = <A extends unknown[], R>(fn: (...a: A) => R, fallback: R) => (...a: A): R => {
  try {
    return fn(...a);
  } catch (e) {
    warn(`[clientele] internal error: ${(e as Error)?.message ?? e}; Clientele carries on with defaults`);
    return fallback;
  }
};

/**
 * Creates a Clientele client: the worker, the outbox, autocapture and widgets.
 * @example const c = createClient({ siteModelUrl: '/model/manifest.json' }, opts); c.track('Page Viewed', {});
 */
export function createClient(initial: unknown, opts: ClientOptions): Clientele {
  let config: Config = resolveConfig(undefined).config;
  let engine: Comlink.Remote<EngineApi> | null = null;
  let outbox: Outbox | null = null;
  let stopCapture: (() => void) | null = null;
  let consentGranted: boolean | null = readConsent();
  let held: RawEvent[] = [];
  let widgetModule: Promise<WidgetModule> | null = null;
  let readyResolve!: (ok: boolean) => void;
  const readyPromise = new Promise<boolean>((r) => (readyResolve = r));
  let started = false;
  let initDone: Promise<boolean> = readyPromise;
  const mounted = new WeakSet<Element>();
  /** The product this page shows, seed for "similar" and "bought together" rows. */
  let currentItemId: string | undefined;

  function readConsent(): boolean | null {
    try {
      const v = localStorage.getItem('clientele:consent');
      return v === null ? null : v === '1';
    } catch {
      return null;
    }
  }

  const canStore = () => (config.requireConsent ? consentGranted === true : consentGranted !== false);

  const call = async <T>(fn: (e: Comlink.Remote<EngineApi>) => Promise<Result<T>>, what: string): Promise<T | null> => {
    if (!(await initDone) || !engine) return null;
    try {
      const r = await fn(engine);
      if (r.ok) return r.value;
      warn(r.message.startsWith('[clientele]') ? r.message : `[clientele] ${what} failed: ${r.message}`);
    } catch (e) {
      warn(`[clientele] ${what} failed: ${(e as Error)?.message ?? e}`);
    }
    return null;
  };

  function start() {
    started = true;
    try {
      const worker = opts.createWorker(opts.assetBase + 'clientele-worker.js');
      worker.addEventListener('error', (e) => {
        warn(`[clientele] the worker at ${opts.assetBase}clientele-worker.js failed to load (${e.message || 'network or CSP error'}); set config.assetBase to the folder holding clientele-worker.js. Recommendations fall back to nothing until it loads`);
        readyResolve(false);
      });
      engine = Comlink.wrap<EngineApi>(worker);
    } catch (e) {
      warn(`[clientele] could not start the worker (${(e as Error)?.message}); check your Content-Security-Policy allows worker-src for ${opts.assetBase}`);
      readyResolve(false);
      return;
    }
    outbox = createOutbox(`clientele:${config.siteId}:unsent`, async (batch) => {
      const r = await call((e) => e.ingest(batch), 'storing events');
      return r !== null;
    });
    initDone = applyConfig();
    initDone.then(readyResolve);
    for (const e of held.splice(0)) outbox.add(e);
    if (Object.values(config.autocapture).some(Boolean)) stopCapture = startAutocapture(config.autocapture, (ev, props) => api.track(ev, props));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => scanWidgets(), { once: true });
    else scanWidgets();
  }

  async function applyConfig(): Promise<boolean> {
    if (!engine) return false;
    try {
      const page = { assetBase: opts.assetBase, pageUrl: location.href, locale: config.locale ?? navigator.language ?? 'en' };
      const r = await engine.init(toWorkerConfig(config), page);
      if (!r.ok) warn(r.message);
      if (consentGranted !== null) await engine.setConsent(consentGranted);
      return r.ok;
    } catch (e) {
      warn(`[clientele] the worker did not start: ${(e as Error)?.message ?? e}`);
      return false;
    }
  }

  function setConfig(input: unknown) {
    const { config: next, problems } = resolveConfig(input);
    for (const p of problems) warn(p);
    config = next;
  }

  const loadWidget = () => (widgetModule ??= opts.loadWidget().catch((e) => {
    widgetModule = null;
    throw e;
  }));

  const host = () => ({
    recommend: async (req: RecommendRequest) => {
      const items = await api.recommend(req);
      return items.length ? items : api.recommend({ type: 'popular', limit: req.limit });
    },
    chooseSlot: async (slot: string): Promise<SlotChoice> =>
      (await call((e) => e.chooseSlot(slot), `choosing content for slot "${slot}"`)) ?? { slot, variant: config.slots[slot]?.default ?? null, reason: 'default: the engine is unavailable' },
    track: (event: string, props: Record<string, unknown>) => api.track(event, props),
    locale: config.locale ?? navigator.language ?? 'en',
    currency: config.currency,
    warn,
  });

  function mountInto(el: Element, options: MountOptions): () => void {
    if (mounted.has(el)) return () => undefined;
    mounted.add(el);
    let unmount: (() => void) | null = null;
    let cancelled = false;
    loadWidget().then((m) => {
      if (cancelled) return;
      unmount = 'slot' in options ? m.mountSlot(el, options.slot, host()) : m.mountRow(el, options, host());
    }, (e) => warn(`[clientele] the widget script ${opts.assetBase}clientele-widget.js did not load (${(e as Error)?.message ?? e}); check config.assetBase`));
    return () => {
      cancelled = true;
      mounted.delete(el);
      unmount?.();
    };
  }

  function scanWidgets() {
    const rows: Array<[Element, WidgetConfig]> = [];
    document.querySelectorAll('[data-clientele-widget]').forEach((el, i) => {
      const raw = { selector: 'x', type: el.getAttribute('data-clientele-widget'), limit: el.hasAttribute('data-limit') ? Number(el.getAttribute('data-limit')) : undefined, title: el.getAttribute('data-title') ?? undefined, itemId: el.getAttribute('data-item-id') ?? undefined };
      const problems: string[] = [];
      const w = checkWidget(raw, `<div data-clientele-widget> #${i + 1} (data-clientele-widget="${raw.type}")`, problems);
      problems.forEach(warn);
      if (w) rows.push([el, w]);
    });
    for (const w of config.widgets) {
      let els: Element[] = [];
      try {
        els = Array.from(document.querySelectorAll(w.selector));
      } catch {
        warn(problem('config.widgets[].selector', w.selector, 'must be a valid CSS selector like "#recs"'));
      }
      for (const el of els) rows.push([el, w]);
    }
    for (const [el, w] of rows) mountInto(el, { type: w.type, limit: w.limit, title: w.title, itemId: w.itemId });
    document.querySelectorAll('[data-clientele-slot]').forEach((el) => {
      const slot = el.getAttribute('data-clientele-slot') ?? '';
      if (!config.slots[slot]) warn(problem(`<div data-clientele-slot="${slot}">`, slot, `has no config.slots["${slot}"]; add { default: {...}, variants: [...] } to your config`));
      mountInto(el, { slot });
    });
  }

  const send = (event: string, properties: Record<string, unknown>) => {
    if (event === 'Product Viewed') currentItemId = properties.product_id as string;
    const e: RawEvent = { message_id: createId(), event, properties, timestamp: Date.now() };
    if (!canStore()) {
      // Held in memory only until consent is given; dropped with the page otherwise.
      if (config.requireConsent && consentGranted === null && held.length < 500) held.push(e);
      return;
    }
    if (outbox) outbox.add(e);
    else held.push(e);
  };

  const api: Clientele = {
    init: safe((input?: unknown) => {
      setConfig({ ...(initial as object), ...(input as object) });
      if (!started) start();
      else {
        initDone = applyConfig();
        scanWidgets();
      }
    }, undefined),
    track: safe((event: string, properties?: Record<string, unknown>) => {
      const r = checkEvent(event, properties);
      if (!r.ok) return warn(r.message);
      send(r.event, r.properties);
    }, undefined),
    page: safe((properties?: Record<string, unknown>) => {
      api.track('Page Viewed', { url: location.href, path: location.pathname, title: document.title, ...properties });
    }, undefined),
    identify: safe((userId: string, traits?: Record<string, unknown>) => {
      if ((typeof userId !== 'string' || !userId) && typeof userId !== 'number') return warn(problem('identify(userId)', userId, 'needs your user id as a non-empty string'));
      if (traits !== undefined && (typeof traits !== 'object' || traits === null || Array.isArray(traits))) return warn(problem('identify(userId, traits)', traits, 'needs traits as an object like { "age_band": "25-34" }'));
      if (!canStore()) return;
      void call((e) => e.identify(String(userId), JSON.parse(JSON.stringify(traits ?? {})) as Record<string, unknown>), 'identify');
    }, undefined),
    recommend: async (request) => {
      try {
        const problems: string[] = [];
        const w = checkWidget({ selector: 'x', ...(request as object) }, 'recommend(request)', problems);
        problems.forEach(warn);
        if (!w) return [];
        await outbox?.flush();
        return (await call((e) => e.recommend({ ...request, type: w.type }, { currentItemId }), `recommend(${JSON.stringify(w.type)})`)) ?? [];
      } catch {
        return [];
      }
    },
    mount: safe((element: Element | string, options: MountOptions) => {
      const el = typeof element === 'string' ? document.querySelector(element) : element;
      if (!el || !(el instanceof Element)) {
        warn(problem('mount(element)', element, 'needs an element or a selector that matches one'));
        return () => undefined;
      }
      if (!options || typeof options !== 'object') {
        warn(problem('mount(element, options)', options, 'needs options like { type: "similar", limit: 6 } or { slot: "hero" }'));
        return () => undefined;
      }
      if ('slot' in options) {
        if (typeof options.slot !== 'string' || !options.slot) { warn(problem('mount(element, options).slot', options.slot, 'must be a slot name like "hero"')); return () => undefined; }
        return mountInto(el, { slot: options.slot });
      }
      const problems: string[] = [];
      const w = checkWidget({ selector: 'x', ...options }, 'mount(element, options)', problems);
      problems.forEach(warn);
      return w ? mountInto(el, { type: w.type, limit: w.limit, title: w.title, itemId: w.itemId }) : () => undefined;
    }, () => undefined),
    consent: safe((granted: boolean) => {
      if (typeof granted !== 'boolean') return warn(problem('consent(granted)', granted, 'needs true or false'));
      consentGranted = granted;
      try { localStorage.setItem('clientele:consent', granted ? '1' : '0'); } catch { /* private mode */ }
      if (granted) for (const e of held.splice(0)) outbox?.add(e);
      else { held = []; outbox?.clear(); }
      void call((e) => e.setConsent(granted), 'consent');
    }, undefined),
    exportData: async () => {
      await outbox?.flush();
      return call((e) => e.exportData(), 'exportData');
    },
    forget: async () => {
      outbox?.clear();
      held = [];
      const r = await call((e) => e.forget(), 'forget');
      return r !== null;
    },
    segments: async () => {
      await outbox?.flush();
      return call((e) => e.segments(), 'segments');
    },
    ready: () => initDone,
    status: () => call((e) => e.status(), 'status'),
    setClock: async (ms) => {
      await call((e) => e.setClock(ms), 'setClock');
    },
  };
  return api;
}
