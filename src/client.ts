// The page side of Clientele: takes calls, checks them, batches events to the worker, mounts widgets.
// Nothing here may throw into the host page: every public method catches, warns once and falls back.
import type { Config, ConfigInput } from './contract/config.ts';
import type { UiCatalogue } from './messages/types.ts';
import { problem } from './contract/widgetCheck.ts';
import { connect, type Remote } from './rpc.ts';
import type { EngineApi, ExportedData, EngineStatus } from './contract/protocol.ts';
import type { RawEvent } from './contract/events.ts';
import type { RecItem, RecommendRequest, RecType, Result, SegmentsResult, SlotChoice } from './contract/types.ts';
import { checkEventName } from './contract/validateEvent.ts';
import { segmentsSignature } from './contract/segmentsSignature.ts';
import { startAutocapture } from './autocapture/index.ts';
import { createOutbox, type Outbox } from './outbox.ts';
import { createId } from './id.ts';
import type { WidgetModule } from './widgetModule.ts';
import type { MarkupModule } from './autocapture/markupModule.ts';
import type { ForwardedEvent } from './contract/loop.ts';
import type { Forwarder, createForwarder } from './forward.ts';

/** Options for `mount()`: a recommendation row, or a content slot. */
export type MountOptions = { type: RecType; limit?: number; title?: string; itemId?: string } | { slot: string };
type RowMount = { type: RecType; limit?: number; title?: string; itemId?: string; where?: string };

/** The public API: the same object the script tag puts on `window.clientele`. */
export interface Clientele {
  /** Applies a config (see README, "Config"). Safe to call before or after the script loads. */
  init(config?: ConfigInput): void;
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
  /** Calls `callback` with the visitor's segments whenever their stage, tier, cluster or audiences change; returns an unsubscribe function. */
  onSegments(callback: (segments: SegmentsResult) => void): () => void;
  /** Resolves once the worker is up and has applied the config. */
  ready(): Promise<boolean>;
  /** The engine's state: event and catalog counts, the site model in use. */
  status(): Promise<EngineStatus | null>;
  /** Testing aid: pins the engine's clock to `ms` since the epoch, or releases it with null. */
  setClock(ms: number | null): Promise<void>;
}

export interface ClientOptions {
  /** Folder the worker and chunk files are served from (ends with '/'); null when the app's bundler placed them. `config.assetBase` overrides it. */
  assetBase: string | null;
  /** Loads the widget chunk from `base` (a folder URL ending in '/'), or from wherever the bundler put it when null. */
  loadWidget: (base: string | null) => Promise<WidgetModule>;
  /** Loads the microdata/RDFa reader (from `base` likewise); autocapture calls it only on pages that carry such markup. */
  loadMarkup?: (base: string | null) => Promise<MarkupModule>;
  createWorker: (base: string | null) => Worker;
  /** Where the app's bundler put the chunks the worker loads (product reader, languages, experiments), by file name; used while no assetBase is set. */
  chunkUrls?: Record<string, string>;
  /** Loads the forwarding chunk (from `base` likewise), once config.forward names a destination. */
  loadForward?: (base: string | null) => Promise<{ createForwarder: typeof createForwarder }>;
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
  // Until the worker has checked the config, nothing is stored and no widget mounts.
  let config: Config | null = null;
  /** The widget's titles and labels in the page's language when it is not English, from the worker. */
  let labels: UiCatalogue | undefined;
  let rawConfig: Record<string, unknown> = {};
  let engine: Remote<EngineApi> | null = null;
  let outbox: Outbox | null = null;
  let stopCapture: (() => void) | null = null;
  let consentGranted: boolean | null = readConsent();
  let held: RawEvent[] = [];
  let widgetModule: Promise<WidgetModule> | null = null;
  let readyResolve!: (ok: boolean) => void;
  const readyPromise = new Promise<boolean>((r) => (readyResolve = r));
  let started = false;
  let scheduled = false;
  let initDone: Promise<boolean> = readyPromise;
  const mounted = new WeakSet<Element>();
  const segmentListeners = new Set<(s: SegmentsResult) => void>();

