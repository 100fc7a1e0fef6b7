// The worker's store: one site's events, profile, catalog, model cache and meta, over IndexedDB.
// Several tabs (workers) open the same database; every read-modify-write happens inside one transaction, so
// IndexedDB's serialization keeps them consistent, and message ids keep retried batches from doubling.
import type { RawEvent, StoredEvent } from '../../src/contract/events.ts';
import type { ExportedData } from '../../src/contract/protocol.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import { catalogFromEvents, mergeCatalogItem, sameCatalogItem, toCatalogItem } from './catalog.ts';
import { createConnection, StorageFailure, type Connection } from './connection.ts';
import { dbName, PROFILE_KEY, type Db, type ModelRecord, type Profile, type SessionState } from './schema.ts';
import { randomId } from './ids.ts';
import { applyProfilePatch, newProfile, type ProfilePatch } from './profile.ts';
import { applyRetention, evictOldest } from './retention.ts';
import { sessionize } from './sessions.ts';
import { runTx, type Track } from './tx.ts';

/** Which events to read. Ranges are on the event timestamp: `since` inclusive, `until` exclusive. */
export interface EventQuery {
  since?: number;
  until?: number;
  limit?: number;
  /** Only events with this name (uses the by-event index). */
  event?: string;
  /** Only events of this session (uses the by-session index). */
  sessionId?: string;
  /** Newest first, so `limit` keeps the latest events. */
  newestFirst?: boolean;
}

export interface StoreOptions {
  /** The clock used where a call takes no `now` (tests pin it). */
  now?: () => number;
  /** How long a call waits on tabs that keep an older schema open before failing with `blocked`. */
  blockedTimeoutMs?: number;
}

/**
 * One site's storage. Calls never leave a half-written batch; a failure rejects with a `StorageFailure`
 * (code `quota`, `blocked`, `unavailable` or `storage`) whose message says what to do.
 */
export interface Store {
  /** The IndexedDB database name, `clientele:<siteId>`. */
  readonly name: string;
  /**
   * Stores a batch in one transaction together with the shared session and the products it mentions; a message_id
   * already stored (or repeated in the batch) is skipped. Resolves to how many events were new.
   */
  putEvents(batch: ReadonlyArray<RawEvent>, opts: { sessionTimeoutMs: number; now: number }): Promise<number>;
  /** Events in timestamp order (or newest first). */
  events(query?: EventQuery): Promise<StoredEvent[]>;
  countEvents(): Promise<number>;
  /** Merges items into the catalog (newer fields win, no known field is lost). Resolves to how many valid items were given. */
  upsertCatalog(items: ReadonlyArray<unknown>, opts?: { now?: number }): Promise<number>;
  catalog(): Promise<Map<string, CatalogItem>>;
  /** The visitor's profile, created on first use with a new random anonymous_id. */
  getProfile(): Promise<Profile>;
  /** Patches the profile (traits merge key by key) and resolves to the new profile. */
  setProfile(patch: ProfilePatch, opts?: { now?: number }): Promise<Profile>;
  /** The shared session, or a new one if it has been idle longer than the timeout. */
  currentSession(opts: { sessionTimeoutMs: number; now: number }): Promise<SessionState>;
  getModel(key: string): Promise<ModelRecord | undefined>;
  putModel(key: string, model: { version: string; manifest: unknown; weights: ArrayBuffer }, opts?: { now?: number }): Promise<void>;
  deleteModel(key: string): Promise<void>;
  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  putMeta(key: string, value: unknown): Promise<void>;
  deleteMeta(key: string): Promise<void>;
  /** Evicts events past the age limit, then the oldest beyond the count limit; the profile is never touched. Resolves to how many went. */
  enforceRetention(opts: { maxAgeDays: number; maxEvents: number; now: number }): Promise<number>;
  /** Everything held about the visitor: events in time order, the profile, the catalog size. */
  exportAll(opts?: { now?: number }): Promise<ExportedData>;
  /** Deletes events, profile, meta and the catalog; keeps the site-model cache. The next use issues a new anonymous_id. */
  erase(): Promise<void>;
  close(): void;
}

