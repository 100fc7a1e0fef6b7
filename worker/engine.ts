// The engine: the worker's state and I/O around pure models. Every method answers with a Result and
// never throws, because comlink would only carry an error's message to the page.
import type { Applied, EngineApi, PageContext, ExportedData, EngineStatus, Op, ServedRow } from '../src/contract/protocol.ts';
import { ORDERED_READS } from '../src/contract/protocol.ts';
import { resolveConfig, toWorkerConfig, checkWidget, problem, SLOT_LIKE, type WorkerConfig } from '../src/contract/config.ts';
import type { RawEvent, StoredEvent } from '../src/contract/events.ts';
import type { CatalogItem, RecItem, RecommendRequest, Result, SegmentsResult, SlotChoice } from '../src/contract/types.ts';
import { checkEvent } from '../src/contract/validateEvent.ts';
import { segmentsSignature } from '../src/contract/segmentsSignature.ts';
import { mayDescribeProduct, type ReaderModule } from '../src/contract/readerModule.ts';
import { productId, requestIds } from '../src/contract/productId.ts';
import { show } from '../src/contract/widgetCheck.ts';
import { StorageFailure, createMemoryStore, wroteAt, catalogFromEvents, catalogFromItems, mergeCatalogItem, toCatalogItem, type Store } from './storage/db.ts';
import { openStorage, removeStorage, storageExists, type StorageState } from './storage/open.ts';
import { armsFromSnapshot, memorySnapshot, seedFromSnapshot } from './storage/profile.ts';
import { holdLifeLock } from './lifeLock.ts';
import { recommendLoading as rank } from './recommend/index.ts';
import { fetchHead, loadSiteModel, MODEL_FILES_KEY, type LoadedSiteModel } from './siteModelLoader.ts';
import { warmIntl } from './warmIntl.ts';
import { dismissedIds } from './dismissals.ts';
import { computeSegments, segmentFacts, chooseVariant } from './segments/index.ts';
import { createLoop, FORWARDED_SEGMENTS_KEY, type LoopDeps } from './experiments/serve.ts';
import { attributeOrders } from './experiments/attribution.ts';
import type { PlansModule } from './experiments/plansModule.ts';
import type { ForwardedEvent } from '../src/contract/loop.ts';
import { mayStore, usesHistory } from './recommend/rowRules.ts';
import { catalogueFor, createTranslator, type Translate } from '../src/messages/format.ts';
import { enReasons } from '../src/messages/en.ts';
import { UI_KEYS, type Catalogue, type UiCatalogue } from '../src/messages/types.ts';
import type { MessagesModule } from '../src/messages/messagesModule.ts';

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = (code: string, message: string): Result<never> => ({ ok: false, code, message });
/** Properties nested deeper than this are refused: nothing needs it, and storage would fail on it further down. */
const MAX_DEPTH = 32;
const nestedDeeper = (v: unknown, depth: number): boolean =>
  v !== null && typeof v === 'object' && (depth <= 0 || Object.values(v).some((x) => nestedDeeper(x, depth - 1)));
/** The page's first row, as a worker's name may carry it: the row() request and the widget's id. */
export type BootRow = [request: RecommendRequest, widgetId: string];

/**
 * The init() arguments a worker's name carries (`clientele#` and the JSON of `[config, page]`, then the page's first
 * row when the page knew it), or null.
 * @example bootArgs('clientele#["{}",{"assetBase":"/dist/","pageUrl":"/","locale":"en"}]') // ['{}', { assetBase: '/dist/', ... }]
 */
export function bootArgs(name: string): [string, PageContext, BootRow?] | null {
  try {
    const a = name.startsWith('clientele#') ? (JSON.parse(name.slice(10)) as unknown) : null;
    if (!(Array.isArray(a) && typeof a[0] === 'string' && a[1] && typeof a[1] === 'object')) return null;
    const row = a[2] as unknown[] | undefined;
    return Array.isArray(row) && row[0] && typeof row[0] === 'object' && typeof row[1] === 'string' ? [a[0], a[1] as PageContext, [row[0] as RecommendRequest, row[1]]] : [a[0], a[1] as PageContext];
  } catch {
    return null;
  }
}
/** Meta key: the catalog feed URL this device last stored. */
const FEED_KEY = 'catalog-feed';
/** Meta key: the signature of the segments last reported to `onSegments` (see segmentsChanged). */
const SEGMENTS_KEY = 'segments-signature';
const NOT_READY = fail('not-ready', '[clientele] the engine was used before init(); call clientele.init(config) first');

/** The site id whose storage an init opened, and whether its database existed before (see initNow). */
interface Opened { siteId?: string; existed?: Promise<boolean> }

/** In-memory mirror of the visitor's events, refreshed from IndexedDB so other tabs' writes show up. */
/** The worker's copy of the stored events. `skew`: how many more the store counted than the copy held when read whole. */
interface EventCache { events: StoredEvent[]; ids: Set<string>; newest: number; skew: number; chunks: Set<string> }

export interface EngineOptions {
  /** Loads the product reader from its URL (worker: importScripts of clientele-reader.js beside the script; Node: an import). */
  loadReader?: (url: string) => Promise<ReaderModule>;
  /** Loads the catalogues of every language but English (clientele-messages.js), for a page in another language. */
  loadMessages?: (url: string) => Promise<MessagesModule>;
  /** Loads the experiments chunk (clientele-experiments.js), once the config runs a holdout, an experiment or a bandit. */
  loadPlans?: (url: string) => Promise<PlansModule>;
  /** init()'s arguments, to apply at once: the page names its worker after them (see bootArgs). */
  boot?: [config: string, page: PageContext, row?: BootRow] | null;
  /** Hears the answer to `boot`. */
  onBoot?: (answer: Awaited<ReturnType<EngineApi['init']>>) => void;
  /** Hears the answer to the first row `boot` carried, ranked right after the boot's init. */
  onBootRow?: (answer: Awaited<ReturnType<EngineApi['row']>>) => void;
}

/**
 * Creates the engine behind the worker's comlink endpoint.
 * @example Comlink.expose(createEngine({ loadReader: async () => import('../src/contract/productMarkup.ts') }));
 */
