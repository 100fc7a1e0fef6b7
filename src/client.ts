// The page side of Clientele: takes calls, keeps them in the durable outbox in call order, supervises the worker,
// mounts widgets. Nothing here may throw into the host page, whatever it is given: every public method catches,
// warns once and falls back, and every promise settles within DEADLINE_MS.
import type { Config, ConfigInput } from './contract/config.ts';
import type { UiCatalogue } from './messages/types.ts';
import { problem, show } from './contract/widgetCheck.ts';
import { DEAD, spawnNamed, supervise, type Remote, type Spawned, type Supervisor } from './rpc.ts';
import type { EngineApi, ExportedData, EngineStatus, PageContext, ServedRow } from './contract/protocol.ts';
import { CONSENT_KEY, ORDERED_READS, PARKED_QUEUE } from './contract/protocol.ts';
import type { RecItem, RecommendRequest, RecType, Result, SegmentsResult } from './contract/types.ts';
import type { SegmentsFeed } from './segmentsFeed.ts';
import type { Chunks, LoadChunk } from './chunks.ts';
import { createOutbox, dropParked, isPersonalOp, madeAt } from './outbox.ts';
import { paint, unpaint } from './paint.ts';
import { readRows } from './rowCache.ts';
import { createId } from './id.ts';
import { isWebUrl } from './contract/webUrl.ts';
import { MAX_ID_LENGTH } from './contract/productId.ts';
import { stringify, parse } from './stringify.ts';
import type { PageLink, WidgetModule } from './widgetModule.ts';
import type { ForwardedEvent } from './contract/loop.ts';
import type { Forwarder } from './forward.ts';
import type { Autocapture } from './autocapture/index.ts';
import { soon } from './soon.ts';
import { pageTitle } from './pageTitle.ts';
import { bare, inert } from './bare.ts';
import { now, tick } from './clock.ts';

/** Every promise the API returns settles within this time, with its documented fallback if the worker has not answered. */
export const DEADLINE_MS = 10_000;
/**
 * At most this many characters of kept batches wait on the page for a new worker in memory mode. Whole batches go,
 * the oldest first: twice a full batch (src/outbox.ts MAX_BATCH_CHARS, which the op crossing it and the commas pass),
 * so the newest 4 M characters at least (some 30,000 events) stay.
 */
const KEEP_CHARS = 1 << 23;

/** Options for `mount()`: a recommendation row, or a content slot. */
export type MountOptions = { type: RecType; limit?: number; title?: string; itemId?: string } | { slot: string };

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
  /** Everything stored about this visitor; null if the worker cannot answer. */
  exportData(): Promise<ExportedData | null>;
  /** Erases everything stored about this visitor, including calls made before it; resolves true once done. */
  forget(): Promise<boolean>;
  /** The visitor's segments, scores and reasons. */
  segments(): Promise<SegmentsResult | null>;
  /** Calls `callback` with the visitor's segments whenever their stage, tier, cluster or audiences change; returns an unsubscribe function. */
  onSegments(callback: (segments: SegmentsResult) => void): () => void;
  /** Resolves true once the worker is up and has applied the config (false if it cannot start). */
  ready(): Promise<boolean>;
  /** The engine's state: storage in use, event and catalog counts, the site model in use. */
  status(): Promise<EngineStatus | null>;
  /** Testing aid: pins the engine's clock to `ms` since the epoch, or releases it with null. */
  setClock(ms: number | null): Promise<void>;
}

export interface ClientOptions {
  /** Folder the worker and chunk files are served from (ends with '/'); null when the app's bundler placed them. `config.assetBase` overrides it. */
  assetBase: string | null;
  /** Loads a lazily loaded page chunk (widget, autocapture, markup reader, forwarding, segments) from `base`, or from wherever the bundler put it when null. */
  load: LoadChunk;
  /** Starts the engine worker from `base` likewise, named `name` (which carries its first init; a worker that cannot be named ignores it). */
  createWorker: (base: string | null, name: string) => Worker;
  /** Where the app's bundler put the chunks the worker loads (product reader, languages, experiments), by file name; used while no assetBase is set. */
  chunkUrls?: Record<string, string>;
}

/** Text for any value in a message (an error by its message); never throws. */
export const text = show;

const warned = new Set<string>();
/** Set once a cause was told that makes every file load fail (see explainAssets): each file's failure is not told again. */
let assetsExplained = false;
/** Tells `message`, a cause every later file load fails for (Trusted Types refusing the policy), once for all of them. */
export function explainAssets(message: string): void {
  assetsExplained = true;
  warn(message);
}
/** Warns once per distinct message so a loop of bad calls cannot flood the console; never throws. */
export function warn(message: string): void {
  // A page's value of a megabyte (an element's id, an attribute) written whole into a message: its first 2,000 characters.
  message = message.slice(0, 2e3);
  if (warned.has(message) || warned.size > 200) return;
  warned.add(message);
  try {
    console.warn(message);
  } catch {
    // A page that broke its own console.
  }
}

/** `p`, or `fallback` if it rejects or has not settled within `ms` (DEADLINE_MS). */
// A closure, not setTimeout's extra arguments: pages wrap setTimeout and some pass on only the callback and delay.
// A setTimeout that throws (a page's broken wrapper) leaves the call its answer, not a rejection.
// `p` awaited, not p.catch() in Promise.race: a page's Promise.prototype.then that throws left `p`'s rejection unhandled.
const within = <T>(p: Promise<T>, fallback: T, ms = DEADLINE_MS): Promise<T> => new Promise<T>(async (r) => {
  try { setTimeout(() => r(inert(fallback)), ms); } catch { /* no deadline */ }
  try { r(await p); } catch { r(inert(fallback)); }
});

/** When the visitor's last "no" ended (the yes given over it, in any tab): replayed calls made before it are not stored. */
const NO_KEY = CONSENT_KEY + '-no';
/** The time of the queued call being applied now (see calledAt), or null for a call made now; its event's id, if given. */
let replayedAt: number | null = null;
let replayedId: string | undefined;
/** The call being applied was taken over from another page while this one ran (see calledAt's `late`). */
let replayedLate = false;
/** When the call being applied was made, in ms since the epoch. */
const stamp = () => replayedAt ?? now();
/**
 * Applies `fn`, a call the snippet queued, as made at `at`, its time in the queue: replayed late (once the script has
 * arrived, or by the next page from a parked queue), its events and identity keep their order with what was done
 * since, in this tab or another (a forget(), a newer identify()). A time that is not a past epoch-ms number is ignored.
 * `id`, for a parked call: its event's message_id, the same in every tab that replays it, so it is stored once.
 * `late`: taken over from a page that parked it while this one was running (not in this page's call order): a track()
 * or identify() made before the site's latest forget() is left out.
 * @example calledAt(1796000000000, () => api.track('Product Viewed', { product_id: '85123A' }));
 */
export function calledAt<T>(at: unknown, fn: () => T, id?: string, late = false): T {
  // Within the last 400 days: a time in seconds, say, from a queue a page built by hand, would date the call 1970.
  replayedAt = typeof at === 'number' && at > now() - 400 * 86_400_000 && at <= now() ? at : null;
  replayedId = id;
  replayedLate = late;
  try {
    return fn();
  } finally {
    replayedAt = null;
    replayedId = undefined;
    replayedLate = false;
  }
}

