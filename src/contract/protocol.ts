// The worker's API as one typed interface. The page calls it through comlink; Node tests call it directly.
import type { RawEvent, StoredEvent } from './events.ts';
import type { ProductMarkup } from './productMarkup.ts';
import type { Product } from './events.ts';
import type { RecItem, RecommendRequest, Result, SegmentsResult, SlotChoice } from './types.ts';
import type { Config } from './config.ts';
import type { UiCatalogue } from '../messages/types.ts';
import type { ForwardedEvent, OrderAttribution } from './loop.ts';

/** A row as a widget draws it: the items, plus what an experiment changed about its look. */
export interface ServedRow {
  items: RecItem[];
  title?: string;
  layout?: 'row' | 'grid';
  /** Whether cards get a "not interested" control (config.notInterested). */
  dismiss: boolean;
}

/** Facts only the page knows, handed to the worker at start. */
export interface PageContext {
  /** Where the script was loaded from: the worker finds its wasm files and the site model relative to it. */
  assetBase: string;
  /** Where a bundler put each chunk the worker loads (ESM build), by its file name in dist/; else assetBase + that name. */
  chunkUrls?: Record<string, string>;
  /** What relative config URLs (catalogUrl, siteModelUrl) are resolved against: the page's base URL (`<base href>`), as its own fetch() does. */
  pageUrl: string;
  locale: string;
  /**
   * A Web Lock the worker takes and holds for its life: the page asks for the same lock, and is granted it the moment
   * the worker dies (crash, out of memory, terminated), however busy it was.
   */
  lock?: string;
  /** The visitor's answer as this browser recorded it (consent()), so a worker can rank before the op that says it. */
  consent?: boolean;
  /**
   * When the site's visitor was last erased (forget(), in any tab), as this browser's pages marked it: a store in memory
   * (no IndexedDB) starts knowing it, so calls made before it and replayed late are refused there too.
   */
  erasedAt?: number;
  /**
   * A restarted worker's visitor, as the one before it held it in memory (Applied.memory): its store in memory starts
   * with the same anonymous id and session. Opaque to the page.
   */
  memory?: unknown;
}

/**
 * The page's calls that change what is stored, in call order, as one JSON array (`apply`):
 * `["e", message_id, timestamp, event, properties]` track; `["i", userId, traits, timestamp?]` identify (an older
 * build's has no timestamp); `["c", granted]` consent; `["f", timestamp]` forget. Timestamps in ms since the epoch.
 */
export type Op = ['e', string, number, string, Record<string, unknown>] | ['i', unknown, unknown, number?] | ['c', boolean] | ['f', number];

/** What `apply` did with a batch of ops. */
export interface Applied {
  /** New events stored. */
  stored: number;
  /** One message per refused op, for the page to show. */
  problems: string[];
  /**
   * True when the page may let go of the batch: every op is stored (or refused for good). False while storage is not
   * ready (another tab blocks it, the quota is full): the page keeps the batch and sends it again later.
   */
  kept: boolean;
  /** Events stored that config.forward sends on, for the page's forwarding chunk. */
  forward?: ForwardedEvent[];
  /**
   * Only while storage is in memory for good (no usable IndexedDB): what a new worker needs to go on as this visitor
   * if this one dies (PageContext.memory), since the batch, though kept, dies with it.
   */
  memory?: unknown;
}

/** Everything Clientele holds about this visitor, as `exportData()` returns it. */
export interface ExportedData {
  anonymous_id: string | null;
  user_id: string | null;
  events: StoredEvent[];
  profile: Record<string, unknown>;
  catalog_size: number;
  consent: boolean | null;
  exported_at: string;
  /** Experiment arms remembered on this device: experiment id -> variation id. */
  experiments?: Record<string, string>;
  /** Each order's attribution (touches, credit, experiment arms), by the order event's message_id. */
  attribution?: Array<{ message_id: string; order_id: string | null } & OrderAttribution>;
  /** Rows this visitor was shown in the last 30 minutes, kept on the page to draw them at once on the next page (src/rowCache.ts), by row key. */
  shown_rows?: Record<string, { at: number; row: ServedRow }>;
  /** The segments the stored history and traits give (lifecycle, RFM, cluster, audiences, propensity), whatever the consent. */
  segments?: SegmentsResult | null;
  /** The segments last reported as stored on the device: to onSegments()/the dataLayer, and to forwarding (their signatures). */
  segments_reported?: { on_segments: unknown; forwarded: unknown };
  /** The content hashes of the site-model files cached on this device, oldest first: each holds the few products it was fetched for, so the list tells which products the visitor looked at. */
  site_model_files?: string[];
}