const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);
const isQuotaError = (e: unknown): boolean =>
  typeof e === 'object' && e !== null && (QUOTA_NAMES.has(String((e as { name?: unknown }).name)) || (e as { code?: unknown }).code === 22);

const describe = (e: unknown): string =>
  e instanceof Error || (typeof e === 'object' && e !== null && 'message' in e)
    ? `${(e as Error).name}: ${(e as Error).message}`
    : String(e);

const isValidRaw = (e: unknown): e is RawEvent => {
  if (typeof e !== 'object' || e === null) return false;
  const r = e as Partial<RawEvent>;
  return typeof r.message_id === 'string' && r.message_id !== '' && typeof r.event === 'string' && r.event !== ''
    && typeof r.timestamp === 'number' && Number.isFinite(r.timestamp) && typeof r.properties === 'object' && r.properties !== null;
};

/**
 * Opens (creating or upgrading) the store of one site, in the database `clientele:<siteId>`.
 * @example const store = await openStore('shop'); await store.putEvents(batch, { sessionTimeoutMs: 30 * 60_000, now: Date.now() });
 */
export async function openStore(siteId: string, options: StoreOptions = {}): Promise<Store> {
  const name = dbName(siteId);
  const conn = createConnection(name, { blockedTimeoutMs: options.blockedTimeoutMs });
  const clock = options.now ?? Date.now;
  // Open now so an unusable IndexedDB shows at start, not on the first event.
  await conn.run(async () => undefined);
  return createStore(name, conn, clock);
}