  /** Tells listeners and the tag manager's dataLayer when the visitor's segments change. */
  const checkSegments = async () => {
    if (!config || (!segmentListeners.size && !config.dataLayer)) return;
    const seg = await call((e) => e.segmentsChanged(), 'segments');
    if (!seg) return;
    notify(seg);
    if (config.dataLayer) {
      const w = window as unknown as { dataLayer?: unknown[] };
      (w.dataLayer ??= []).push({ event: 'clientele_segments', clientele: { lifecycle: seg.lifecycle.stage, rfm_tier: seg.rfm?.tier ?? null, cluster: seg.cluster?.name ?? null, audiences: seg.audiences, purchase_propensity: seg.propensity.purchase90d } });
    }
  };
  /** What each listener heard last: a change and a new subscription can report the same state at once. */
  const heard = new WeakMap<(s: SegmentsResult) => void, string>();
  /** Listeners hear each distinct state once, whether it came from a change or from subscribing. */
  const notify = (seg: SegmentsResult, only?: (s: SegmentsResult) => void) => {
    const sig = segmentsSignature(seg);
    (only ? [only] : segmentListeners).forEach((fn) => {
      if (heard.get(fn) === sig) return;
      heard.set(fn, sig);
      try { fn(seg); } catch (e) { warn(`[clientele] your onSegments callback threw: ${(e as Error)?.message}`); }
    });
  };
  let forwarder: Promise<Forwarder> | null = null;
  /** Hands the worker's forwarded events to the lazily loaded forwarding chunk (config.forward). */
  const forward = (list: ForwardedEvent[]) => void (forwarder ??= (opts.loadForward?.(base()) ?? Promise.reject(new Error('this build has no forwarding chunk'))).then((m) => m.createForwarder(config!.forward, (rawConfig.forward as { callback?: unknown } | undefined)?.callback, warn)))
    .then((f) => f.send(list), (e) => warn(`[clientele] the forwarding script did not load (${(e as Error)?.message}); check config.assetBase`));
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

  /** config.assetBase (resolved against the page) wins over where the script or bundler put the files. */
  const base = (): string | null => {
    const b = rawConfig.assetBase;
    try {
      return typeof b === 'string' && b ? new URL(b, location.href).href.replace(/\/?$/, '/') : opts.assetBase;
    } catch {
      return opts.assetBase;
    }
  };
  /** The page's language when config.locale is not set: its lang attribute, else the browser's. */
  const pageLocale = () => document.documentElement.lang || navigator.language || 'en';
  const where = (file: string) => (base() ?? 'the bundled ') + file;

  const canStore = () => !!config && (config.requireConsent ? consentGranted === true : consentGranted !== false);