/**
 * Runs `f` once the worker kept every call this page applied so far (src/takeOver.ts removes the queues it replayed
 * then, not as it reads them: a page killed before lost them).
 */
export let whenKept = (f: () => void): unknown => f();

/** Deletes the origin's localStorage keys that `match` picks; nothing where localStorage is blocked (private mode). */
function dropKeys(match: RegExp, keep?: (item: unknown) => boolean): void {
  try {
    for (const k of Object.keys(localStorage)) if (match.test(k)) dropParked(localStorage, k, keep);
  } catch {
    // blocked: nothing was kept there either
  }
}
/** Deletes the queues the snippet parked on pages left before the script arrived (forget), or all but what `keep` keeps. */
const dropParkedQueues = (keep?: (item: unknown) => boolean) => dropKeys(new RegExp('^' + PARKED_QUEUE), keep);
/**
 * A call the snippet parked, `[method, args, resolve?, reject?, time?]`, as made. On a page whose Array.prototype.toJSON
 * is its own (Prototype.js 1.6; the snippet has no room for src/stringify.ts) the snippet wrote each call as a string
 * holding its JSON list, its functions left out (`[method, args, time]`) or its args a string again: read once more.
 * Anything else is returned as given.
 * @example parkedCall('["forget", [], 1796000000000]') // ['forget', [], 0, 0, 1796000000000]
 */
export function parkedCall(c: unknown): unknown {
  try {
    const a = typeof c === 'string' ? (parse(c) as unknown) : c;
    if (a === c || !Array.isArray(a)) return c;
    if (typeof a[1] === 'string') a[1] = parse(a[1]);
    return a.length === 3 ? [a[0], a[1], 0, 0, a[2]] : a;
  } catch {
    return c;
  }
}
/**
 * When each queued call was made (ms): its own time, or, for one pushed without a time (the stub-free form), the time
 * of the call before it (else of the first after it; 0 in a queue with none), so that sorting by time keeps it where it
 * was pushed.
 * @example callTimes([['track', [], 0, 0, 5], ['forget', []], ['track', [], 0, 0, 9]]) // [5, 5, 9]
 */
export function callTimes(calls: readonly unknown[]): number[] {
  // An item that cannot be read (a revoked Proxy, whose Array.isArray throws) has no time: it failed the script's start.
  const own = calls.map((c) => {
    try {
      return Array.isArray(c) && typeof c[4] === 'number' ? c[4] : NaN;
    } catch {
      return NaN;
    }
  });
  let last = own.find((t) => !Number.isNaN(t)) ?? 0;
  return own.map((t) => (Number.isNaN(t) ? last : (last = t)));
}
/** A forget() as the snippet or the outbox parked it: a "no" given since does not undo it. */
const isForget = (item: unknown) => {
  const c = parkedCall(item);
  return Array.isArray(c) && /^f(orget)?$/.test(c[0]);
};

/**
 * Wraps a public method so nothing it is given, nor a page that broke a builtin it uses (Promise.prototype.then,
 * Promise.race, performance.now), can make it throw; `fallback` is what it returns then, or a promise of it for `async`.
 */
const safe = <A extends unknown[], R>(fn: (...a: A) => R, fallback: R extends Promise<infer T> ? T : R, async?: 1) => (...a: A): R => {
  try {
    return fn(...a);
  } catch (e) {
    warn(`[clientele] internal error: ${text(e)}; Clientele carries on`);
    // An async function's promise, not Promise.resolve: the page may have removed or replaced its global Promise.
    return (async ? (async () => fallback)() : fallback) as R;
  }
};

/**
 * Always given to JSON.stringify: a cycle found without a replacer costs Chromium 90-140 ms a throw (its fast path gives
 * up, then builds the error), and with one 0.04 ms; output is the same, and small objects cost no more.
 */
const asIs = (_k: string, x: unknown) => x;
/** Plain data from any value as JSON, or undefined (a function, a cycle, a BigInt, a throwing getter). */
const data = (v: unknown, replacer: (k: string, x: unknown) => unknown = asIs): string | undefined => {
  try {
    return typeof v === 'function' ? undefined : stringify(v, replacer);
  } catch {
    return undefined;
  }
};
const PLAIN = 'needs plain data (no DOM nodes, functions or cycles)';
/**
 * Whether DOMContentLoaded has fired: the document is parsed and its deferred scripts have run. An async script can run
 * in between ('interactive'), before a deferred script's init() (requireConsent, say).
 */
const contentLoaded = () => {
  if (document.readyState === 'loading') return false;
  let nav: PerformanceNavigationTiming | undefined;
  // A page (or a privacy extension) that broke the performance API left the engine never started: nothing stored.
  try { nav = performance.getEntriesByType('navigation')[0] as never; } catch { /* taken as loaded */ }
  return document.readyState === 'complete' || !nav || nav.domContentLoadedEventStart > 0;
};

/**
 * Where a value stops being JSON, for the message: the first BigInt, cycle or throwing getter under `path`, or ''.
 * @example culprit({ stock: 10n }, 'properties') // 'properties.stock is a BigInt (10n): give a number'
 */
const culprit = (v: unknown, path: string, seen: unknown[] = []): string => {
  try {
    // With its value and the fix, as every message: JSON cannot write it.
    if (typeof v === 'bigint') return `${path} is a BigInt (${v}n): give a number`;
    if (!v || typeof v !== 'object' || seen.length > 32) return '';
    if (seen.includes(v)) return `${path} refers back to an object that holds it (a cycle)`;
    for (const k of Object.keys(v)) {
      const r = culprit((v as Record<string, unknown>)[k], `${path}.${k}`, [...seen, v]);
      if (r) return r;
    }
    return '';
  } catch {
    return `${path} cannot be read`;
  }
};

/**
 * Three keys a call dropped are told one by one, the rest in one message: a call given the wrong object (init(window))
 * would spend warn()'s cap, and every later message of the page would go unsaid.
 */
const more = (bad: string[], name: string) => bad.length > 3 && warn(`[clientele] ${bad.length - 3} more keys of ${name} were ignored (${PLAIN}): ${bad.slice(3, 13).map((k) => k.slice(0, 40)).join(', ')}`);

/**
 * `input` as JSON with each key that is not plain data left out, with one message naming it (`name.key`): the rest
 * still applies. 'null' where `input` cannot be read at all (the worker's check names what it then lacks).
 * @example plainKeys({ type: 'popular', filters: cyclic }, 'recommend(request)') // '{"type":"popular"}', one message
 */
const plainKeys = (input: unknown, name: string): string => {
  try {
    const out: Record<string, unknown> = {};
    const bad: string[] = [];
    for (const k of Object.keys(input as object)) {
      const v = (input as Record<string, unknown>)[k];
      // Looked for first: it names what is wrong for the message.
      const why = culprit(v, `${name}.${k}`);
      const json = why ? undefined : data(v);
      if (json !== undefined) out[k] = parse(json);
      else if (bad.push(k) < 4) warn(`[clientele] ${why || `${name}.${k} ${PLAIN}`}; this key was ignored`);
    }
    more(bad, name);
    return stringify(out);
  } catch {
    return 'null';
  }
};