export interface EngineStatus {
  /** Where events are stored: IndexedDB; memory for this page's life (no usable IndexedDB); or memory while IndexedDB is still opening. */
  storage: 'indexeddb' | 'memory' | 'waiting';
  events: number;
  catalog: number;
  siteModel: { version: string; items: number } | null;
}

export interface EngineApi {
  /**
   * Checks the raw config (an object, or its JSON text) in the worker (so the page need not carry the schema) and applies it.
   * `labels`: the widget's titles and labels in the page's language when it is not English.
   */
  init(config: unknown, page: PageContext): Promise<Result<{ config: Config; problems: string[]; anonymousId: string; sessionId: string; labels?: UiCatalogue }>>;
  /** Checks and stores a batch; `problems` has one message per refused event, for the page to show. */
  ingest(batch: RawEvent[]): Promise<Result<{ stored: number; problems: string[]; forward?: ForwardedEvent[] }>>;
  /**
   * Applies the page's ops (a JSON array of `Op`) in order, after every earlier `apply` and `init`. `replay`: ops a
   * worker in memory that died had kept, applied again in a new one: their forget() ran then (it is not broadcast to
   * the site's other tabs again), their events were forwarded then.
   */
  apply(ops: string, replay?: boolean): Promise<Result<Applied>>;
  identify(userId: string, traits: Record<string, unknown>): Promise<Result<null>>;
  /**
   * Another tab's forget() at `at` (ms), as its mark in localStorage told this page: a store in memory that has not
   * applied it erases (a worker that was starting when the forget() was broadcast missed it). Else nothing.
   */
  erased(at: number): Promise<Result<null>>;
  /** Reads the product a page shows from the markup the page collected. */
  readProduct(markup: ProductMarkup): Promise<Result<Product | null>>;
  /** `request` may come as its JSON text. */
  recommend(request: RecommendRequest | string, page: { currentItemId?: string }): Promise<Result<RecItem[]>>;
  /** A widget's row: recommend() plus the experiment's title and layout; `widgetId` lets experiments target one widget. */
  row(request: RecommendRequest, page: { currentItemId?: string }, widgetId?: string): Promise<Result<ServedRow>>;
  segments(): Promise<Result<SegmentsResult>>;
  chooseSlot(slot: string): Promise<Result<SlotChoice>>;
  /** The visitor's segments if they changed since the last call (remembered across pages), else null. */
  segmentsChanged(): Promise<Result<SegmentsResult | null>>;
  exportData(): Promise<Result<ExportedData>>;
  forget(): Promise<Result<null>>;
  setConsent(granted: boolean): Promise<Result<null>>;
  /** Testing aid: pins the engine's clock (ms since epoch), or releases it with null. */
  setClock(now: number | null): Promise<Result<null>>;
  status(): Promise<Result<EngineStatus>>;
}

/**
 * Reads the page sends right behind the batch of writes they depend on, without waiting for its answer: the worker
 * answers them only after the init and apply calls it received before them (src/client.ts ask, worker/engine.ts).
 */
export const ORDERED_READS = ['row', 'recommend', 'chooseSlot'] as const satisfies ReadonlyArray<keyof EngineApi>;

/** The ids a worker answers under without being asked: the init its name carries, and the first row it names. */
export const BOOT_ID = 'boot', BOOT_ROW_ID = 'boot-row';
/** The id of the worker's message that it holds its life lock (worker/lifeLock.ts): from then on its death is seen at once. */
export const LOCKED_ID = 'locked';

/** The localStorage key where the visitor's consent answer is kept ('1' or '0') for every tab and page of the origin. */
export const CONSENT_KEY = 'clientele:consent';
/** Where the snippet parks its queue when the page goes before the script has arrived (src/snippet.js), a key per page. */
export const PARKED_QUEUE = 'clientele:queue:';