  const call = async <T>(fn: (e: Remote<EngineApi>) => Promise<Result<T>>, what: string): Promise<T | null> => {
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
      engine = connect<EngineApi>(opts.createWorker(base()));
    } catch (e) {
      warn(`[clientele] could not start the worker (${(e as Error)?.message}); check your Content-Security-Policy allows worker-src for ${where('clientele-worker.js')}`);
      readyResolve(false);
      return;
    }
    initDone = applyConfig();
    initDone.then(readyResolve);
    // A page with rows fetches the widget chunk while the worker starts, not after (the first row's critical path).
    if (document.querySelector('[data-clientele-widget],[data-clientele-slot]')) loadWidget().catch(() => undefined);
  }

  /** Sends the raw config to the worker, which checks it; then starts what the config asks for. */
  async function applyConfig(): Promise<boolean> {
    if (!engine) return false;
    try {
      const b = base();
      const page = { assetBase: b ?? '', ...(b ? {} : { chunkUrls: opts.chunkUrls }), pageUrl: location.href, locale: pageLocale() };
      // Functions stay on the page (config.forward.callback): the worker sees `true` in their place.
      const r = await engine.init(JSON.parse(JSON.stringify(rawConfig, (_k, v: unknown) => (typeof v == 'function' || v))), page);
      if (!r.ok) {
        warn(r.message);
        return false;
      }
      r.value.problems.forEach(warn);
      const firstTime = !config;
      const captureBefore = JSON.stringify(config?.autocapture);
      config = r.value.config;
      labels = r.value.labels;
      // Loaded now, not on the first batch, so events forwarded just before the visitor leaves are not lost.
      if (config.forward.events.length) forward([]);
      if (consentGranted !== null) await engine.setConsent(consentGranted);
      if (firstTime) {
        outbox = createOutbox(`clientele:${config.siteId}:unsent`, async (batch) => {
          const res = await call((e) => e.ingest(batch), 'storing events');
          res?.problems.forEach(warn);
          if (res?.forward) forward(res.forward);
          if (res?.stored) void checkSegments();
          return res !== null;
        });
        if (canStore()) for (const e of held.splice(0)) outbox.add(e);
        else if (!config.requireConsent) held = [];
      }
      // After the outbox exists, so the first page view is not dropped.
      const ac = config.autocapture;
      if (captureBefore !== JSON.stringify(ac)) {
        stopCapture?.();
        stopCapture = ac.pageViews || ac.productViews || ac.clicks || ac.addToCart || ac.dwell ? startAutocapture(ac, (ev, props) => api.track(ev, props), (m) => call((e) => e.readProduct(m), 'reading product markup'), opts.loadMarkup && (() => opts.loadMarkup!(base()))) : null;
      }
      if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => scanWidgets(), { once: true });
      else scanWidgets();
      return true;
    } catch (e) {
      warn(`[clientele] the worker at ${where('clientele-worker.js')} did not start (${(e as Error)?.message ?? e}); serve it beside clientele.js or set config.assetBase, and allow it in your Content-Security-Policy (worker-src). The page carries on without recommendations`);
      return false;
    }
  }

  const loadWidget = () => (widgetModule ??= opts.loadWidget(base()).catch((e) => {
    widgetModule = null;
    throw e;
  }));

  const host = () => ({
    recommend: api.recommend,
    chooseSlot: async (slot: string): Promise<SlotChoice> =>
      (await call((e) => e.chooseSlot(slot), `choosing content for slot "${slot}"`)) ?? { slot, variant: config?.slots[slot]?.default ?? null, reason: 'default: the engine is unavailable' },
    row: async (req: RecommendRequest, widgetId?: string) => {
      await outbox?.flush();
      return call((e) => e.row(req, { currentItemId }, widgetId), 'recommend');
    },
    track: (event: string, props: Record<string, unknown>) => api.track(event, props),
    locale: config?.locale || pageLocale(),
    currency: config?.currency ?? 'USD',
    config,
    labels,
    warn,
  });

  function mountInto(el: Element, options: RowMount | { slot: string }): () => void {
    if (mounted.has(el)) return () => undefined;
    mounted.add(el);
    let unmount: (() => void) | null = null;
    let cancelled = false;
    // After the worker has checked the config, so the widget gets its language, wording and settings.
    Promise.all([loadWidget(), initDone]).then(([m]) => {
      if (cancelled) return;
      unmount = 'slot' in options ? m.mountSlot(el, options.slot, host()) : m.mountRow(el, options, host(), options.where);
    }, (e) => warn(`[clientele] the widget script ${where('clientele-widget.js')} did not load (${(e as Error)?.message ?? e}); check config.assetBase`));
    return () => {
      cancelled = true;
      mounted.delete(el);
      unmount?.();
    };
  }

  function scanWidgets() {
    if (!config) return;
    document.querySelectorAll('[data-clientele-widget]').forEach((el, i) => {
      const type = el.getAttribute('data-clientele-widget') as RecType;
      const limit = el.getAttribute('data-limit');
      mountInto(el, { type, limit: limit === null ? undefined : Number(limit), title: el.getAttribute('data-title') ?? undefined, itemId: el.getAttribute('data-item-id') ?? undefined, where: `<div data-clientele-widget="${type}"> #${i + 1}` });
    });
    for (const w of config.widgets) {
      try {
        document.querySelectorAll(w.selector).forEach((el) => mountInto(el, w));
      } catch {
        warn(problem('config.widgets[].selector', w.selector, 'must be a valid CSS selector like "#recs"'));
      }
    }
    document.querySelectorAll('[data-clientele-slot]').forEach((el) => {
      const slot = el.getAttribute('data-clientele-slot') ?? '';
      if (!config!.slots[slot]) warn(problem(`<div data-clientele-slot="${slot}">`, slot, `has no config.slots["${slot}"]; add { default: {...}, variants: [...] } to your config`));
      mountInto(el, { slot });
    });
  }

  const send = (event: string, properties: Record<string, unknown>) => {
    if (event === 'Product Viewed') currentItemId = properties.product_id as string;
    const e: RawEvent = { message_id: createId(), event, properties, timestamp: Date.now() };
    // Before the worker has checked the config, and while consent is pending, events wait in memory only.
    if (!config || (config.requireConsent && consentGranted === null)) {
      if (held.length < 20_000) held.push(e);
      return;
    }
    if (canStore()) outbox?.add(e);
  };

  const api: Clientele = {
    init: safe((input?: unknown) => {
      // Later calls refine earlier ones: keys given again replace, the rest stay.
      rawConfig = input !== null && typeof input === 'object' && !Array.isArray(input) ? { ...(initial as object), ...rawConfig, ...input } : input === undefined ? { ...(initial as object), ...rawConfig } : (input as Record<string, unknown>);
      if (started) initDone = applyConfig();
      else if (!scheduled) {
        // Start once the page's own scripts have run, so every init() they make lands in one config
        // (and one store) instead of racing an async script tag.
        scheduled = true;
        if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
        else setTimeout(start, 0);
      }
    }, undefined),
    track: safe((event: string, properties?: Record<string, unknown>) => {
      const bad = checkEventName(event);
      if (bad) return warn(bad);
      let props: Record<string, unknown>;
      try {
        // Plain data only: the structured clone to the worker would choke on functions and DOM nodes.
        props = properties === undefined || properties === null ? {} : (JSON.parse(JSON.stringify(properties)) as Record<string, unknown>);
      } catch {
        return warn(problem(`track(${JSON.stringify(event)}, properties)`, String(properties), 'needs plain data (no DOM nodes, functions or cycles); the event was not recorded'));
      }
      send(event.trim(), props);
    }, undefined),
    page: safe((properties?: Record<string, unknown>) => {
      api.track('Page Viewed', { url: location.href, path: location.pathname, title: document.title, ...properties });
    }, undefined),
    identify: safe((userId: string, traits?: Record<string, unknown>) => {
      // Checked in the worker, which answers with the message to show.
      if (canStore()) void call((e) => e.identify(userId, JSON.parse(JSON.stringify(traits ?? {})) as Record<string, unknown>), 'identify').then(checkSegments);
    }, undefined),
    recommend: async (request) => {
      try {
        await outbox?.flush();
        // The worker checks the request and answers with a message naming the bad key.
        return (await call((e) => e.recommend(request, { currentItemId }), 'recommend')) ?? [];
      } catch {
        return [];
      }
    },
    mount: safe((element: Element | string, options: MountOptions) => {
      const el = typeof element === 'string' ? document.querySelector(element) : element;
      if (!(el instanceof Element)) {
        warn(problem('mount(element)', element, 'needs an element or a selector that matches one'));
        return () => undefined;
      }
      if (typeof (options as { slot?: unknown })?.slot === 'string') return mountInto(el, { slot: (options as { slot: string }).slot });
      return mountInto(el, { ...(options as RowMount), where: 'mount(element, options)' });
    }, () => undefined),
    consent: safe((granted: boolean) => {
      if (typeof granted !== 'boolean') return warn(problem('consent(granted)', granted, 'needs true or false'));
      consentGranted = granted;
      try { localStorage.setItem('clientele:consent', granted ? '1' : '0'); } catch { /* private mode */ }
      if (granted && outbox) for (const e of held.splice(0)) outbox.add(e);
      else if (!granted) { held = []; outbox?.clear(); }
      void call((e) => e.setConsent(granted), 'consent');
    }, undefined),
    exportData: async () => {
      await outbox?.flush();
      return call((e) => e.exportData(), 'exportData');
    },
    forget: async () => {
      outbox?.clear();
      held = [];
      return (await call(async (e): Promise<Result<boolean>> => {
        const r = await e.forget();
        return r.ok ? { ok: true, value: true } : r;
      }, 'forget')) === true;
    },
    segments: async () => {
      await outbox?.flush();
      return call((e) => e.segments(), 'segments');
    },
    onSegments: (fn) => {
      if (typeof fn !== 'function') {
        warn(problem('onSegments(callback)', fn, 'needs a function'));
        return () => undefined;
      }
      segmentListeners.add(fn);
      // Like most subscriptions, a new listener hears the current state first, then each change.
      void api.segments().then((seg) => { if (seg && segmentListeners.has(fn)) notify(seg, fn); });
      return () => void (segmentListeners.delete(fn), heard.delete(fn));
    },
    ready: () => initDone,
    status: () => call((e) => e.status(), 'status'),
    setClock: async (ms) => {
      await call((e) => e.setClock(ms), 'setClock');
      await checkSegments();
    },
  };
  return api;
}