/**
 * Creates a Clientele client: the worker, the outbox, autocapture and widgets.
 * @example const c = createClient({ siteModelUrl: '/model/manifest.json' }, opts); c.track('Page Viewed', {});
 */
export function createClient(initial: unknown, opts: ClientOptions): Clientele {
  // Until the worker has checked the config, nothing is sent and no widget mounts.
  let config: Config | null = null;
  /** The widget's titles and labels in the page's language when it is not English, from the worker. */
  let labels: UiCatalogue | undefined;
  // No prototype: a "__proto__" key in a config is a key like any other (the worker names it unknown).
  const raw: Record<string, unknown> = Object.create(null);
  let sup: Supervisor<EngineApi> | null = null;
  let begin!: (v: boolean) => void;
  const begun = new Promise<boolean>((r) => (begin = r));
  /** The latest config's application: a batch waits for it, so the worker stores it under the config of its time. */
  let configured: Promise<unknown> = begun;
  let again: Promise<unknown> | null = null;
  /** The config being applied (see init()); settles within DEADLINE_MS, never rejects. */
  let applying: Promise<unknown> = begun;
  let stopCapture: Autocapture | null = null;
  /** The autocapture settings in force, as JSON; a change restarts autocapture. */
  let capturing: string | undefined;
  /** Settles once autocapture runs with the latest settings (or its chunk failed): ready() waits for it. */
  let captured: Promise<unknown> = Promise.resolve();
  /** The consent answer as this origin's tabs last stored it (null: none, or no localStorage). */
  const storedConsent = (): boolean | null => {
    try {
      const v = localStorage.getItem(CONSENT_KEY);
      return v === null ? null : v === '1';
    } catch {
      return null;
    }
  };
  let consentGiven = storedConsent();
  /** When the answer this tab holds was given (0: none given here or heard since). */
  let consentAt = 0;
  /** Personal ops waiting for consent (requireConsent): memory only, never parked. */
  let held: string[] = [];
  const WIDGETS = '[data-clientele-widget],[data-clientele-slot]';
  /**
   * Whether the page's markup may describe a product it shows: JSON-LD, microdata or RDFa naming a Product, OpenGraph
   * product tags (og:type product, price tags; src/contract/markup/openGraph.ts), ours. A false alarm only costs the
   * first row a round trip; a breadcrumb or an organisation in JSON-LD, on every page of most shops, is none.
   */
  const showsProduct = () =>
    !!document.querySelector('[itemtype*=roduct],[typeof*=roduct],[property="og:type"][content*=roduct],[property^="product:"],[property*="price:"],[data-clientele-product]') ||
    Array.from(document.querySelectorAll('[type$="+json"]')).some((s) => /product|"offers"/i.test(s.textContent!));
  /** Settles once autocapture has read the product this page's markup may describe (its view tracked), or after 2 s. */
  let productRead: Promise<unknown> | null = null;
  /** A row was drawn on a product page before its product was read (markup later than the route's settling). */
  let seedless = false;
  let read: ((v?: unknown) => void) | undefined;
  /** The view autocapture tracks now is of markup read on the route before (its answer came after the route changed). */
  let stale = false;
  // No prototype: a page's polluted Object.prototype.page or .widget would read as the chunk (see src/bare.ts).
  const chunks: { [K in keyof Chunks]?: Promise<Chunks[K]> } = bare({});
  /** A lazily loaded chunk, loaded once (again after a failure). */
  const chunk = <K extends keyof Chunks>(name: K): Promise<Chunks[K]> =>
    (chunks[name] ??= opts.load(name, base()).catch((e: unknown) => {
      delete chunks[name];
      throw e;
    }) as never) as Promise<Chunks[K]>;
  let scheduled = false;
  /** The product this page shows, seed for "similar" and "bought together" rows; `itemAt`: the route it was shown on. */
  let currentItemId: string | undefined;
  const here = () => location.pathname + (/^#!?\/./.test(location.hash) ? location.hash : '');
  let itemAt = here();
  /**
   * The product on screen. A single-page app's new route (autocapture's routes: a pathname, a `#/route`) shows none
   * until its own is read: a row there waits for it, as on a page loaded afresh, not seeded by the route before. So
   * does a row on a page whose product markup came after the config (a client-rendered product page). Its 2 s start
   * with the first row that waits (`wait`), not with a read of the product on screen (a row kept, a recommend()): a Turbo
   * visit, its URL pushed seconds before its markup, had spent them before its row mounted.
   */
  const item = (wait?: 1) => {
    if (itemAt != (itemAt = here())) currentItemId = undefined, productRead = null;
    if (wait && !currentItemId && !productRead) productRead = config?.autocapture.productViews && showsProduct() ? new Promise((r) => setTimeout((read = r), 2000)) : null;
    return currentItemId;
  };
  /** config.forward.callback: a function, so it stays on the page (the worker sees `true` in its place). */
  let callback: unknown;
  let forwarder: Promise<Forwarder> | null = null;
  /** Drops the events the forwarding chunk still holds for the endpoint (consent withdrawn, forget). */
  const dropForwarded = () => void forwarder?.then((f) => f.drop(), () => undefined);
  /** Hands the worker's forwarded events to the lazily loaded forwarding chunk (config.forward). */
  const forward = (list: ForwardedEvent[]) => void (forwarder ??= chunk('forward').then((m) => m.createForwarder(config!.forward, callback, warn)))
    .then((f) => f.send(list), chunkFailed);
  /** config.assetBase (resolved as the page's own URLs are: against its `<base href>`) wins over where the script or bundler put the files. */
  const base = (): string | null => {
    const b = raw.assetBase;
    try {
      // A refused one (javascript:, data:) is not loaded from: the worker's config check says so.
      return typeof b === 'string' && b && isWebUrl(b) ? new URL(b, document.baseURI).href.replace(/\/?$/, '/') : opts.assetBase;
    } catch {
      return opts.assetBase;
    }
  };
  /** The page's language when config.locale is not set: its lang attribute, else the browser's. */
  // Shop platforms write lang="de_DE" (POSIX style), which Intl and the language files know as de-DE.
  const pageLocale = () => (document.documentElement.lang || navigator.language || 'en').replace(/_/g, '-');
  /** One message for a lazily loaded script (widget, forwarding) that did not load. */
  const chunkFailed = (e: unknown) => assetsExplained || warn(`[clientele] ${text(e)}: serve the whole dist/ folder beside clientele.js, or set config.assetBase`);

  /** The script tag's data-config, parsed (null if none or not JSON); undefined until read. */
  let tagConfig: Record<string, unknown> | null | undefined;
  /**
   * A key of the config as given so far, for the time before the worker has checked it: from init(), else the script
   * tag's data-<attr> attribute, else its data-config JSON (the worker's precedence: src/contract/configAttributes.ts).
   */
  const given = (key: string, attr: string): unknown => {
    if (raw[key] !== undefined) return raw[key];
    const a = raw.dataAttributes as Record<string, unknown> | undefined;
    // Own keys only: both are JSON parsed on the page, whose Object.prototype may carry a polluted `requireConsent`
    // or `require-consent` (every event then held for a consent never asked) or `siteId`.
    const own = (o: unknown, k: string) => (o && {}.hasOwnProperty.call(o, k) ? (o as Record<string, unknown>)[k] : undefined);
    const v = own(a, attr);
    if (typeof v === 'string') return key === 'siteId' ? v : /^(|true|yes|on|1)$/i.test(v.trim());
    // Read once: this runs for every call tracked.
    if (tagConfig === undefined) {
      try {
        const c = own(a, 'config');
        tagConfig = typeof c === 'string' ? (parse(c) as Record<string, unknown>) : null;
      } catch {
        tagConfig = null;
      }
    }
    return own(tagConfig, key);
  };
  /** This site's prefix for what the page keeps in localStorage (unsent ops, rows shown). */
  const site = () => {
    const id = config?.siteId ?? given('siteId', 'site-id');
    // As the worker's config check takes it: a site id longer than MAX_ID_LENGTH is refused.
    return `clientele:${typeof id === 'string' && id && id.length <= MAX_ID_LENGTH ? id : 'default'}:`;
  };
  /** Where the rows shown are kept for the next page (src/rowCache.ts), for this config and language. */
  const rows = () => ({ storageKey: site() + 'rows', config: data(raw) + pageLocale() });
  /** The element the first kept row was painted into at the parse (src/paint.ts), if any. */
  let painted: Element | null = null;
  /** How many times dropRows ran: a row asked for before it is not kept after it (PageLink.drops). */
  let drops = 0;
  /** Removes the rows kept for the next page, of every site id on this origin (forget, consent withdrawn). */
  const dropRows = () => {
    drops++;
    unpaint(painted);
    dropKeys(/^clientele:.*:rows$/);
  };
  /** Whether what the visitor does may be kept on this device now: consent given (in any tab), or not required. */
  const mayKeep = () => storedConsent() ?? consentGiven ?? !pendingConsent();
  // The stricter of the config the worker applied and the one given since: an init() that turns requireConsent on
  // holds what follows at once, not once the worker has answered it.
  const pendingConsent = () => (!!config?.requireConsent || given('requireConsent', 'require-consent') === true) && consentGiven === null;

  /**
   * With no usable IndexedDB the worker's store is in memory, and dies with it: the batches it kept, replayed into the
   * worker that replaces it (up to KEEP_CHARS, the oldest first out), and what it said of its visitor (Applied.memory).
   * Dropped once storage is IndexedDB, and by an erasure or a "no", with the batch then in flight: a send keeps its
   * batch only into the list it started with, which they replace.
   */
  let mem: string[] = [];
  let memChars = 0;
  let memo: unknown;
  const unkeep = () => ((mem = []), (memo = undefined), (memChars = 0));
  const keep = (batch: string) => {
    memChars += mem.push(batch) && batch.length;
    while (memChars > KEEP_CHARS) memChars -= mem.shift()!.length;
  };

  let listenStorage = (): unknown => 0;
  const outbox = createOutbox(
    () => site() + 'unsent',
    (batch, m = mem) =>
      configured.then(() => sup!.engine.apply(batch)).then((r) => {
        handed(r);
        if (!r.ok) return false;
        r.value.problems.forEach(warn);
        if (r.value.forward) forward(r.value.forward);
        if (r.value.stored) void checkSegments();
        if (r.value.kept && m === mem) (memo = r.value.memory) ? keep(batch) : unkeep();
        return r.value.kept;
      }, () => false),
    mayKeep,
    () => (writeTracked(), listenStorage()),
    // The latest forget() of this site, this tab's or another's, made before or since this page started (its mark):
    // what the page still holds from before it, in flight included, is never parked.
    () => erasedAt(),
    // Nor one waiting for the visitor's answer: it would hold what it took as its own calls, dropped if it closes first.
    pendingConsent,
    // What a worker in memory stored dies with it: parked too when the page leaves (or hides), for a next page that has
    // IndexedDB, or a tab or page in memory that takes it over and parks it again in its turn.
    () => mem.map((b) => b.slice(1, -1)),
  );

  /**
   * track() calls accepted and not yet written as ops: written when the outbox sends its next batch (within FLUSH_MS),
   * parks, or a burst's task ends, or sooner when anything else needs the outbox in call order. A lone call then costs
   * the page a check and a push: JSON.stringify (and a microtask to run it) in a task of its own cost some 30 µs of a
   * paced call's 50 (npm run bench), in a batch a few µs. Properties are read as they are then.
   */
  let tracked: [event: string, properties: unknown, ts: number, given: unknown, id?: string][] = [];
  const writeTracked = () => {
    const list = tracked;
    tracked = [];
    for (const t of list) {
      const [event, properties, ts, given, id] = t;
      let op;
      try {
        const props = data(properties ?? {});
        const call = `track(${stringify(event)}, properties)`;
        // Found in the object as given: its copy's own keys would put a cycle back to it one step further.
        const why = props === undefined && culprit(given, 'properties');
        if (why) warn(`[clientele] ${call}: ${why}; give plain JSON data (strings, numbers, booleans, arrays, objects). The event was not recorded`);
        else if (props === undefined || props.length > 65_536) warn(problem(call, props ? `${props.length} characters` : properties, `${PLAIN}, under 64 KB; the event was not recorded`));
        else enqueue((op = `["e",${stringify(id ?? createId())},${ts},${stringify(event.trim())},${props}]`));
      } catch (e) {
        // Not yet written, as a builtin the page broke since threw (Array.prototype.map, say): written with the next
        // batch. Once written it is not again (it would be stored twice, under a new id).
        if (!op) tracked.push(t);
        warn(`[clientele] internal error: ${text(e)}; Clientele carries on`);
      }
    }
  };

  /** Moves personal ops between the outbox and `held` as consent and the config decide. */
  const gate = () => {
    if (pendingConsent()) outbox.drop((op) => isPersonalOp(op) && !!held.push(op));
    else if (consentGiven === false) held = [];
    else held.splice(0).forEach((op) => outbox.add(op));
  };
  /** `r`, an answer of the worker, once the ops it hands the page to keep (exposures a full quota refused) are queued. */
  const handed = <R extends Result<unknown>>(r: R) => {
    for (const op of r.hold ?? []) enqueue(op);
    return r;
  };
  const enqueue = (op: string) => {
    if (tracked.length) writeTracked();
    if (consentGiven === false && isPersonalOp(op)) return;
    if (!pendingConsent()) outbox.add(op);
    else if (held.length < 20_000) held.push(op);
    else warn('[clientele] 20,000 calls wait for the visitor\'s answer (config.requireConsent); later ones are not recorded: call consent(true) or consent(false) once they answer');
  };

  /**
   * Calls the engine after what waits in the outbox (so a read sees every call made before it). A call cut short by
   * a dying worker is made once more on the next one; settles within DEADLINE_MS, with `fallback` if it cannot answer.
   */
  const ask = <T>(method: keyof EngineApi, args: unknown[], fallback: T, flush = true): Promise<T> =>
    within((async () => {
      writeTracked();
      // Rows go out right behind the batch that holds what came before them, without waiting for its answer: the
      // worker answers them only after the batches it has received (worker/engine.ts, afterWrites). One round trip
      // less on a page's first row. Other reads, and rows behind a batch already in flight, wait for the answer.
      if (flush && (ORDERED_READS as readonly string[]).includes(method) && outbox.sendNow()) await configured;
      else if (flush) await outbox.flush();
      for (let tries = 0; tries < 2 && (await begun) && (await sup!.up()); tries++) {
        try {
          const r = handed(await (sup!.engine[method] as (...a: unknown[]) => Promise<Result<T>>)(...args));
          if (r.ok) return inert(r.value);
          warn(r.message);
          break;
        } catch (e) {
          if (text(e) === DEAD) continue;
          warn(`[clientele] ${method} failed: ${text(e)}`);
          break;
        }
      }
      return inert(fallback);
    })(), fallback);

  let feed: Promise<SegmentsFeed> | null = null;
  /** The onSegments()/dataLayer feed, from its lazily loaded chunk. */
  const segmentsFeed = () =>
    (feed ??= chunk('segments').then((m) =>
      m.createSegmentsFeed({ segments: api.segments, changed: () => ask('segmentsChanged', [], null, false), dataLayer: () => !!config?.dataLayer, warn })));
  /** Tells listeners and the tag manager's dataLayer when the visitor's segments change. */
  const checkSegments = () => (feed || config?.dataLayer ? segmentsFeed().then((f) => f.check(), chunkFailed) : undefined);

  /** init()'s arguments for the worker, as the worker's name carries them too (see spawnNamed). */
  const initArgs = (lock?: string): [string, PageContext] => {
    const b = base();
    const erased = erasedAt();
    return [stringify(raw), { assetBase: b ?? '', ...(b ? {} : { chunkUrls: opts.chunkUrls }), pageUrl: document.baseURI, locale: pageLocale(), lock, consent: consentGiven ?? undefined, ...(erased > 0 ? { erasedAt: erased } : {}), memory: memo }];
  };
  /**
   * Sends the config to a worker, which checks it; then starts what the config asks for. `booted`: the worker's answer
   * to the same config read from its name, used if it comes first.
   */
  async function applyConfig(e: Remote<EngineApi>, lock?: string, booted?: Promise<unknown>): Promise<boolean> {
    const call = e.init(...initArgs(lock));
    const r = (await (booted ? Promise.race([booted, call]) : call)) as Awaited<typeof call>;
    if (!r.ok) return (warn(r.message), false);
    r.value.problems.forEach(warn);
    if (!config) outbox.unpark(erasedAt());
    const was = config && stringify(config);
    config = r.value.config;
    labels = r.value.labels;
    // A later init() that changed the config (personalization off, another locale) asks the rows on screen again.
    if (was && was !== stringify(config)) refreshWidgets();
    // Loaded now, not on the first batch, so events forwarded just before the visitor leaves are not lost.
    if (config.forward.events.length) forward([]);
    gate();
    const ac = config.autocapture;
    const wanted = stringify(ac);
    if (capturing !== wanted) {
      capturing = wanted;
      stopCapture?.();
      stopCapture = null;
      // Rows on a page that may show a product wait for it to be read (link().row): it seeds them.
      productRead = ac.productViews && showsProduct() ? new Promise((r) => setTimeout((read = r), 2000)) : null;
      if (ac.pageViews || ac.productViews || ac.clicks || ac.addToCart || ac.dwell)
        captured = chunk('page').then((m) => {
          if (capturing === wanted && !stopCapture)
            try {
              stopCapture = m.startAutocapture(ac, api.track, (p) => {
                const at = here();
                const r = ask('readProduct', [p], null, false);
                // Queued now, it runs after autocapture has tracked the view the answer describes. Markup read on the
                // route before (the router moved on while the reader loaded) is that route's product: neither this
                // route's seed nor the end of its rows' wait (round39b-swapped-body-rows).
                void r.then(() => soon((stale = at != here()) ? () => (stale = false) : () => read?.()));
                return r;
              }, () => chunk('markup'), () => scan());
            } catch (e) {
              warn(`[clientele] autocapture could not start on this page (${text(e)}); track() and page() still work`);
            }
        }, chunkFailed);
    }
    // The widget chunk loads only when the page or the config has a widget.
    const scan = () => (config!.widgets.length || document.querySelector(WIDGETS)) && widgets((p, m) => p.scanPage(m, link()));
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', scan, bare({ once: true }));
    else scan();
    // A new worker (the last one died) first gets what the last one had kept in memory, before anything waiting.
    if (lock) for (const b of mem) e.apply(b, true).catch(() => 0);
    outbox.live(true);
    return true;
  }

  /**
   * The page's first row, when it can be ranked before the page has run: nothing waits to be stored before it, the page
   * shows no product of its own (whose view would change it). The row() request and the widget's id, or null.
   */
  const firstAsk = (): [RecommendRequest, string] | null => {
    const el = document.querySelector('[data-clientele-widget]');
    writeTracked();
    // The consent op each page sends first is in the worker's name too (initArgs).
    if (!el || !outbox.empty((op) => op === `["c",${consentGiven}]`) || currentItemId || showsProduct()) return null;
    const type = el.getAttribute('data-clientele-widget') as RecType;
    const n = Math.floor(Number(el.getAttribute('data-limit')));
    const itemId = el.getAttribute('data-item-id');
    return [{ type, ...(itemId ? { itemId } : {}), ...(n >= 1 ? { limit: n } : {}) }, el.id || type];
  };

  /** Draws the rows a recent page kept, on a page with rows, where consent allows (src/mountWidgets.ts, mountKept). */
  const mountKept = () => document.querySelector('[data-clientele-widget]') && widgets((p, m) => mayKeep() && p.mountKept(m, link()));
  /** Kept rows were asked to be drawn at the parse (prewarm). */
  let scheduledKept = false;
  /**
   * The worker is started as soon as the first init() and the calls queued before the script arrived are seen, and the
   * document is parsed (at once for a script at the end of the body, shortly after for one in the head; at most 100 ms
   * later), so it loads and compiles while the page runs its own scripts. It boots on the config of that moment and
   * ranks the page's first row (spawnNamed). start() takes it over: as booted if the config is still the same, else to
   * be sent the final one. A failed early start is left to start() to report.
   */
  let early: (Spawned & { base: string | null; key: string; ask: string; failed: boolean }) | null = null;
  const named = (ask: [RecommendRequest, string] | null = null): Spawned =>
    spawnNamed((name) => opts.createWorker(base(), name), (lock) => (ask ? [...initArgs(lock), ask] : initArgs(lock)), !!ask);
  /**
   * Rows a recent page kept are drawn once the whole document is parsed, not after the page's deferred and module
   * scripts (DOMContentLoaded); not on a product page (markup below the rows may say so), whose product may yet
   * change which rows hold.
   */
  const drawKept = () => {
    if (scheduledKept) return;
    if (document.readyState === 'loading') return void document.addEventListener('readystatechange', drawKept, bare({ once: true }));
    scheduledKept = true;
    const el = document.querySelector('[data-clientele-widget]');
    if (currentItemId || !el || showsProduct()) return;
    // The first row as the last page drew it, now: the chunks that draw the kept rows run only after the page's own
    // scripts (src/paint.ts).
    const kept = mayKeep() && readRows(rows());
    if (kept) for (const r of Object.values(kept.rows)) if (paint(el, r.paint)) { painted = el; break; }
    mountKept();
  };
  const prewarm = () => {
    chunk('page').catch(() => 0);
    // A recent page of the visit kept rows: this one very likely has rows too, and draws them as soon as it is parsed.
    try {
      if (localStorage.getItem(rows().storageKey) !== null) chunk('widget').catch(() => 0);
    } catch { /* storage blocked */ }
    // The widget chunk and the worker wait for the document's widgets, not for DOMContentLoaded, which waits for the
    // page's deferred and module scripts: the document turns 'interactive' before they run.
    const parsed = () => {
      if (document.querySelector(WIDGETS)) chunk('widget').catch(() => 0);
      drawKept();
      if (early || sup) return;
      try {
        const ask = firstAsk();
        const s = named(ask);
        early = { ...s, base: base(), key: stringify(initArgs(s.lock)), ask: stringify(ask), failed: false };
        s.worker.addEventListener('error', () => early && (early.failed = true));
      } catch {
        early = null;
      }
    };
    if (document.readyState != 'loading' || document.querySelector(WIDGETS)) parsed();
    else document.addEventListener('readystatechange', parsed, bare({ once: true })), setTimeout(parsed, 100);
  };
  /** The first row the worker started by prewarm ranks as it boots (JSON of firstAsk()), if start() took it over as booted. */
  let bootAsk = 'null';
  const spawn = (): Spawned => {
    const e = early;
    early = null;
    bootAsk = 'null';
    if (e && !e.failed && e.base === base()) return stringify(initArgs(e.lock)) === e.key ? ((bootAsk = e.ask), e) : { worker: e.worker, lock: e.lock };
    e?.worker.terminate();
    return named();
  };

  /** Workers booted on this page. Rows and slots asked while the last one hung or died got their fallback: a new one is asked again. */
  let boots = 0;
  function start() {
    const url = (base() ?? 'the bundled ') + 'clientele-worker.js';
    sup = supervise<EngineApi>(
      spawn,
      (e, lock, booted) => (outbox.live(false), applyConfig(e, lock, booted).then((ok) => (ok && boots++ && refreshWidgets(false), ok))),
      (why) => (outbox.abandon(), assetsExplained || warn(`[clientele] ${url} did not start (${why}): serve it beside clientele.js (or set config.assetBase) and allow it in the CSP's worker-src; the page carries on without recommendations`)),
    );
    // The page's first row: ranked by the worker as it booted, if it still holds, else asked for right behind the init.
    // The widget takes the answer when it mounts (link().row), a round trip through the busy main thread sooner.
    const ask = firstAsk();
    if (ask) {
      const key = stringify(ask);
      const booted = key === bootAsk && sup.unasked();
      firstRow = [key, within(((booted || sup.engine.row(ask[0], {}, ask[1])) as Promise<Result<ServedRow>>).then((r) => (r.ok ? inert(r.value) : null), () => null), null)];
    }
    // The page chunk (autocapture, the widget scan) loads while the worker starts, so it is there when the config arrives.
    // Rows kept past their time are removed then, on any page (src/rowCache.ts).
    chunk('page').then((p) => p.keptRows(rows()), () => undefined);
    // A page with rows draws the rows a recent page kept at once (src/mountWidgets.ts, mountKept); prewarm has fetched
    // the widget chunk for any page with rows or slots.
    // Again if drawn at the parse (it mounts no element twice): a config set by a deferred script may match the kept rows.
    mountKept();
    begin(true);
  }

  /** Runs `fn` with the page chunk (which finds and mounts widgets) and the widget chunk, loading them on first use. */
  const widgets = (fn: (p: Chunks['page'], m: WidgetModule) => void) =>
    // A painted row without the widget code would stay as inert markup: it goes.
    // One after the other, not Promise.all: its array of both is a thenable on a page that polluted
    // Object.prototype.then, and no row was ever drawn (round40c-polluted-then-reads).
    chunk('page').then((p) => chunk('widget').then((m) => {
      try {
        fn(p, m);
      } catch (e) {
        // An element the widget cannot draw into (one of another document, say): that mount alone is given up.
        warn(`[clientele] a widget could not be drawn (${text(e)}); mount widgets into elements of this page's document`);
      }
    })).catch((e) => (unpaint(painted), chunkFailed(e)));

  /** The page's first row, asked for at start: its request and widget (as JSON), and the answer. */
  let firstRow: [string, Promise<ServedRow | null>] | null = null;

  /** What mounting a widget needs from the script (src/mountWidgets.ts adds the fallbacks). */
  const link = (): PageLink => ({
    recommend: api.recommend,
    row: async (req, widgetId) => {
      // A row drawn before the config (kept from a recent page) waits for it, then, like any, for the product this
      // page shows, which seeds it.
      if (!config && showsProduct()) await begun.then(() => sup?.up());
      // A row drawn from the kept ones before start() takes the answer start() sets up for it (firstRow).
      await begun;
      if (!item(1)) await productRead;
      seedless ||= !currentItemId && !!productRead;
      const f = firstRow;
      firstRow = null;
      const again = () => ask<ServedRow | null>('row', [req, { currentItemId }, widgetId], null);
      return f && f[0] === stringify([req, widgetId]) && !currentItemId ? f[1].then((r) => r ?? again()) : again();
    },
    chooseSlot: (slot) => ask('chooseSlot', [slot], null),
    track: api.track,
    warn,
    config: config ?? undefined,
    labels,
    locale: pageLocale(),
    rows: rows(),
    mayKeep,
    drops: () => drops,
    currentItemId: item,
  });

  if (consentGiven !== null) outbox.add(`["c",${consentGiven}]`);

  /** Applies the visitor's answer, given in this tab (consent()) or in another of the origin's (its storage event). */
  const answer = (granted: boolean) => {
    // What was tracked before it is written under the consent it was tracked under.
    writeTracked();
    consentGiven = granted;
    if (!granted) {
      unkeep();
      outbox.clearParked(isForget);
      dropParkedQueues(isForget);
      dropRows();
      // Its own check reads localStorage, which may be blocked.
      dropForwarded();
    }
    // Only the newest answer goes, first in line, so the events that waited for it are stored under it (an earlier
    // answer left behind it would be stored last).
    outbox.drop((op) => op.startsWith('["c",') || (!granted && isPersonalOp(op)));
    outbox.add(`["c",${granted}]`, true);
    gate();
    // What other pages parked while it waited for the answer, taken over now that it may be stored.
    if (granted && config) outbox.unpark(erasedAt());
    // Rows and slots on screen are asked again under the answer: after a "no", none tells of the visitor's history.
    refreshWidgets();
  };
  /**
   * Where a forget() of this site is marked for every page of the origin: its time when asked (parked ops stamped
   * before it are not replayed: outbox.unpark), then "<time> done" once erased (other tabs ask their rows again).
   */
  const erasedKey = () => site() + 'erased-at';
  /** The time kept under `key`; -Infinity if none, or blocked. */
  const markAt = (key: string) => {
    try {
      const at = parseFloat(localStorage.getItem(key) ?? '');
      // A mark from the future (edited, or a clock set back since) would refuse every parked call: not trusted.
      return at <= now() ? at : -Infinity;
    } catch {
      return -Infinity;
    }
  };
  const erasedAt = () => markAt(erasedKey());
  /**
   * A call made before the site's latest forget() (in any tab), taken over late (parked by a page that closed while
   * this one ran, after this page's forget()): about the erased visitor, so never stored. The store would refuse it,
   * but after this page's forget() the worker dates the page's events no earlier than that erasure (a clock set back).
   * Calls replayed as the page starts keep their call order: a forget() queued between two calls erases only the one
   * before it. Nor is any replayed call made before the end of the visitor's last refusal (NO_KEY): a yes given since,
   * in any tab, is not its consent.
   */
  const erasedSince = () => replayedAt !== null && ((replayedLate && replayedAt < erasedAt()) || replayedAt < markAt(NO_KEY));
  const markErased = (value: string) => {
    try { localStorage.setItem(erasedKey(), value); } catch { /* private mode: the store's own mark still holds */ }
  };
  /** What the page holds about the visitor a forget() erased, in this tab or another: dwell, forwarding queue, rows. */
  const forgetHere = () => {
    // The next worker in memory starts as a new visitor; the batches kept for it stay, as the erasure's mark refuses
    // what they hold from before it (a forget() applied late keeps what came after it).
    memo = undefined;
    stopCapture?.forget();
    dropForwarded();
    void feed?.then((f) => f.reset());
  };
  /** Rows and slots on screen are asked again, as for the new visitor (only where the widget code is loaded). */
  const refreshWidgets = (fresh = true) => void chunks.widget?.then((m) => m.refreshAll(fresh), () => undefined);
  /** Another tab's answer or forget(). */
  const onStorage = ((e: StorageEvent) => {
    // By its time, written after the answer: an answer older than this tab's own (heard late: this tab was busy, or
    // its own came in between) is not applied over it. Its own from the future (the clock went back since) orders
    // nothing: the answer stored is applied.
    if (e.key === CONSENT_KEY + '-at' && (+e.newValue! > consentAt || consentAt > now())) {
      consentAt = +e.newValue!;
      const v = storedConsent();
      if (v !== null && v !== consentGiven) answer(v);
    }
    if (e.key === erasedKey() && e.newValue) {
      if (e.newValue.endsWith('done')) refreshWidgets();
      else {
        forgetHere();
        unpaint(painted);
        void ask('erased', [parseFloat(e.newValue)], null, false);
      }
    }
  }) as EventListener;
  // Again with every batch (outbox's ready): a page's document.open() erases its window's listeners.
  listenStorage = () => typeof addEventListener === 'function' && addEventListener('storage', onStorage);
  listenStorage();
  whenKept = (f) => (writeTracked(), outbox.kept().then(f));

  const api: Clientele = {
    init: safe((input?: unknown) => {
      // Later calls refine earlier ones: keys given again replace, the rest stay. Each key is copied as plain data on
      // its own, so one bad key (a function, a cycle, a throwing getter) is refused alone and poisons nothing.
      if (input !== undefined && input !== null) {
        let keys: string[] = [];
        const bad: string[] = [];
        try {
          if (typeof input !== 'object' || Array.isArray(input)) throw 0;
          keys = Object.keys(input);
        } catch {
          warn(problem('config', input, 'must be an object like { siteModelUrl: "/model/manifest.json" }'));
        }
        for (const k of keys) {
          let v: unknown;
          try {
            v = (input as Record<string, unknown>)[k];
            if (k === 'forward') callback = (v as { callback?: unknown } | null)?.callback;
          } catch {
            v = Symbol();
          }
          // A function inside a value stays on the page: config.forward.callback's place is marked `true`; any other is
          // left out with its message (marked `true` too, it was told as "got true", or switched a boolean key on).
          const json = data(v, (j, x) => typeof x != 'function' ? x : (k == 'forward' && j == 'callback') || void (bad.push(k) < 4 && warn(problem(`config.${k}.${j}`, x, `${PLAIN}; this key was ignored`))));
          if (json !== undefined) raw[k] = parse(json);
          else if (v !== undefined && bad.push(k) < 4) warn(problem(`config.${k}`, typeof v === 'symbol' ? 'a value that cannot be shown' : v, `${PLAIN}; this key was ignored`));
        }
        more(bad, 'config');
      }
      // init() calls in one task reach the worker as one config, and so do those made while one is applied: a page
      // (a fuzzer, a framework's scheduler) calling it in task after task had the worker apply each in turn, a store
      // opened for each siteId, and every read behind them past its deadline (round40-init-burst: 302 for 301 calls).
      if (sup) configured = again ||= within(applying.then(() => sup!.up()).then((ok) => (again = null, (applying = within(Promise.resolve(ok && applyConfig(sup!.engine)), false)))), false);
      else if (!scheduled) {
        // Start once the page's own scripts have run, so every init() they make lands in one config
        // (and one store) instead of racing an async script tag.
        scheduled = true;
        if (!contentLoaded()) document.addEventListener('DOMContentLoaded', start, bare({ once: true }));
        else setTimeout(start, 0);
        // After the calls queued before the script arrived (src/script.ts replays them in this task).
        soon(prewarm);
      }
    }, undefined),
    track: safe((event: string, properties?: Record<string, unknown>) => {
      if (typeof event !== 'string' || !event.trim()) return warn(problem('track(event)', event, 'needs an event name string like "Product Viewed"'));
      if (erasedSince()) return;
      let p: unknown = properties;
      try {
        // The object's own keys are copied now: a page that reuses one object for its calls changes it before the
        // batch is written. What they hold is read then. Anything that cannot be read here is left to that write,
        // which refuses it with its one message.
        const proto = p && typeof p === 'object' ? Object.getPrototypeOf(p) : undefined;
        if (proto === Object.prototype || proto === null) p = { ...(p as object) };
        const id = event === 'Product Viewed' ? (p as { product_id?: unknown } | null)?.product_id : undefined;
        // Rows drawn before this product was read are asked again, seeded by it (their cards replaced, as after forget()).
        if ((typeof id === 'string' || typeof id === 'number') && !stale) currentItemId = String(id), itemAt = here(), seedless && refreshWidgets(!(seedless = false));
      } catch {
        p = properties;
      }
      const n = tracked.push([event, p, stamp(), properties, replayedId]);
      // A lone call schedules nothing of its own: the outbox's timer writes it with the batch. A burst is written as
      // its task ends, a thousand calls or more at a time.
      if (n === 1) outbox.soon();
      else if (n % 1000 === 0) soon(writeTracked);
    }, undefined),
    page: safe((properties?: Record<string, unknown>) => {
      const p = parse(data(properties ?? {}) ?? '0') as unknown;
      // Properties that are not plain data, or not an object (a string spread as one, char by char: a page's HTML
      // passed by mistake froze it for seconds), get track()'s message.
      api.track('Page Viewed', p && typeof p == 'object' && !Array.isArray(p) ? { url: location.href, path: location.pathname, title: pageTitle(), ...p } : properties);
    }, undefined),
    identify: safe((userId: string, traits?: Record<string, unknown>) => {
      if (erasedSince()) return;
      // Checked in the worker, which answers with the message to show; what JSON cannot write as given (NaN, a
      // BigInt, undefined) is told here, by its own value.
      if (typeof userId != 'string' && !Number.isFinite(userId)) return warn(problem('identify(userId)', userId, 'needs your user id as a string or number; the call was ignored'));
      const op = data(['i', userId, traits ?? {}, stamp()]);
      if (op) enqueue(op);
      else warn(problem('identify(userId, traits)', traits, `${PLAIN}; the call was ignored`));
    }, undefined),
    recommend: safe((request: RecommendRequest) => ask('recommend', [data(request) ?? plainKeys(request, 'recommend(request)'), { currentItemId: item() }], []), [], 1),
    mount: safe((element: Element | string, options: MountOptions) => {
      let el: unknown = element;
      let ok = false;
      try {
        if (typeof element === 'string') el = document.querySelector(element);
        ok = el instanceof Element;
      } catch {
        // Not a selector, or a proxy that throws when asked its prototype: the message below names it.
      }
      if (!ok) {
        warn(problem('mount(element)', element, 'needs an element or a selector that matches one'));
        return () => undefined;
      }
      // null until the chunk mounts it; 0 once unmounted (before or after).
      let off: (() => void) | null | 0 = null;
      // After the config, so the row speaks its locale and currency (or at the deadline, with defaults).
      // Options JSON cannot write ({ limit: 10n }) lose the key at fault, named, as recommend()'s do: sent as null, they
      // were told as no object at all ("got null"), and no row drew.
      const where = 'mount(element, options)';
      void api.ready().then(() => widgets((p, m) => { if (off === null) off = p.mountOne(m, el as Element, parse(data(options) ?? (typeof options == 'object' ? plainKeys(options, where) : 'null')) as never, link(), where, true); }));
      return () => {
        if (off) off();
        off = 0;
      };
    }, () => undefined),
    consent: safe((granted: boolean) => {
      if (typeof granted !== 'boolean') return warn(problem('consent(granted)', granted, 'needs true or false'));
      // One made earlier and applied now (queued before the script came, or on a page back from the back-forward
      // cache) does not undo an answer given since, in any tab.
      const at = stamp();
      // A time from the future (a clock set back since) is not trusted (markAt).
      const last = markAt(CONSENT_KEY + '-at');
      const old = at < last;
      // A "no" made before the yes given since (queued here) ended there, and a yes given over a "no" ends it now:
      // what was queued before that end, made while refused (or before the "no", which drops it), is not stored.
      const end = old ? !granted && last : granted && storedConsent() === false && at;
      try {
        if (!old) localStorage.setItem(CONSENT_KEY, granted ? '1' : '0'), localStorage.setItem(CONSENT_KEY + '-at', String(at));
        // Last: a new key, which a full localStorage refuses, after the answer, which replaces the one stored.
        if (end) localStorage.setItem(NO_KEY, `${end}`);
      } catch { /* private mode */ }
      // What was queued before that end, replayed before this "no" (in call order), goes as well.
      if (old) return void (granted || (writeTracked(), outbox.drop((op) => madeAt(op) < last)));
      consentAt = at;
      answer(granted);
    }, undefined),
    // With the rows kept on the page for the next one (src/rowCache.ts).
    // One deadline for the whole call, not one per step: the rows kept on the page get what the worker left of it.
    exportData: safe(() => {
      const end = tick() + DEADLINE_MS;
      const once = () => ask<ExportedData | null>('exportData', [], null);
      // Storage that opened while the call waited (another tab held it) answers without the batch it refused just
      // before: asked once more, behind that batch, within the same deadline.
      return once()
        .then((d) => (d && !outbox.empty() ? within(once(), d, end - tick()) : d))
        .then((d) => d && within(chunk('page').then((p) => inert(p.keptRows(rows()))), {}, end - tick()).then((shown_rows) => inert({ ...d, shown_rows })));
    }, null, 1),
    forget: safe(() => {
      writeTracked();
      held = [];
      outbox.drop(isPersonalOp);
      // With no localStorage for the mark, what this page kept for a worker in memory could come back: it goes.
      unkeep();
      // One made earlier and applied now (queued before the script came, or parked by a page that closed) leaves what
      // other pages parked since: the erasure's mark refuses what they parked before it (outbox.unpark, the store).
      if (replayedAt === null) outbox.clearParked(), dropParkedQueues();
      dropRows();
      forgetHere();
      const at = stamp();
      // A forget() replayed late is marked no earlier than one made since (the store keeps the later time too).
      const mark = Math.max(at, erasedAt());
      markErased(String(mark));
      const op = `["f",${at}]`;
      outbox.add(op);
      // Now, not on a retry's timer: a batch refused meanwhile (a full quota) waits up to 10 s, the deadline itself.
      outbox.sendNow();
      return within(outbox.kept(op).then((ok) => (ok && (markErased(`${mark} done`), refreshWidgets()), ok)), false);
    }, false, 1),
    segments: safe(() => ask('segments', [], null), null, 1),
    onSegments: safe((fn: (s: SegmentsResult) => void) => {
      if (typeof fn !== 'function') {
        warn(problem('onSegments(callback)', fn, 'needs a function'));
        return () => undefined;
      }
      // null until subscribed; 0 once unsubscribed (before or after).
      let off: (() => void) | null | 0 = null;
      segmentsFeed().then((f) => { if (off === null) off = f.subscribe(fn); }, chunkFailed);
      return () => {
        if (off) off();
        off = 0;
      };
    }, () => undefined),
    // Up, the latest init() applied and autocapture running: a row mounted after an init() gets that config's
    // language and wording, and a click right after ready() is recorded.
    ready: safe(() => within(begun.then(() => sup!.up()).then(async (ok) => (await configured, await captured, ok)), false), false, 1),
    status: safe(() => ask('status', [], null), null, 1),
    // One deadline for the whole call, not one per step.
    setClock: safe((ms: number | null) => within((async () => {
      // A time a Date cannot hold would break every date the engine makes from it.
      if (ms !== null && !(typeof ms === 'number' && Math.abs(ms) <= 8.64e15)) {
        warn(problem('setClock(ms)', ms, 'needs a time in ms like Date.now(), or null'));
        ms = null;
      }
      await ask('setClock', [ms], null);
      await checkSegments();
    })(), undefined), undefined, 1),
  };
  api.init(initial as Record<string, unknown>);
  return api;
}