export function createEngine(options: EngineOptions = {}): EngineApi {
  let store: Store | null = null;
  let config: WorkerConfig | null = null;
  let page: PageContext | null = null;
  let pinnedNow: number | null = null;
  let cache: EventCache | null = null;
  /**
   * Events a full quota refused, by message_id, until stored: the page keeps them and sends them again, and meanwhile
   * this page's reads (recently viewed, for-you, segments) see them (round38d-real-quota).
   */
  let refused = new Map<string, StoredEvent>();
  /**
   * What events() gave with `refused` among them, until the copy or `refused` changes: a read while the quota stays full
   * costs a look-up per refused event, not a copy and sort of the whole history (some 50,000 events) each time.
   */
  let overlay: StoredEvent[] | null = null;
  let catalog: Map<string, CatalogItem> | null = null;
  let site: LoadedSiteModel | null = null;
  let siteLoading: Promise<void> | null = null;
  let catalogLoading: Promise<void> | null = null;
  /**
   * Whether this device has stored the configured catalog feed before (meta FEED_KEY). Not "is the catalog empty":
   * products captured from this page's first events would make it look loaded while the feed is still on its way.
   */
  let feedKnown: Promise<boolean> = Promise.resolve(true);
  /**
   * How long the first answers wait for the site model and the catalog feed: a server that accepts the request and
   * never answers (a hung CDN or proxy) must not leave every row empty. The load goes on; what it brings is used once
   * it comes.
   */
  const settleWithin = (load: Promise<void>, late: () => unknown): Promise<void> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    return Promise.race([load, new Promise<void>((r) => (timer = setTimeout(() => r(Promise.resolve(late()).then(() => undefined, () => undefined)), LOAD_WAIT_MS)))]).finally(() => clearTimeout(timer));
  };
  /** The first answers after start wait for the site model and the catalog feed, so they rank with them; once the feed has been stored on this device, its refresh runs in the background. */
  const loaded = async () => { await siteLoading; if (catalogLoading && !(await feedKnown)) await catalogLoading; };
  let consent: boolean | null = null;
  let lastSignature: string | null = null;
  let storage: StorageState = 'indexeddb';
  /** What IndexedDB failed with after it opened, twice (see initNow): this worker's stores are in memory from then. */
  let idbFailed: unknown;
  /** The catalog feed as last fetched: public data, put back after forget() and when IndexedDB opens late. */
  let feed: unknown[] | null = null;
  /** Messages for the page, each said once per worker (storage full, storage failing). */
  const notices: string[] = [];
  const told = new Set<string>();
  const notice = (m: string) => { if (!told.has(m)) { told.add(m); notices.push(m); } };
  const now = () => pinnedNow ?? Date.now();
  /** config.debug: what the worker does, in the console (the page shows its worker's messages). */
  const debug = (m: string) => { if (config?.debug) console.info(`[clientele] debug: ${m}`); };
  /** The time of this page's last forget() (ops come in call order), or -Infinity. */
  let forgotAt = -Infinity;
  /** The latest erasure applied to this worker's store (takeErasure). */
  let erasedHere = -Infinity;
  /** The latest erasure heard of, in any tab: what a full quota refused from before it is not kept (refused). */
  let erasedSeen = -Infinity;
  /** The latest time a call can have been made: this worker's clock, or the time setClock() set if later. */
  const latest = () => Math.max(Date.now(), pinnedNow ?? 0);
  /** init and apply run one at a time, in the order they arrived: the page's calls are applied in call order. */
  let chain: Promise<unknown> = Promise.resolve();
  /**
   * Runs a read once the init and apply calls received before it are done, without holding up later ones: the page
   * sends a row right behind the batch it depends on (src/client.ts, ask).
   */
  const afterWrites = <T>(fn: () => Promise<T>): Promise<T> => chain.then(fn, fn);
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(fn, fn);
    chain = run.catch(() => undefined);
    return run;
  };

  const LOAD_WAIT_MS = 6000;
  const QUOTA = '[clientele] storage is full: Clientele evicts the oldest events (then cached site models) to keep recording, and events that do not fit wait on the page; free space for this site or lower config.retention.maxEvents';
  /** Tells the site's other tabs' workers of a forget(), and hears theirs (see forget). */
  let tabs: BroadcastChannel | null = null;
  /** Drops what this worker holds in memory about the visitor (its caches of their events, rows and segments). */
  const forgetHeld = () => {
    loop.reset();
    cache = null;
    refused = new Map();
    lastSignature = null;
    catalog = null;
  };
  /** Settles once a store that opened late is in use (or will never be): see useStorage. */
  let adopted: Promise<void> | undefined;
  /**
   * False if storage still waits after `ms`: the store in memory meanwhile holds none of what is stored about the
   * visitor, so what is read from it (an export, segments) or sent on (forwarding) would describe a made-up visitor.
   */
  const WAITED = 'waited for storage, held at an older version by another tab of this site (reload or close it) or not answering';
  const adoptedWithin = async (ms = 8000) => {
    if (storage === 'waiting') await Promise.race([adopted, new Promise((r) => setTimeout(r, ms))]);
    return storage !== 'waiting';
  };
  async function useStorage(siteId: string) {
    tabs?.close();
    try {
      tabs = new BroadcastChannel(`clientele:${siteId}`);
      // Another tab's forget() erased the visitor: what this worker holds in memory goes too.
      tabs.onmessage = (e: MessageEvent) => {
        const at = (e.data as { forgot?: unknown } | null)?.forgot;
        if (typeof at !== 'number') return;
        erasedSeen = Math.max(erasedSeen, at);
        forgetHeld();
        // A store in memory (no usable IndexedDB, or while it opens) is this worker's own: the tab that forgot could
        // not erase it.
        void serial(() => takeErasure(at)).catch(() => undefined);
      };
      // Under Node (tests, the eval), a channel would keep the process alive.
      (tabs as { unref?: () => void }).unref?.();
    } catch {
      tabs = null;
    }
    const opened = await openStorage(siteId, { now, onQuota: () => notice(QUOTA), failed: idbFailed });
    store = opened.store;
    storage = opened.state;
    if (opened.message) notice(opened.message);
    erasedHere = -Infinity;
    await takeErasure(page?.erasedAt);
    // A worker that replaces one that died in memory goes on as its visitor: the page replays the ops it had kept.
    if (storage === 'memory' && page?.memory) {
      await opened.store.setProfile(seedFromSnapshot(page.memory));
      const arms = armsFromSnapshot(page.memory);
      if (arms) await loop.adoptArms(opened.store, arms);
    }
    adopted = opened.later?.then(async (idb) => {
      if (store !== opened.store) return idb?.close();
      if (!idb) {
        storage = 'memory';
        return;
      }
      // IndexedDB opened after all: public data moves over; the page sends its events again (they were not kept).
      await idb.upsertCatalog([...(await opened.store.catalog()).values()]).catch(() => 0);
      store = idb;
      storage = 'indexeddb';
      cache = null;
      catalog = null;
      lastSignature = null;
    });
  }

  /** Where a chunk the worker loads is served: where the app's bundler put it, else beside the script. */
  const chunkUrl = (file: string) => page?.chunkUrls?.[file] ?? (page?.assetBase ?? '') + file;
  let plans: Promise<PlansModule | null> | null = null;
  const loop = createLoop(() => (plans ??= (async () => {
    const url = chunkUrl('clientele-experiments.js');
    try {
      if (!options.loadPlans) throw new Error('this engine has no chunk loader');
      return await options.loadPlans(url);
    } catch (e) {
      console.warn(`[clientele] the experiments file ${url} did not load (${(e as Error)?.message ?? e}); every visitor sees rows and slots as configured, with no holdout or experiment arms. Serve the whole dist/ folder beside clientele.js`);
      return null;
    }
  })()));
  /**
   * Until the page's own init message comes, the worker runs on the config its name carried, which a deferred script
   * may yet change (requireConsent, say): nothing about the visitor is stored meanwhile, not even the anonymous id.
   */
  let provisional = !!options.boot;
  /** Whether the visitor's data may be stored now (rowRules mayStore), and the config is the page's final one. */
  const stores = () => !provisional && mayStore(config!, consent);
  /** The visitor's profile, stored (created if need be) only where events may be stored now (see Store.getProfile). */
  const profileOf = () => store!.getProfile(stores());
  const deps = (): LoopDeps => ({
    store: store!, config: config!, now: now(), events, segments: currentSegments, site: site?.model ?? null, canStore: stores(),
    canForward: config!.forward.consent === 'required' ? consent === true : consent !== false,
  });
  /** The page's language: config.locale, else the page's lang, else the browser's. */
  const locale = () => config?.locale ?? page?.locale ?? 'en';
  /** Every language but English, once a page in another language has loaded the language chunk. */
  let languages: Readonly<Record<string, Catalogue>> = {};
  /** Reasons in the page's language, with the owner's wording. */
  let translate: { key: string; t: Translate } | null = null;
  const translator = (): Translate => {
    const key = locale() + JSON.stringify(config?.messages ?? {}) + Object.keys(languages).length;
    if (translate?.key !== key) translate = { key, t: createTranslator(locale(), config?.messages, { en: enReasons, ...languages }) };
    return translate.t;
  };
  /**
   * Loads the language chunk when the page's language has a catalogue other than English; returns the titles
   * and labels the widget shows in it (English, built into the widget, otherwise). A chunk that does not load
   * costs the words, not the rows: they are English, with one message.
   */
  async function pageLabels(problems: string[]): Promise<UiCatalogue | undefined> {
    const lang = catalogueFor(locale());
    if (lang === 'en') return undefined;
    if (!languages[lang] && options.loadMessages) {
      const url = chunkUrl('clientele-messages.js');
      try {
        languages = (await options.loadMessages(url)).LANGUAGE_CATALOGUES;
      } catch (e) {
        problems.push(`[clientele] the language file ${url} did not load (${(e as Error)?.message ?? e}); rows are worded in English. Serve the whole dist/ folder beside clientele.js`);
      }
    }
    const c = languages[lang];
    return c && (Object.fromEntries(UI_KEYS.map((k) => [k, c[k]])) as UiCatalogue);
  }

  /** What the store holds (storedEvents), and the events a full quota refused not yet among them (refused). */
  async function events(): Promise<StoredEvent[]> {
    const held = await storedEvents();
    for (const e of refused.values()) if (cache?.ids.has(e.message_id)) refused.delete(e.message_id), (overlay = null);
    return refused.size ? (overlay ??= [...held, ...refused.values()].sort((a, b) => a.timestamp - b.timestamp)) : held;
  }

  async function storedEvents(): Promise<StoredEvent[]> {
    if (!store) return [];
    if (!cache) {
      const all = await store.recent(-Infinity);
      overlay = null;
      cache = { events: all.events, ids: new Set(all.events.map((e) => e.message_id)), newest: all.events.at(-1)?.timestamp ?? 0, skew: all.count - all.events.length, chunks: new Set(all.chunks) };
      return cache.events;
    }
    // Other tabs write to the same store: pick up anything newer, allowing for late batches.
    const c = cache;
    const recent = await store.recent(c.newest - 60_000, c.chunks);
    c.chunks = new Set(recent.chunks);
    let added = false;
    for (const e of recent.events) {
      if (c.ids.has(e.message_id)) continue;
      c.ids.add(e.message_id);
      c.events.push(e);
      added = true;
      if (e.timestamp > c.newest) c.newest = e.timestamp;
    }
    if (added) c.events.sort((a, b) => a.timestamp - b.timestamp), (overlay = null);
    // What retention or a full quota evicted (the oldest, in any tab) goes from the copy too: rows, segments and
    // forwarding never use an event the store no longer holds.
    let gone = c.events.findIndex((e) => e.timestamp > recent.oldest);
    if (gone < 0) gone = c.events.length;
    // Retention can evict part of a millisecond (the oldest first, in stored order, as this copy holds them): of the
    // events of the oldest kept millisecond, those the count says went.
    const surplus = c.events.length + c.skew - recent.count;
    const older = c.events.findIndex((e) => e.timestamp >= recent.oldest);
    const drop = older < 0 ? c.events.length : Math.min(Math.max(older, surplus), gone);
    if (drop > 0) for (const e of c.events.splice(0, drop)) c.ids.delete(e.message_id), (overlay = null);
    // Anything else the copy cannot account for (a late batch older than the lookback): read whole again.
    if (c.events.length + c.skew !== recent.count) {
      if (cache === c) cache = null;
      return storedEvents();
    }
    return c.events;
  }

  async function getCatalog(): Promise<Map<string, CatalogItem>> {
    if (!store) return new Map();
    return (catalog ??= await store.catalog());
  }

  /** Starts fetching the catalog feed at `url`; rejects as fetch does, or when `url` is not a URL. */
  const fetchFeed = (url: string, base: string | undefined) => {
    const res = (async () => fetch(new URL(url, base).href, { credentials: 'same-origin', priority: 'high' }))();
    // Read later, or never when the init fails: loadCatalogFeed reports its failure.
    res.catch(() => undefined);
    return res;
  };

  async function loadCatalogFeed(url: string, early?: Promise<Response>) {
    try {
      const res = await (early ?? fetchFeed(url, page?.pageUrl));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const body = (await res.json()) as unknown;
      const list = Array.isArray(body) ? body : (body as { products?: unknown }).products;
      if (!Array.isArray(list)) throw new Error('expected an array of products or { "products": [...] }');
      feed = list;
      debug(`catalog feed ${url}: ${list.length} products`);
      // Entries with no usable id were left out in silence: a feed keyed `productId` showed no rows and said nothing.
      const out = list.filter((x) => !toCatalogItem(x));
      if (out.length) console.warn(`[clientele] config.catalogUrl ${JSON.stringify(url)}: ${out.length} of ${list.length} products are left out: each needs a product_id or id, a string or number; got ${show(out[0])}`);
      const s = store;
      const site = config?.siteId;
      if (!s) return;
      // Merged in memory with what the store holds, as the store merges it (catalogFromItems, mergeCatalogItem), and
      // ranked with at once: the first answers wait for the feed, not for its write (on a first visit, 100-150 ms of
      // IndexedDB puts for 300 products). The next read after the write comes from the store again.
      const at = now();
      // A read the store fails (a transaction aborted) does not cost the page the feed it has in hand.
      const read = catalog ?? (await s.catalog().catch(() => new Map<string, CatalogItem>()));
      // A catalog read meanwhile, with this page's products merged into it since, wins over the older read.
      const merged = catalog ?? read;
      for (const item of catalogFromItems(list, at)) merged.set(item.product_id, mergeCatalogItem(merged.get(item.product_id), item));
      catalog = merged;
      void s.upsertCatalog(list, { now: at })
        .then(() => s.putMeta(FEED_KEY, url).catch(() => undefined))
        .then(
          () => { if (catalog === merged) catalog = null; },
          // A full quota is the page's one message about it.
          // A store closed by an init() that changed the site id (set before it closes the old store), or replaced or closed as it ends, is no failure to tell.
          (e: unknown) => e instanceof StorageFailure && e.code === 'quota' ? notice(QUOTA) : s === store && config?.siteId === site && !(e instanceof StorageFailure && e.code === 'unavailable') && console.warn(`[clientele] config.catalogUrl ${JSON.stringify(url)} was loaded but could not be stored (${(e as Error)?.message}); this page uses it, and the next one fetches it again`),
        );
    } catch (e) {
      console.warn(`[clientele] config.catalogUrl ${JSON.stringify(url)} could not be loaded (${(e as Error)?.message}); serve a JSON array of products there, or remove the setting. Catalog data captured from pages is still used`);
    }
  }

  /** Site-model files fetched for a visitor who may not be remembered stay in memory (see siteModelLoader's file()). */
  const keepFiles = () => !!config && mayStore(config, consent);

  function startSiteModel(url: string, head?: Promise<string>) {
    siteLoading = settleWithin((async () => {
      if (!store) return;
      const r = await loadSiteModel(url, page?.pageUrl ?? '', store, site, (newer) => { if (newer.ok) site = newer.value; else console.warn(newer.message); }, head, keepFiles);
      if (r.ok) {
        site = r.value;
        debug(`site model ${site.version}: ${site.items} items`);
      } else {
        console.warn(r.message);
        // The last good model stays in use: from memory, or from the IndexedDB cache.
        site ??= await loadSiteModel(null, '', store, null, undefined, undefined, keepFiles).then((c) => (c.ok ? c.value : null));
      }
    })().catch((e) => console.warn(`[clientele] site model: ${(e as Error).message}`)), async () => {
      console.warn(`[clientele] config.siteModelUrl ${JSON.stringify(url)} has not answered in ${LOAD_WAIT_MS / 1000} s; rows use the model cached on this device, popular items and the catalog until it does`);
      if (store) site ??= await loadSiteModel(null, '', store, null, undefined, undefined, keepFiles).then((c) => (c.ok ? c.value : null));
    });
  }

  async function guard<T>(fn: () => Promise<Result<T>>, what: string): Promise<Result<T>> {
    if (!store || !config) return NOT_READY;
    try {
      const r = await fn();
      // Exposures a full quota refused, for the page to keep (worker/experiments/serve.ts, record).
      return loop.hold[0] ? { ...r, hold: loop.hold.splice(0) } : r;
    } catch (e) {
      if (e instanceof StorageFailure) return fail(e.code, e.message);
      return fail('internal', `[clientele] ${what} failed in the worker: ${(e as Error)?.message ?? e}`);
    }
  }

  /** A row for the visitor: the loop plans it (holdout, experiments, dismissals), the ranking fills it. */
  async function serveRow(raw: RecommendRequest, pg: { currentItemId?: string } | undefined, widgetId?: string): Promise<Result<ServedRow>> {
    // A request of megabytes (a category list of 50,000 names, every id of the shop in filters.exclude) cost the worker
    // some 0.2 s a call: 60 of them held the page's other reads to their fallback (round41c-huge-requests).
    const big = tooBig(raw, 'recommend(request)');
    if (big) return fail('bad-input', big);
    const problems: string[] = [];
    const checked = checkWidget({ selector: 'x', ...(raw as object) }, 'recommend(request)', problems);
    if (!checked || problems.length) return fail('bad-input', problems[0]);
    await loaded();
    // One read of the visitor's events for the whole row: each is a round trip to IndexedDB, 10-60 ms while a page loads.
    const history = events();
    // dismissals demote their items' row neighbours: those items' shards load first
    if (site) await site.ensure([...dismissedIds(await history)].map((id) => site!.model.index.get(id) ?? -1));
    const { plan, dismissed } = await loop.row({ ...deps(), events: () => history }, requestIds({ ...raw, type: checked.type }), widgetId);
    const items: RecItem[] = await rank({
      request: plan.request,
      // Consent withdrawn or personalization off: the rows any visitor gets, seeded only by the page.
      events: usesHistory(config!, consent) ? await history : [],
      catalog: await getCatalog(),
      site: site?.model ?? null,
      now: now(),
      eventWeights: config!.eventWeights,
      currentItemId: productId(pg?.currentItemId) ?? undefined,
      personalize: plan.personalize,
      blend: plan.blend,
      dismissed,
      translate: translator(),
    }, site);
    debug(`row ${plan.request.type}: ${items.map((i) => `${i.item.product_id} (${i.source})`).join(', ') || 'empty'}`);
    return ok({ items, dismiss: config!.notInterested, ...(plan.title ? { title: plan.title } : {}), ...(plan.layout ? { layout: plan.layout } : {}) });
  }

  /**
   * The visitor's segments. After a "no" (or before the yes requireConsent waits for) they use nothing stored, as rows
   * do: segments(), onSegments() and the dataLayer profiled a visitor who had withdrawn. `stored` ignores consent: an
   * export returns what the stored history gives.
   */
  async function currentSegments(stored = false): Promise<SegmentsResult> {
    const profile = await profileOf();
    const personal = stored || mayStore(config!, consent);
    const history = personal ? await events() : [];
    return computeSegments({
      events: history,
      traits: (personal ? profile.traits ?? {} : {}) as Record<string, unknown>,
      site: site?.segments ?? null,
      // As of this clock (computeSegments counts what is dated after it as now), not of the newest event: one page
      // whose clock ran months ahead made every later page think it that late (a buyer of today 'lapsed').
      now: now(),
      config: config!,
      catalog: await getCatalog(),
    });
  }

  /** The message for `v` (at `at`) if its JSON passes 64 KB, naming the key at fault, down to a filter's (a few levels). */
  function tooBig(v: unknown, at: string): string | undefined {
    const n = JSON.stringify(v)?.length;
    if (!(n! > 65_536)) return;
    if (v && typeof v == 'object' && at.length < 30) for (const k of Object.keys(v)) { const m = tooBig((v as Record<string, unknown>)[k], `${at}.${k}`); if (m) return m; }
    return problem(at, `${n} characters`, 'must be under 64 KB; the call was ignored');
  }

  /** The message for a bad identify() call, or null. */
  function identifyProblem(userId: unknown, traits: unknown): string | null {
    // A user id is stamped on every event after it: one of megabytes (a whole record passed by mistake) filled the store.
    // The rule of product ids: blank or invisible characters alone are no id either.
    if (!productId(userId)) return problem('identify(userId)', userId, 'needs your user id as a string of 1 to 200 characters; the call was ignored');
    if (traits !== undefined && traits !== null && (typeof traits !== 'object' || Array.isArray(traits))) return problem('identify(userId, traits)', traits, 'needs traits as an object like { "age_band": "25-34" }');
    const size = JSON.stringify(traits ?? {}).length;
    if (size > 16_384) return problem('identify(userId, traits)', `${size} bytes`, 'needs traits under 16384 bytes; the call was ignored');
    // As track()'s properties: 2,500 levels (15 KB) failed the profile's write with a RangeError, and the batch was sent
    // again for good, holding back every call after it on every page (round42a-deep-identify).
    return nestedDeeper(traits, MAX_DEPTH) ? `[clientele] identify(userId, traits) nest deeper than ${MAX_DEPTH} levels; flatten them; the call was ignored` : null;
  }

  async function identify(userId: unknown, traits: unknown): Promise<Result<null>> {
    const bad = identifyProblem(userId, traits);
    if (bad) return fail('bad-input', bad);
    // The page holds identify() back until consent allows it; a call that reaches the worker anyway is not stored.
    if (!stores()) return ok(null);
    const profile = await profileOf();
    await store!.setProfile({ user_id: String(userId), traits: { ...(profile.traits ?? {}), ...(traits as Record<string, unknown> | null) } });
    return ok(null);
  }

  async function setConsent(granted: boolean): Promise<Result<null>> {
    consent = granted;
    // "Nothing leaves the device after the withdrawal": the exposures other tabs left waiting included.
    if (!granted) await loop.dropWaiting(store!), (refused = new Map());
    // A "no" is noted on a stored visitor, and mints no anonymous id: the page remembers it (localStorage) and says it
    // on every page.
    await store!.setProfile({ consent: granted }, { create: granted });
    return ok(null);
  }

  /** Erases the visitor (and refuses any event stamped before `at`); the public catalog feed and site model stay. */
  async function forget(at: number): Promise<Result<null>> {
    await eraseHere(at);
    tabs?.postMessage({ forgot: at });
    return ok(null);
  }

  /**
   * A store in memory knows no erasure but those this worker applied: it takes the last one this browser's pages
   * marked (PageContext.erasedAt, no later than now) when it opens, and on every later init, since another tab's
   * forget() made while this worker started was broadcast before it listened.
   */
  async function takeErasure(erased: number | undefined): Promise<void> {
    if (!(typeof erased === 'number' && erased > 0)) return;
    // IndexedDB was erased by the tab that forgot and holds its mark, unless a full quota kept the mark from being
    // stored (Store.erase): the page's mark, from any tab, refuses what is older here too. A tab that forgot in memory
    // (no usable IndexedDB there) erased only its own: a mark later than the one stored erases IndexedDB here, once.
    const at = Math.min(erased, Date.now());
    erasedSeen = Math.max(erasedSeen, at);
    if (storage === 'indexeddb' && !(at > erasedHere && ((await store!.getMeta<number>('erased-at').catch(() => at)) ?? -Infinity) < at)) store!.noteErasure(at);
    else if (at > erasedHere) await eraseHere(at);
  }

  /** Erases this worker's store and what it holds in memory; the catalog feed is public and goes back. */
  async function eraseHere(at: number): Promise<void> {
    erasedHere = Math.max(erasedHere, at);
    // Dated after this worker's clock, it was dated by one that has gone back since: it came before (afterErasure).
    await store!.erase({ at, upTo: latest() });
    forgetHeld();
    // Neither is part of the erasure: on a full quota the feed is used from memory, and the page says its "no" with
    // every init.
    if (feed) await store!.upsertCatalog(feed).catch(() => 0);
    // Erasing the profile also erases a recorded "no"; it is kept in memory (the page says it with every init), and no
    // new visitor is stored for it: "delete my data" from a visitor who said no leaves no new identifier behind.
    if (consent === false) await store!.setProfile({ consent: false }, { create: false }).catch(() => undefined);
  }

  /**
   * Stores checked events. A batch the quota refuses is split so that what fits is kept (false if any did not fit);
   * a batch that fails for another reason than storage is split down to the one event at fault, which is refused
   * with a message instead of holding back every event after it.
   */
  async function put(events: RawEvent[], problems: string[], depth = 0): Promise<{ stored: number; all: boolean }> {
    try {
      const stored = await store!.putEvents(events, { sessionTimeoutMs: config!.sessionTimeoutMinutes * 60_000, now: now(), retention: config!.retention, clamped });
      return { stored, all: true };
    } catch (e) {
      const quota = e instanceof StorageFailure && e.code === 'quota';
      // Storage not ready (blocked, failing): the page keeps the batch and sends it again later.
      if (e instanceof StorageFailure && !quota && e.code !== 'data') throw e;
      if (quota) notice(QUOTA);
      // 2^16 leaves: down to the one event at fault in any batch the page sends (at most 4 M characters).
      if (events.length < 2 || depth > 16) {
        if (quota) return { stored: 0, all: false };
        problems.push(`[clientele] an event could not be stored (${(e as Error)?.message ?? e}); it was dropped: ${JSON.stringify(events[0]).slice(0, 200)}`);
        return { stored: 0, all: true };
      }
      const half = Math.ceil(events.length / 2);
      const a = await put(events.slice(0, half), problems, depth + 1);
      if (!a.all) return a;
      const b = await put(events.slice(half), problems, depth + 1);
      return { stored: a.stored + b.stored, all: b.all };
    }
  }

  /**
   * `p`, the page's ops being written to IndexedDB; not done within 8 s (a failing disk, a transaction another tab keeps
   * open), `late()`, and storage is waited for as another tab's older schema is: reads answer from a store in memory,
   * events wait on the page, and IndexedDB is used again once the write ends. A write of events, of the profile
   * (identify, consent) or an erasure: each held the engine for the page's life, every read on its fallback at 10 s,
   * rows empty (round40c-idb-writes-hang). Only when no write has ended for 8 s: a batch of many writes, each ending in
   * a second on a slow disk, was taken for hung, answered "not kept" and sent again, as slow (round41c-slow-writes).
   */
  const unhung = <T>(p: Promise<T>, late: () => T): Promise<T> => {
    let done = 0;
    const end = () => (done = 1);
    p.then(end, end);
    return storage != 'indexeddb' ? p : Promise.race([p, new Promise<T>((r) => setTimeout(function hung() {
      if (done) return;
      if (wroteAt > Date.now() - 8e3) return void setTimeout(hung, 1e3);
      if (storage == 'indexeddb') {
        const idb = store!;
        const mem = (store = createMemoryStore(config!.siteId, { now }));
        storage = 'waiting';
        cache = catalog = lastSignature = null;
        if (feed) void mem.upsertCatalog(feed).catch(() => 0);
        adopted = p.then(end, end).then(() => { if (store == mem) (store = idb), (storage = 'indexeddb'), (cache = catalog = null); });
        notice('[clientele] storage is not answering (a write waits over 8 s): rows use memory and events wait on the page until it does');
      }
      r(late());
    }, 8000))]);
  };

  /** The ids of the batch being applied whose page dated them ahead of this worker's clock (Store PutOptions.clamped). */
  const clamped = new Set<string>();

  /** Applies the page's ops in order: runs of events are stored in one write each. */
  const applyOps = (input: string | Op[], replay = false) => unhung(applyNow(input, replay), () => ok({ stored: 0, problems: notices.splice(0), kept: false }));
  async function applyNow(input: string | Op[], replay: boolean): Promise<Result<Applied>> {
    let ops: unknown;
    clamped.clear();
    try {
      ops = typeof input === 'string' ? JSON.parse(input) : input;
    } catch {
      ops = null;
    }
    if (!Array.isArray(ops)) return ok({ stored: 0, problems: ['[clientele] the page sent the worker a batch it could not read; it was dropped'], kept: true });
    const problems: string[] = [];
    let stored = 0;
    let kept = storage !== 'waiting';
    let events: RawEvent[] = [];
    const forward: ForwardedEvent[] = [];
    let pendingIdentity: { user_id: string; traits: Record<string, unknown>; at?: number } | null = null;
    /**
     * A call the store could not hold for its own data (a value the structured clone refuses, a RangeError, a fault of
     * ours): refused alone with its message, as put() refuses an event. Kept for the page to send again, it held back
     * every call after it, on every page, for good (round42a-deep-identify). Storage failing, full or blocked keeps
     * the batch on the page.
     */
    const data = (e: unknown) => !(e instanceof StorageFailure) || e.code == 'data';
    // Else the storage failure's message: a full quota has the page's one message, whichever write met it.
    const lost = (e: unknown) => data(e) ? problems.push(`[clientele] a call could not be stored (${(e as Error)?.message ?? e}); it was dropped`) : ((kept = false), notice((e as StorageFailure).code == 'quota' ? QUOTA : (e as Error).message));
    const flushIdentity = async () => {
      if (!pendingIdentity) return;
      let { user_id, traits, at } = pendingIdentity;
      pendingIdentity = null;
      if (!stores()) return;
      const profile = await profileOf();
      // A page that parked its identify() and closed replays it on a later page: a newer one, made in another tab
      // meanwhile, stands.
      if (at !== undefined && profile.identified_at !== undefined && at < profile.identified_at) return;
      const given = at ?? latest();
      // Each call under 16 KB, the visitor's traits grew with every new key, read and written again with every batch of
      // events: 300 calls made a profile of 4.8 MB, and 200 events took 12 s to store, not 2 (round42a-deep-identify).
      // The user id still goes: a login is not refused for its traits.
      if (JSON.stringify({ ...profile.traits, ...traits }).length > 65_536) problems.push(`[clientele] identify(userId, traits) would make the visitor's traits over 64 KB together; these traits were not kept`), (traits = {});
      await store!.setProfile({ user_id, traits: { ...(profile.traits ?? {}), ...traits }, traits_at: { ...profile.traits_at, ...Object.fromEntries(Object.keys(traits).map((k) => [k, given])) }, ...(at !== undefined ? { identified_at: at } : {}) }).catch((e: unknown) => {
        if (!data(e)) throw e;
        lost(e);
      });
    };
    const flushEvents = async () => {
      await flushIdentity();
      if (!events.length) return;
      const batch = events;
      events = [];
      if (!stores()) return;
      try {
        const r = await put(batch, problems);
        stored += r.stored;
        // What put() stored is the batch's first r.stored (at most; copies already stored are not counted: read as
        // stored, they are dropped from `refused` by id). The session and visitor are those of the newest stored.
        // Not one from before another tab's forget() (sent again by this page until the store refuses it by time).
        if (!r.all) for (const e of batch.slice(r.stored)) (kept = false), e.timestamp < erasedSeen || ((overlay = null), refused.set(e.message_id, { ...cache?.events.at(-1), ...e } as StoredEvent));
        // Not while storage waits: the batch is not kept, and the page sends it again (forwarded then, as the visitor's).
        // Nor what a full quota refused: forwarded once stored, not with each batch that sends it again (an exposure
        // refused, kept by the page, went to the endpoint 4 times: round41c-exposure-retry-time).
        if (config!.forward.events.length && !replay && storage !== 'waiting') forward.push(...(await loop.forwarded(deps(), batch.slice(0, r.all ? batch.length : r.stored).map((e) => e.message_id))));
        // Keep the in-memory catalog (and the ranking indexes keyed on it) instead of re-reading the whole catalog
        // after every product view: merge what these events say, as the store did.
        if (catalog) for (const item of catalogFromEvents(batch)) catalog.set(item.product_id, mergeCatalogItem(catalog.get(item.product_id), item));
      } catch (e) {
        lost(e);
      }
    };
    for (let op of ops) {
      // An older build parked events as { message_id, event, properties, timestamp }.
      if (op && typeof op === 'object' && !Array.isArray(op)) op = ['e', op.message_id, op.timestamp, op.event, op.properties];
      if (!Array.isArray(op)) continue;
      if (op[0] === 'e') {
        const [, message_id, timestamp] = op as unknown[];
        if (typeof message_id !== 'string' || typeof timestamp !== 'number') continue;
        let r: ReturnType<typeof checkEvent>;
        try {
          r = nestedDeeper(op[4], MAX_DEPTH)
            ? { ok: false, message: `[clientele] track(${JSON.stringify(op[3])}).properties nest deeper than ${MAX_DEPTH} levels; flatten them; the event was not recorded` }
            : checkEvent(op[3], op[4], typeof input === 'string');
        } catch (e) {
          r = { ok: false, message: `[clientele] track() got properties that could not be checked (${(e as Error)?.message}); the event was not recorded` };
        }
        if (r.ok) {
          // After this page's forget() in call order, an event belongs to the new visitor even if the page's clock went
          // back since: it is dated no earlier than the erasure, which would refuse it. Nor later than this worker's
          // clock: an erasure keeps what is dated after it (a forget() applied late), not what a page dated ahead.
          if (timestamp > latest()) clamped.add(message_id);
          const at = Math.max(Math.min(timestamp, latest()), forgotAt);
          // Stored, it would go at once by the age limit: a page whose Date.now() runs years behind (fake timers left
          // on, a shim) lost every call in silence (round39e-clock-years-behind).
          if (at < latest() - config!.retention.maxAgeDays * 864e5) notice(`[clientele] events dated over config.retention.maxAgeDays (${config!.retention.maxAgeDays} days) ago were not kept; is the page's clock (Date.now()) set back or faked (fake timers)? Fix it, or raise maxAgeDays`);
          events.push({ message_id, event: r.event, properties: r.properties, timestamp: at });
          if (r.note) problems.push(r.note);
        }
        else problems.push(r.message);
        continue;
      }
      try {
        await flushEvents();
        if (op[0] === 'i') {
          // Identify calls in a row are one profile write: later user ids win, traits merge in call order.
          const bad = identifyProblem(op[1], op[2]);
          if (bad) problems.push(bad);
          else {
            // No later than this worker's clock (an identity stamped ahead would stand against every later one), no
            // earlier than this page's forget() before it.
            const at = typeof op[3] === 'number' && Number.isFinite(op[3]) ? Math.max(Math.min(op[3], latest()), forgotAt) : undefined;
            pendingIdentity = { user_id: String(op[1]), traits: { ...(pendingIdentity as { traits: object } | null)?.traits, ...(op[2] as object | null) }, ...(at !== undefined ? { at } : {}) };
          }
          continue;
        }
        await flushIdentity();
        let r: Result<null> | null = null;
        if (op[0] === 'c') r = await setConsent(op[1] === true);
        else if (op[0] === 'f') {
          // An erasure is never later than this worker's clock: one stamped ahead by the page's clock would refuse
          // every event until that time came.
          const erasure = Math.min(typeof op[1] === 'number' ? op[1] : Infinity, latest());
          forgotAt = Math.max(forgotAt, erasure);
          // Replayed, it ran in the worker that died, and told the site's other tabs then: told again, their stores
          // in memory would lose what was tracked since. What it erased was not kept for this one.
          if (!replay) r = await forget(erasure);
        }
        if (r && !r.ok) problems.push(r.message);
      } catch (e) {
        lost(e);
      }
    }
    await flushEvents().catch(lost);
    debug(`${ops.length} calls applied, ${stored} events stored${kept ? '' : ', the rest wait on the page'}${problems.length ? `, ${problems.length} messages` : ''}`);
    return ok({ stored, problems: problems.concat(notices.splice(0)), kept, ...(forward.length ? { forward } : {}), ...(storage === 'memory' ? { memory: memorySnapshot(await store!.getProfile(), await loop.arms({ store: store! })) } : {}) });
  }

  /**
   * Applies a config; the page's first one comes in the worker's name too (options.boot). When the config moves to
   * another site id, `leaving` is asked, with the old site's store still open, whether to remove that site's database
   * once it is closed. `said` hears the notices the answer carries; `resay` are notices an answer the page never
   * used carried, said again in this one. `opened` hears the site id whose storage this init opens, and whether its
   * database existed before. `boot`: the config the worker's name carried, a guess the page may yet change: it stores
   * no profile.
   */
  const initNow = (raw: unknown, pg: PageContext, how: { leaving?: (siteId: string, old: Store) => Promise<string | null>; said?: string[]; resay?: string[]; opened?: Opened; boot?: boolean } = {}) => serial(async () => {
    const { leaving, said, resay, opened, boot } = how;
    if (resay) notices.unshift(...resay.splice(0));
    const { config: full, problems } = resolveConfig(typeof raw === 'string' ? JSON.parse(raw) : raw);
    const cfg = toWorkerConfig(full);
    // The public catalog feed and site model head are fetched before the storage opens (100-200 ms on a first visit,
    // when IndexedDB creates the database): both sit on the first row's path.
    let feedEarly = cfg.catalogUrl ? fetchFeed(cfg.catalogUrl, pg?.pageUrl) : undefined;
    const headEarly = cfg.siteModelUrl ? fetchHead(cfg.siteModelUrl, pg?.pageUrl ?? '') : undefined;
    // In a task of its own: after storage's open is asked for, before its answer comes (the first init only).
    if (!config) setTimeout(warmIntl, 0, cfg.locale ?? pg?.locale ?? 'en', cfg.currency);
    // Held before the answer (the page takes the lock's release for this worker's death), taken while storage opens.
    const locked = holdLifeLock(pg?.lock);
    for (let tries = 0; ; tries++) try {
      const first = !store || config?.siteId !== cfg.siteId;
      const previous = config;
      config = cfg;
      page = pg;
      // The language file loads while storage opens: a file slow to come delays the answer by its own wait alone.
      const labels = pageLabels(problems);
      if (first) {
        const old = store;
        const remove = old && leaving ? await leaving(cfg.siteId, old).catch(() => null) : null;
        old?.close();
        if (remove) await removeStorage(remove);
        // Asked before the open, so the answer says whether this init created the database.
        if (opened) Object.assign(opened, { siteId: cfg.siteId, existed: storageExists(cfg.siteId) });
        await useStorage(cfg.siteId);
        cache = null;
        refused = new Map();
        catalog = null;
      } else await takeErasure(pg?.erasedAt);
      // Under requireConsent nothing is stored before an answer, not even the anonymous id; after a "no" (this page's
      // record of any tab's answer) no new one is made either.
      // The boot's guess never stores one, even when it runs after the page's init (a busy worker: `provisional` is
      // false by then, and the guess lacked the requireConsent a deferred script set; a profile was stored).
      const profile = await store!.getProfile(!cfg.requireConsent && !boot && !provisional && pg?.consent !== false);
      // The page's record is the newest answer (any tab's); its op, on its way, stores it.
      if (typeof pg?.consent === 'boolean') consent = pg.consent;
      else if (typeof profile.consent === 'boolean') consent = profile.consent;
      if (cfg.catalogUrl) {
        const url = cfg.catalogUrl;
        feedKnown = store!.getMeta<string>(FEED_KEY).then((u) => u === url, () => false);
        // A response is read once: a second try fetches again.
        catalogLoading = settleWithin(loadCatalogFeed(url, feedEarly), () => console.warn(`[clientele] config.catalogUrl ${JSON.stringify(url)} has not answered in ${LOAD_WAIT_MS / 1000} s; rows use the catalog this device holds until it does`));
        feedEarly = undefined;
      }
      if (cfg.siteModelUrl) startSiteModel(cfg.siteModelUrl, headEarly);
      else if (first) {
        const cached = await loadSiteModel(null, '', store!, null, undefined, undefined, keepFiles);
        if (cached.ok) site = cached.value;
      }
      if (first || JSON.stringify(previous?.retention) !== JSON.stringify(cfg.retention)) void store!.enforceRetention({ ...cfg.retention, now: now() }).then((n) => { if (n) cache = null; }, () => undefined);
      const ui = await labels;
      await locked;
      const told = notices.splice(0);
      said?.push(...told);
      debug(`config applied: site ${cfg.siteId}, storage ${storage}, consent ${consent}`);
      return ok({ config: full, problems: problems.concat(told), anonymousId: profile.anonymous_id, sessionId: profile.session?.id ?? '', ...(ui ? { labels: ui } : {}) });
    } catch (e) {
      // A database that opened, then failed a transaction (WebKit's lost connection, a one-off UnknownError): opened
      // afresh once, then this page runs in memory, as with no IndexedDB at all.
      if (storage !== 'indexeddb' || tries > 1) return fail('storage', `[clientele] storage could not be used (${(e as Error)?.message ?? e}); Clientele carries on without memory on this page`);
      store?.close();
      store = null;
      if (tries) idbFailed = e;
    }
  });
  /** The init the worker booted on, until the page's own init message arrives (see api.init). */
  let booting: { key: string; answer: ReturnType<typeof initNow>; opened: Opened; said: string[] } | null = null;
  if (options.boot) {
    const opened: Opened = {};
    const said: string[] = [];
    const [raw, pg, row] = options.boot;
    booting = { key: JSON.stringify([raw, pg]), answer: initNow(raw, pg, { said, opened, boot: true }), opened, said };
    if (options.onBoot) void booting.answer.then(options.onBoot);
    // Ranked now, not when the page's request comes: that waits for the page's busy main thread to pass it on. As an
    // ordered read, behind any init the page sent meanwhile: not ranked once the config changed (the page asks again),
    // nor where the row would record an experiment's exposure for a config the page may yet change.
    const onRow = options.onBootRow;
    if (row && onRow) {
      void booting.answer.then((a) => {
        const booted = config;
        return !a.ok ? a : afterWrites(() =>
          config !== booted || config!.holdout.percent > 0 || config!.experiments.length
            ? Promise.resolve(fail('later', 'asked for again once the config holds'))
            : guard(() => serveRow(row[0], {}, row[1]), 'the first row'));
      }).then(onRow);
    }
  }

  const api: EngineApi = {
    init: (raw, pg) => {
      const b = booting;
      booting = null;
      provisional = false;
      // The page's init message after the worker booted from its name: the answer already given, and the profile the
      // boot held back stored now that the config is final (the same anonymous id: Store.getProfile).
      if (b?.key === JSON.stringify([raw, pg]))
        return b.answer.then(async (a) => {
          if (a.ok && stores()) await store!.getProfile(true).catch(() => null);
          return a;
        });
      // The page changed its config after it started the worker (an init() after the script tag). If the boot guessed
      // another site id and created that site's database, it goes, unless another tab has stored events in it since:
      // a wrong guess leaves nothing behind, and takes nothing from anyone.
      // What the boot's answer said (IndexedDB unusable, say) is said again in this one, which the page does use.
      // (Read when leaving: the boot, run before this init, has opened its storage by then.)
      return initNow(raw, pg, b ? { resay: b.said, leaving: async (siteId, old) => {
        const guessed = b.opened.siteId;
        return guessed !== undefined && siteId !== guessed && !(await b.opened.existed) && !(await old.events()).length ? guessed : null;
      } } : {});
    },

    erased: (at: number) => guard(() => serial(() => unhung((async () => (await takeErasure(at), ok(null)))(), () => ok(null))), 'erasing'),

    // What an answer handed on to forwarding leaves the store once that answer has left (see loop.answered).
    apply: (json: string, replay?: boolean) => guard(() => serial(() => applyOps(json, replay === true)), 'storing events').finally(loop.answered),

    ingest: (batch: RawEvent[]) => guard(() => serial(async () => {
      const ops: Op[] = (Array.isArray(batch) ? batch : []).map((e) => ['e', e?.message_id, e?.timestamp, e?.event, e?.properties] as Op);
      const r = await applyOps(ops);
      return r.ok ? ok({ stored: r.value.stored, problems: r.value.problems, ...(r.value.forward ? { forward: r.value.forward } : {}) }) : r;
    }), 'storing events').finally(loop.answered),

    identify: (userId, traits) => guard(() => serial(() => identify(userId, traits)), 'identify'),

    async readProduct(markup) {
      const url = chunkUrl('clientele-reader.js');
      // The page could not load its microdata/RDFa reader: read the rest, and say so if that finds nothing.
      const noChunk = markup?.items === null;
      if (noChunk) markup = { ...markup, items: [] };
      let p = null;
      if (mayDescribeProduct(markup) && options.loadReader) {
        let reader: ReaderModule;
        try {
          reader = await options.loadReader(url);
        } catch (e) {
          return fail('reader', `[clientele] the product reader ${url} did not load (${(e as Error)?.message ?? e}); serve the whole dist/ folder beside clientele.js. Product views from page markup are not recorded until it loads`);
        }
        try {
          // What autocapture records must pass the event check: a refusal would blame a track() nobody wrote.
          p = reader.productFromMarkup(markup);
          if (p && !checkEvent('Product Viewed', p).ok) p = null;
        } catch {
          p = null;
        }
      }
      // The owner's own attribute, unreadable (a typo in its JSON), was ignored without a word; one whose id cannot be a
      // product id (1 MB, a list, "[[[") was too, or the view went under the page's URL: neither is the owner's word.
      const a = markup?.attr;
      let o: unknown = a;
      // JSON that cannot be read (a typo) is no id either, though its text could pass for one.
      try { o = JSON.parse(a!); } catch { if (/^\s*[[{]/.test(a!)) o = null; }
      const id = (o as object)?.constructor == Object ? (o as { product_id?: unknown }).product_id ?? (o as { id?: unknown }).id : o;
      if (a?.trim() && id !== undefined && !productId(id)) return fail('attr', problem('data-clientele-product', a, 'must be a product id or JSON; the product view was not recorded'));
      if (!p && noChunk) return fail('markup', `[clientele] ${page?.assetBase ?? ''}clientele-markup.js did not load; serve the whole dist/ folder beside clientele.js. Product views from this page's microdata and RDFa are not recorded`);
      return ok(p);
    },

    recommend: (raw: RecommendRequest, pg) => {
      // The page sends its request as JSON text: a structured clone of a hostile value could fail on the way. Read
      // first: a ranking that threw was told as "recommend(undefined) failed", for every row type
      // (round41c-ranking-throws). Text that is no JSON is no request (checkWidget says so).
      try { if (typeof raw === 'string') raw = JSON.parse(raw) as RecommendRequest; } catch { raw = null!; }
      return guard(async () => {
        const served = await serveRow(raw, pg);
        return served.ok ? ok(served.value.items) : served;
      }, `recommend(${JSON.stringify(raw?.type)})`);
    },

    row: (raw: RecommendRequest, pg, widgetId) => guard(() => serveRow(raw, pg, typeof widgetId === 'string' ? widgetId : undefined), `recommend(${JSON.stringify(raw?.type)})`),

    segments: () => guard(async () => {
      if (!(await adoptedWithin())) return fail('blocked', `[clientele] segments() ${WAITED}`);
      await loaded();
      return ok(await currentSegments());
    }, 'segments'),

    segmentsChanged: () => guard(async () => {
      // Not the visitor's while storage waits (see adoptedWithin): asked again once it is.
      if (storage === 'waiting') return ok(null);
      await loaded();
      const seg = await currentSegments();
      // What a CRM would act on; scores drift with every view and would fire constantly.
      const signature = segmentsSignature(seg);
      lastSignature ??= (await store!.getMeta<string>(SEGMENTS_KEY)) ?? '';
      // Compared and set with no await in between, so concurrent calls report a change once.
      if (lastSignature === signature) return ok(null);
      lastSignature = signature;
      // Not stored (a full quota): made again after the next batch; a page before that reports the change again.
      const s = store!;
      await loop.retried(() => s.putMeta(SEGMENTS_KEY, signature));
      return ok(seg);
    }, 'segments'),

    chooseSlot: (slot: string) => guard(async (): Promise<Result<SlotChoice>> => {
      const cfg = config!.slots[slot];
      // A slot name with no config (a typo, a config left out) stayed empty without a word.
      if (!cfg) return fail('slot', `[clientele] content slot ${show(slot)} is not in config.slots; add it there as ${SLOT_LIKE}`);
      if (!usesHistory(config!, consent)) return ok({ slot, variant: cfg.default, reason: 'default: personalization is off' });
      await loaded();
      try {
        const plan = await loop.slot(deps(), slot);
        if (plan.holdout) return ok({ slot, variant: cfg.default, reason: `default "${cfg.default.id}": the visitor is in the holdout` });
        const forced = plan.show === undefined ? undefined : [cfg.default, ...cfg.variants].find((v) => v.id === plan.show);
        if (forced) return ok({ slot, variant: forced, reason: `variant "${forced.id}" for this visitor's experiment arm` });
        const seg = await currentSegments();
        const x = plan.bandit ? await plans : null;
        if (x) return ok(x.banditSlot(slot, cfg, config!.audiences, segmentFacts(seg), site?.model ?? null, await events()));
        return ok(chooseVariant(slot, cfg, config!.audiences, segmentFacts(seg)));
      } catch (e) {
        return ok({ slot, variant: cfg.default, reason: `default: segments unavailable (${(e as Error).message})` });
      }
    }, `slot "${slot}"`),

    exportData: () => guard(async (): Promise<Result<ExportedData>> => {
      if (!(await adoptedWithin())) return fail('blocked', `[clientele] exportData() ${WAITED}`);
      const data = await store!.exportAll();
      // The events a full quota refused wait on the page until stored: the visitor's as much, and read beside the store
      // as rows read them (round41a-quota-room-back).
      if (refused.size) data.events = await events();
      const orders = attributeOrders(data.events, config!.attribution);
      const attribution = data.events.filter((e) => orders.has(e.message_id)).map((e) => ({ message_id: e.message_id, order_id: typeof e.properties.order_id === 'string' ? e.properties.order_id : null, ...orders.get(e.message_id)! }));
      // The answer in force: a "no" under requireConsent is not stored (setConsent), yet it is the visitor's answer.
      // What was inferred about the visitor is theirs to see too: the segments the stored history gives, and the
      // signatures last reported (kept in meta).
      const segments = await currentSegments(true).catch(() => null);
      const [onSegments, forwarded, files] = await Promise.all([SEGMENTS_KEY, FORWARDED_SEGMENTS_KEY, MODEL_FILES_KEY].map((k) => store!.getMeta<unknown>(k).catch(() => undefined)));
      // The site-model files cached here hold the products the visitor looked at (forget() erases them).
      return ok({ ...data, consent, experiments: await loop.arms({ store: store! }), attribution, segments, segments_reported: { on_segments: onSegments ?? null, forwarded: forwarded ?? null }, site_model_files: Array.isArray(files) ? files : [] });
    }, 'exportData'),

    forget: () => guard(() => serial(() => forget(Date.now())), 'forget'),

    setConsent: (granted) => guard(() => serial(() => setConsent(granted)), 'consent'),

    async setClock(ms) {
      pinnedNow = typeof ms === 'number' && Number.isFinite(ms) ? ms : null;
      return ok(null);
    },

    status: () => guard(async (): Promise<Result<EngineStatus>> => (await loaded(), ok({
      storage,
      events: await store!.countEvents(),
      catalog: (await getCatalog()).size,
      siteModel: site ? { version: site.version, items: site.items } : null,
    })), 'status'),
  };
  // exportData(), status() and segments() too: the page's flush waits for its own batches, not for those it hands a
  // worker in memory that replaces one that died (src/client.ts applyConfig), stored again as it comes up.
  // The age limit goes on as time does, written to or not (a tab left open, a clock that jumps forward): a read a
  // minute or more after the last check evicts what has aged out first, so no answer uses or exports it.
  let aged = 0;
  for (const method of [...ORDERED_READS, 'exportData', 'status', 'segments'] as const) {
    const read = api[method] as (...a: unknown[]) => Promise<unknown>;
    (api as unknown as Record<string, unknown>)[method] = (...a: unknown[]) => afterWrites(async () => {
      if (config && now() - aged > 6e4 && (await store?.enforceRetention({ ...config.retention, now: (aged = now()) }).catch(() => 0))) cache = null;
      return read(...a);
    });
  }
  return api;
}