function createStore(name: string, conn: Connection, clock: () => number): Store {
  const fail = (e: unknown, what: string): StorageFailure =>
    e instanceof StorageFailure ? e : new StorageFailure('storage', `[clientele] writing ${what} to storage "${name}" failed (${describe(e)})`);

  /** Frees room for a failed write: the oldest tenth of the events, and, for a model, the other cached models. */
  const makeRoom = async (alsoModelsExcept?: string): Promise<number> =>
    conn.run(async (db) => {
      const tx = db.transaction(['events', 'models'], 'readwrite');
      return runTx(tx, async (track) => {
        const events = tx.objectStore('events');
        const evicted = await evictOldest(events, Math.ceil((await events.count()) * 0.1));
        if (alsoModelsExcept !== undefined) {
          for (const key of await tx.objectStore('models').getAllKeys()) if (key !== alsoModelsExcept) track(tx.objectStore('models').delete(key));
        }
        return evicted;
      });
    });

  /** Runs a write; on a quota error frees room once and retries once. Rejects only with a StorageFailure. */
  const write = async <T>(what: string, op: (db: Db) => Promise<T>, modelKey?: string): Promise<T> => {
    try {
      return await conn.run(op);
    } catch (e) {
      if (!isQuotaError(e)) throw fail(e, what);
    }
    let evicted = 0;
    try {
      evicted = await makeRoom(modelKey);
      return await conn.run(op);
    } catch (e) {
      if (!isQuotaError(e)) throw fail(e, what);
      throw new StorageFailure(
        'quota',
        `[clientele] storage "${name}" is full: writing ${what} failed even after evicting the ${evicted} oldest events; lower config.retention.maxEvents or free space for this site in the browser`,
      );
    }
  };

  const read = async <T>(op: (db: Db) => Promise<T>): Promise<T> => {
    try {
      return await conn.run(op);
    } catch (e) {
      if (e instanceof StorageFailure) throw e;
      throw new StorageFailure('storage', `[clientele] reading storage "${name}" failed (${describe(e)})`);
    }
  };

  return {
    name,

    putEvents(batch, opts) {
      // The same message_id twice in one batch is one event: the first copy wins.
      const unique = new Map<string, RawEvent>();
      for (const e of batch) if (isValidRaw(e) && !unique.has(e.message_id)) unique.set(e.message_id, e);
      if (unique.size === 0) return Promise.resolve(0);
      const ids = [...unique.keys()];
      return write(`${unique.size} events`, async (db) => {
        const tx = db.transaction(['events', 'profile', 'catalog'], 'readwrite');
        return runTx(tx, async (track) => {
          const events = tx.objectStore('events');
          const profiles = tx.objectStore('profile');
          const [stored, seen] = await Promise.all([profiles.get(PROFILE_KEY), Promise.all(ids.map((id) => events.getKey(id)))]);
          const fresh = ids.filter((_, i) => seen[i] === undefined).map((id) => unique.get(id)!);
          if (fresh.length === 0) return 0;
          // The session is read and written in this transaction, so two tabs writing at once share one session.
          const profile = stored ?? newProfile(opts.now, randomId);
          const s = sessionize(profile, fresh, opts.sessionTimeoutMs, randomId);
          for (const e of s.events) track(events.put(e));
          track(profiles.put({ ...profile, session: s.session, user_id: s.user_id, traits: s.traits, updated_at: opts.now }, PROFILE_KEY));
          await mergeIntoCatalog(tx.objectStore('catalog'), catalogFromEvents(fresh), track);
          return fresh.length;
        });
      });
    },

    events(query = {}) {
      return read(async (db) => {
        const lo = query.since ?? -Infinity;
        const hi = query.until ?? Infinity;
        const hiOpen = query.until !== undefined;
        const tx = db.transaction('events', 'readonly');
        let source;
        let range: IDBKeyRange;
        let filter: ((e: StoredEvent) => boolean) | null = null;
        if (query.sessionId !== undefined) {
          source = tx.store.index('by-session');
          range = IDBKeyRange.bound([query.sessionId, lo], [query.sessionId, hi], false, hiOpen);
          if (query.event !== undefined) filter = (e) => e.event === query.event;
        } else if (query.event !== undefined) {
          source = tx.store.index('by-event');
          range = IDBKeyRange.bound([query.event, lo], [query.event, hi], false, hiOpen);
        } else {
          source = tx.store.index('by-timestamp');
          range = IDBKeyRange.bound(lo, hi, false, hiOpen);
        }
        const limit = query.limit !== undefined && query.limit >= 0 ? Math.floor(query.limit) : Infinity;
        if (limit === 0) return [];
        if (!filter && !query.newestFirst) return source.getAll(range, Number.isFinite(limit) ? limit : undefined);
        const out: StoredEvent[] = [];
        for (let c = await source.openCursor(range, query.newestFirst ? 'prev' : 'next'); c && out.length < limit; c = await c.continue()) {
          if (!filter || filter(c.value)) out.push(c.value);
        }
        return out;
      });
    },

    countEvents() {
      return read((db) => db.count('events'));
    },

    upsertCatalog(items, opts = {}) {
      const now = opts.now ?? clock();
      const merged = catalogFromItems(items, now);
      if (merged.length === 0) return Promise.resolve(0);
      return write(`${merged.length} catalog items`, async (db) => {
        const tx = db.transaction('catalog', 'readwrite');
        await runTx(tx, (track) => mergeIntoCatalog(tx.store, merged, track));
        return merged.length;
      });
    },

    catalog() {
      return read(async (db) => new Map((await db.getAll('catalog')).map((item) => [item.product_id, item])));
    },

    getProfile() {
      return read(async (db) => {
        const found = await db.get('profile', PROFILE_KEY);
        if (found) return found;
        // Re-check inside a write transaction: two tabs starting at once must not mint two anonymous ids.
        const tx = db.transaction('profile', 'readwrite');
        return runTx(tx, async (track) => {
          const again = await tx.store.get(PROFILE_KEY);
          if (again) return again;
          const created = newProfile(clock(), randomId);
          track(tx.store.put(created, PROFILE_KEY));
          return created;
        });
      });
    },

    setProfile(patch, opts = {}) {
      const now = opts.now ?? clock();
      return write('the profile', async (db) => {
        const tx = db.transaction('profile', 'readwrite');
        return runTx(tx, async (track) => {
          const next = applyProfilePatch((await tx.store.get(PROFILE_KEY)) ?? newProfile(now, randomId), patch, now);
          track(tx.store.put(next, PROFILE_KEY));
          return next;
        });
      });
    },

    currentSession(opts) {
      return write('the session', async (db) => {
        const tx = db.transaction('profile', 'readwrite');
        return runTx(tx, async (track) => {
          const profile = (await tx.store.get(PROFILE_KEY)) ?? newProfile(opts.now, randomId);
          const s = profile.session;
          if (s && opts.now - s.lastActivity <= opts.sessionTimeoutMs) return s;
          const session: SessionState = { id: randomId(), startedAt: opts.now, lastActivity: opts.now };
          track(tx.store.put({ ...profile, session, updated_at: opts.now }, PROFILE_KEY));
          return session;
        });
      });
    },

    getModel(key) {
      return read((db) => db.get('models', key));
    },

    putModel(key, model, opts = {}) {
      const record: ModelRecord = { key, version: model.version, manifest: model.manifest, weights: model.weights, stored_at: opts.now ?? clock() };
      return write(`site model "${key}"`, async (db) => void (await db.put('models', record)), key);
    },

    deleteModel(key) {
      return write(`site model "${key}"`, async (db) => void (await db.delete('models', key)));
    },

    getMeta<T>(key: string) {
      return read(async (db) => (await db.get('meta', key)) as T | undefined);
    },

    putMeta(key, value) {
      return write(`meta "${key}"`, async (db) => void (await db.put('meta', value, key)));
    },

    deleteMeta(key) {
      return write(`meta "${key}"`, async (db) => void (await db.delete('meta', key)));
    },

    enforceRetention(opts) {
      return write('retention', async (db) => {
        const tx = db.transaction('events', 'readwrite');
        return runTx(tx, () => applyRetention(tx.store, opts));
      });
    },

    exportAll(opts = {}) {
      return read(async (db) => {
        const tx = db.transaction(['events', 'profile', 'catalog'], 'readonly');
        const [events, profile, catalogSize] = await Promise.all([
          tx.objectStore('events').index('by-timestamp').getAll(),
          tx.objectStore('profile').get(PROFILE_KEY),
          tx.objectStore('catalog').count(),
        ]);
        await tx.done;
        return {
          anonymous_id: profile?.anonymous_id ?? null,
          user_id: profile?.user_id ?? null,
          events,
          profile: profile ? { ...profile } : {},
          catalog_size: catalogSize,
          consent: profile?.consent ?? null,
          exported_at: new Date(opts.now ?? clock()).toISOString(),
        } satisfies ExportedData;
      });
    },

    erase() {
      return write('the erasure', async (db) => {
        // The catalog goes too: items captured from events, with their times, tell what the visitor looked at.
        // The site-model cache stays: it is the same published files for every visitor.
        const tx = db.transaction(['events', 'profile', 'meta', 'catalog'], 'readwrite');
        return runTx(tx, async (track) => {
          for (const s of ['events', 'profile', 'meta', 'catalog'] as const) track(tx.objectStore(s).clear());
        });
      });
    },

    close() {
      conn.close();
    },
  };
}

/** Merges items into the catalog store of a running transaction, writing only the ones that changed. */
async function mergeIntoCatalog(catalog: { get(id: string): Promise<CatalogItem | undefined>; put(item: CatalogItem): Promise<unknown> }, items: CatalogItem[], track: Track): Promise<void> {
  if (items.length === 0) return;
  const old = await Promise.all(items.map((i) => catalog.get(i.product_id)));
  items.forEach((item, i) => {
    const merged = mergeCatalogItem(old[i], item);
    if (!sameCatalogItem(old[i], merged)) track(catalog.put(merged));
  });
}

/** Validates and merges raw feed items by product id; items without a usable product id are dropped. */
function catalogFromItems(items: ReadonlyArray<unknown>, now: number): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  for (const raw of items) {
    const item = toCatalogItem(raw);
    if (!item) continue;
    if (item.updated_at === undefined) item.updated_at = now;
    byId.set(item.product_id, mergeCatalogItem(byId.get(item.product_id), item));
  }
  return [...byId.values()];
}
