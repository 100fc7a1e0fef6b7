// The worker's store: one site's events, profile, catalog, model cache and meta, over IndexedDB.
// Several tabs (workers) open the same database; every read-modify-write happens inside one transaction, so
// IndexedDB's serialization keeps them consistent, and message ids keep retried batches from doubling.
// Events live in chunks of up to a thousand (schema.ts): a burst costs a handful of requests, not one per event.
import type { RawEvent, StoredEvent } from '../../src/contract/events.ts';
import type { ExportedData } from '../../src/contract/protocol.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import { catalogFromEvents, mergeCatalogItem, sameCatalogItem, toCatalogItem } from './catalog.ts';
import { soundChunk, soundChunks, soundEvents, soundItem, soundItems, soundProfile } from './sound.ts';
import { createConnection, StorageFailure, type Connection, type ConnectionOptions } from './connection.ts';
import { CHUNK_SIZE, chunkKey, dbName, MODEL_FILE, type ClienteleDB, packChunks, PROFILE_KEY, toChunk, type ChunkKey, type Db, type EventChunk, type ModelRecord, type Profile, type SessionState } from './schema.ts';
import { randomId } from './ids.ts';
import { afterErasure, applyProfilePatch, newProfile, type ProfilePatch } from './profile.ts';
import { chunkKeyText, evictChunks, evictWholeChunks, retentionLimits, type EvictionLimits } from './retention.ts';
import { byTime, selectEvents, type EventQuery } from './query.ts';
import { sessionize } from './sessions.ts';
import { runTx, type Track } from './tx.ts';
import { unwrap, type IDBPTransaction } from 'idb';

export type { EventQuery };

/** The meta key holding when the visitor last asked to be forgotten: events from before it are never stored again. */
export const ERASED_AT = 'erased-at';

/** What an erasure clears: all about the visitor, and the site model's files fetched for what she viewed. */
/** When a write of any store last ended (or failed): a write slow but answering is not taken for hung (worker/engine.ts, unhung). */
export let wroteAt = 0;
const ERASED_STORES = ['chunks', 'events', 'profile', 'meta', 'catalog', 'models'] as const;

function clearVisitor(tx: IDBPTransaction<ClienteleDB, typeof ERASED_STORES, 'readwrite'>, track: Track): void {
  for (const s of ERASED_STORES) if (s !== 'models') track(tx.objectStore(s).clear());
  // The model's head stays: the same for every visitor, it keeps rows ranking.
  track(tx.objectStore('models').delete(IDBKeyRange.bound(MODEL_FILE, MODEL_FILE + '\uffff')));
}

/** A meta record changed with a batch of events (Store.putEvents): `change` gets its value and the message ids stored; not called when none was. */
export interface MetaChange { key: string; change(value: unknown, stored: ReadonlySet<string>): unknown }

/**
 * `clamped`: the ids of events the caller dated earlier than their page did (its clock behind the page's). A copy of
 * one that comes again (a park two tabs took over, a batch sent again to a restarted worker) may be dated later, out of
 * reach of the check by time: their ids are kept (the newest CLAMPED_KEEP) and checked too.
 */
export interface PutOptions { sessionTimeoutMs: number; now: number; retention?: RetentionPolicy; alsoMeta?: MetaChange; clamped?: ReadonlySet<string> }
/** The meta record of the ids stored `clamped`, and how many of the newest it keeps (some 80 KB, read with each write). */
const CLAMPED = 'clamped';
const CLAMPED_KEEP = 2000;
/** The meta record of how many events the store held when the room a quota round freed was last all taken up (makeRoom). */
const HELD = 'held';

/** What Store.recent() reads: events, how many the store holds, the oldest time, the chunks read or skipped. */
export interface Recent { events: StoredEvent[]; count: number; oldest: number; chunks: string[] }

export interface StoreOptions extends ConnectionOptions {
  /** The clock used where a call takes no `now` (tests pin it). */
  now?: () => number;
  /** Called when a write hit the quota and old events were evicted to make room (how many). */
  onQuota?: (evicted: number) => void;
}

/** Retention applied inside every write of events, so the stored count never passes the limit. */
export interface RetentionPolicy {
  maxAgeDays: number;
  maxEvents: number;
}

/**
 * One site's storage. Calls never leave a half-written batch; a failure rejects with a `StorageFailure`
 * (code `quota`, `blocked`, `unavailable` or `storage`) whose message says what to do.
 */
export interface Store {
  /** The IndexedDB database name, `clientele:<siteId>`. */
  readonly name: string;
  /** Where the data lives: IndexedDB, or this worker's memory (private modes, storage disabled). */
  readonly kind: 'indexeddb' | 'memory';
  /**
   * Stores a batch in one transaction together with the shared session; a message_id already stored (or repeated in
   * the batch), or an event from before the last `erase`, is skipped. With `retention`, old events are evicted in the
   * same transaction. The products the batch mentions are merged into the catalog in a transaction of their own,
   * after it and without holding it up (`catalog()`, `exportAll()` and `erase()` wait for them). Resolves to how many
   * events were new. With `alsoMeta`, a meta record is changed in the same transaction, from the ids of the events
   * stored (a worker that dies after the write leaves both or neither).
   */
  putEvents(batch: ReadonlyArray<RawEvent>, opts: PutOptions): Promise<number>;
  /** Events in timestamp order (or newest first). */
  events(query?: EventQuery): Promise<StoredEvent[]>;
  /**
   * In one read: the events from `since` on (ms; -Infinity: all; some older may come too), in timestamp order, how many
   * events the store holds, and the time of the oldest (Infinity when empty). A reader keeping its own copy trims it
   * by these: retention and a full quota evict the oldest, here or in another tab. `chunks`: the stored chunks read
   * or skipped (their keys); given back as `seen`, those are skipped next time (a chunk never changes in place).
   */
  recent(since: number, seen?: ReadonlySet<string>): Promise<Recent>;
  countEvents(): Promise<number>;
  /** Merges items into the catalog (newer fields win, no known field is lost). Resolves to how many valid items were given. */
  upsertCatalog(items: ReadonlyArray<unknown>, opts?: { now?: number }): Promise<number>;
  catalog(): Promise<Map<string, CatalogItem>>;
  /**
   * The visitor's profile, created on first use with a new random anonymous_id. With `create` false (nothing may be
   * stored yet: requireConsent and no answer), a profile not yet stored is made up and kept in memory only, and the
   * first write of the profile stores that one.
   */
  getProfile(create?: boolean): Promise<Profile>;
  /**
   * Patches the profile (traits merge key by key) and resolves to the new profile. With `create` false and no profile
   * stored, the patch goes to the profile made up in memory (see getProfile) and nothing is stored: a visitor who
   * declines under requireConsent gets no anonymous id. A patch whose `identified_at` is before the last erase (an
   * identify() made before a forget(), sent late by another tab or a parked page) changes nothing.
   */
  setProfile(patch: ProfilePatch, opts?: { now?: number; create?: boolean }): Promise<Profile>;
  /** The shared session, or a new one if it has been idle longer than the timeout. */
  currentSession(opts: { sessionTimeoutMs: number; now: number }): Promise<SessionState>;
  getModel(key: string): Promise<ModelRecord | undefined>;
  putModel(key: string, model: { version: string; manifest: unknown; weights: ArrayBuffer }, opts?: { now?: number }): Promise<void>;
  deleteModel(key: string): Promise<void>;
  getMeta<T = unknown>(key: string): Promise<T | undefined>;
  /**
   * Bookkeeping (cached files, signatures, pending exposures): a full quota rejects it at once (StorageFailure 'quota'),
   * no event is evicted for it. With `state`, what the visitor's experience keeps to (experiment arms): room is made
   * for it as for events.
   */
  putMeta(key: string, value: unknown, opts?: { state?: boolean }): Promise<void>;
  deleteMeta(key: string): Promise<void>;
  /**
   * Reads meta `key` and writes `change(value)` back in one transaction, so tabs changing it at once each see the
   * other's change; resolves to what `change` returned. Room as putMeta gives it (`state`).
   * @example await store.updateMeta<string[]>('list', (l) => [...(l ?? []), 'x'])
   */
  updateMeta<T>(key: string, change: (value: T | undefined) => T, opts?: { state?: boolean }): Promise<T>;
  /** Evicts events past the age limit, then the oldest beyond the count limit; the profile is never touched. Resolves to how many went. */
  enforceRetention(opts: { maxAgeDays: number; maxEvents: number; now: number }): Promise<number>;
  /** Everything held about the visitor: events in time order, the profile, the catalog size. */
  exportAll(opts?: { now?: number }): Promise<ExportedData>;
  /**
   * Deletes events, profile, meta and the catalog; keeps the site-model cache. The next use issues a new anonymous_id,
   * and events stamped before `at` (default: now) are refused from then on, so a late copy of one cannot come back.
   * What is dated after `at` stays (the new visitor's), unless dated after `upTo` too (see afterErasure).
   */
  erase(opts?: { at?: number; upTo?: number }): Promise<void>;
  /**
   * Takes an erasure another tab made (ms, its time) as a floor: events and identities stamped before it are refused
   * from then on. Nothing is deleted; the store of the tab that forgot did that.
   * @example store.noteErasure(1796000000000);
   */
  noteErasure(at: number): void;
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
  const conn = createConnection(name, options);
  // Open now so an unusable IndexedDB shows at start, not on the first event.
  await conn.run(async () => undefined);
  return createStore(name, conn, options);
}

const cmpKeys = (a: ChunkKey, b: ChunkKey) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]);
const flatten = (chunks: EventChunk[], rows: StoredEvent[]): StoredEvent[] => {
  const all = soundChunks(chunks).sort((a, b) => cmpKeys(chunkKey(a), chunkKey(b))).flatMap((c) => c.events);
  // Rows an older tab wrote may repeat an event already in a chunk until the next write folds them in.
  const ids = rows.length ? new Set(all.map((e) => e.message_id)) : null;
  return byTime(ids ? all.concat(rows.filter((r) => !ids.has(r.message_id))) : all);
};

function createStore(name: string, conn: Connection, options: StoreOptions): Store {
  const clock = options.now ?? Date.now;
  /** Catalog items as this store last read or wrote them: a product an event repeats unchanged costs no request. */
  let knownCatalog = new Map<string, CatalogItem>();
  const fail = (e: unknown, what: string): StorageFailure =>
    e instanceof StorageFailure ? e : new StorageFailure(/^(Data|Range)/.test(describe(e)) ? 'data' : 'storage', `[clientele] writing ${what} to storage "${name}" failed (${describe(e)})`);

  /** Whether the last round of eviction gave its room back (see makeRoom); undefined until one is measured. */
  let gives: boolean | undefined;
  /** The origin's use as the browser counts it against the quota; NaN where it cannot say (no round then gives). */
  const used = () => (async () => (await navigator.storage.estimate()).usage!)().catch(() => NaN);
  /**
   * Frees room after a quota error, by the retention order: whole chunks holding the oldest tenth of the events, and once
   * no events are left, the cached site models. Deletes only, since a full quota refuses any put. Resolves to how many
   * records went (0: nothing left to free). Whether a round gave its room back shows in the browser's count of the
   * origin's use (navigator.storage.estimate()), as measured in Chromium: a chunk of events over 64 KB is a file of its
   * own, whose room comes back at once in a shopper's profile; a smaller record's only when the files are compacted (a
   * delete even costs room at first), and in a private window nothing does, not even deleteDatabase(). While rounds
   * give room back (`gives`), they go on until the write fits. After one that gave none, or where the browser cannot
   * say, a round evicted since the events' room was last all taken up (HELD: how many events there were then), in this
   * tab or another, on this page or an earlier one, is followed by no other, and a full disk costs one round of the
   * history, not all of it: Firefox and Safari reuse a deleted record's room in files that do not shrink, so their count
   * of the origin's use need not fall. What does not fit waits on the page.
   */
  const makeRoom = async (): Promise<number> => {
    let held = 0;
    const before = await used();
    const freed = await conn.run(async (db) => {
      const tx = db.transaction(['chunks', 'models', 'meta'], 'readwrite');
      return runTx(tx, async (track) => {
        const chunks = tx.objectStore('chunks');
        const [keys, was] = await Promise.all([chunks.getAllKeys(), tx.objectStore('meta').get(HELD)]);
        const total = keys.reduce((n, k) => n + k[2], 0);
        if (!gives && (was as number) > total) return (was as number) - total;
        if ((held = total)) {
          const evicted = evictWholeChunks(chunks, keys, Math.ceil(total * 0.1), track);
          options.onQuota?.(evicted);
          return evicted;
        }
        const models = await tx.objectStore('models').getAllKeys();
        for (const key of models) track(tx.objectStore('models').delete(key));
        return models.length;
      });
    });
    // Room came back when the use fell by half the evicted events' share of it or more. Measured (round 41a): in a
    // shopper's profile a round of 1,000 of 5,000 events fell by 0.65 to 0.87 of their share (the rest of the use is
    // the catalog, the profile, the model files); in a private window, where no round gives room back, the files still
    // shrink now and then as they are compacted, by up to 0.45 of a round's share. NaN: not measured.
    const fell = before - (await used());
    if (held && fell === fell) gives = fell * 2 * held > before * freed;
    return freed;
  };

  /** Runs a write; on a quota error frees room (see makeRoom) and tries once more. Rejects only with a StorageFailure. */
  const write = async <T>(what: string, op: (db: Db) => Promise<T>): Promise<T> => {
    for (let freed = 0; ; ) {
      try {
        return await conn.run(op).finally(() => (wroteAt = Date.now()));
      } catch (e) {
        if (!isQuotaError(e)) throw fail(e, what);
      }
      // Another round only while the last gave its room back.
      if ((freed && !gives) || !(freed = await makeRoom().catch((e: unknown) => {
        throw fail(e, what);
      }))) {
        throw new StorageFailure(
          'quota',
          `[clientele] storage "${name}" is full: writing ${what} failed even after evicting the ${freed} oldest records (events, then cached site models); free space for this site in the browser or lower config.retention.maxEvents`,
        );
      }
    }
  };

  /**
   * Writes a cache of public data (the catalog feed, site-model files). A full quota fails it at once: room is made
   * for events at the caches' expense, never the other way round, and a cache not written costs the next page a fetch.
   */
  const cacheWrite = async <T>(what: string, op: (db: Db) => Promise<T>): Promise<T> => {
    try {
      return await conn.run(op);
    } catch (e) {
      throw isQuotaError(e) ? new StorageFailure('quota', `[clientele] storage "${name}" is full: ${what} not cached`) : fail(e, what);
    }
  };

  const read = async <T>(op: (db: Db) => Promise<T>): Promise<T> => {
    try {
      // Once more when the browser aborted the transaction (a one-off disk error, a connection closed under it): a
      // read changes nothing, and a row or an export is not lost to it. Not when storage is blocked or closed.
      return await conn.run(op).catch((e: unknown) => (e instanceof StorageFailure ? Promise.reject(e) : conn.run(op)));
    } catch (e) {
      if (e instanceof StorageFailure) throw e;
      throw new StorageFailure('storage', `[clientele] reading storage "${name}" failed (${describe(e)})`);
    }
  };

  /**
   * The one write path for events: folds rows older builds wrote into chunks, adds the new events (appending to the
   * newest chunk while it has room), and applies the retention limits, all in one transaction.
   */
  const writeEvents = async (unique: Map<string, RawEvent>, opts: PutOptions, limits: EvictionLimits | null) => {
    let products: CatalogItem[] = [];
    const r = await write('events', async (db) => {
      const tx = db.transaction(['chunks', 'events', 'profile', 'meta'], 'readwrite', { durability: 'relaxed' });
      return runTx(tx, async (track) => {
        const chunks = tx.objectStore('chunks');
        const legacy = tx.objectStore('events');
        const meta = tx.objectStore('meta');
        const [stored, erasedAt, keys, legacyCount, was, before] = await Promise.all([
          tx.objectStore('profile').get(PROFILE_KEY).then(soundProfile),
          meta.get(ERASED_AT) as Promise<number | undefined>,
          chunks.getAllKeys(),
          legacy.count(),
          meta.get(CLAMPED),
          meta.get(HELD),
        ]);
        const clamped = Array.isArray(was) ? was : [];
        const rows = legacyCount ? soundEvents(await legacy.getAll()) : [];
        const total = keys.reduce((n, k) => n + k[2], 0);
        let lo = Infinity;
        for (const e of unique.values()) lo = Math.min(lo, e.timestamp);
        for (const r of rows) lo = Math.min(lo, r.timestamp);
        const last = keys[keys.length - 1];
        const open = last && last[2] < CHUNK_SIZE && unique.size > 0;
        // Any chunk holding a copy of an incoming event reaches at least as late as that event.
        const [overlap, tail] = await Promise.all([
          lo < Infinity ? chunks.index('by-max-ts').getAll(IDBKeyRange.lowerBound(lo)).then(soundChunks) : Promise.resolve([]),
          open ? chunks.get(last).then(soundChunk) : Promise.resolve(null),
        ]);
        const seen = new Set<string>(clamped.filter((id) => unique.has(id)));
        for (const c of overlap) for (const e of c.events) seen.add(e.message_id);
        const moved = rows.filter((r) => !seen.has(r.message_id) && (seen.add(r.message_id), true));
        const floor = Math.max(typeof erasedAt === 'number' ? erasedAt : -Infinity, unwrittenMark);
        if (unwrittenMark > (erasedAt ?? -Infinity)) track(meta.put(unwrittenMark, ERASED_AT));
        const fresh = [...unique.values()].filter((e) => !seen.has(e.message_id) && e.timestamp >= floor);
        const more = opts.clamped?.size ? fresh.filter((e) => opts.clamped!.has(e.message_id)).map((e) => e.message_id) : [];
        if (more.length) track(meta.put(clamped.concat(more).slice(-CLAMPED_KEEP), CLAMPED));
        const known = new Map<string, EventChunk>();
        const allKeys = keys.slice();
        const add = (c: EventChunk) => {
          track(chunks.put(c));
          known.set(chunkKeyText(chunkKey(c)), c);
          allKeys.push(chunkKey(c));
        };
        if (rows.length) track(legacy.clear());
        if (fresh.length) {
          // The session is read and written in this transaction, so two tabs writing at once share one session.
          const profile = stored ?? toStore(opts.now);
          const s = sessionize(profile, fresh, opts.sessionTimeoutMs, randomId);
          let pending = s.events;
          if (tail && tail.count + pending.length <= CHUNK_SIZE) {
            track(chunks.delete(last));
            allKeys.pop();
            add(toChunk(byTime(tail.events.concat(pending))));
            pending = [];
          }
          for (const c of packChunks(pending)) add(c);
          track(tx.objectStore('profile').put({ ...profile, session: s.session, user_id: s.user_id, traits: s.traits, updated_at: opts.now }, PROFILE_KEY));
          products = catalogFromEvents(fresh);
          if (opts.alsoMeta) {
            const { key, change } = opts.alsoMeta;
            track(meta.put(change(await meta.get(key), new Set(fresh.map((e) => e.message_id))), key));
          }
        }
        for (const c of packChunks(moved)) add(c);
        const evicted = limits ? await evictChunks(chunks, allKeys.sort(cmpKeys), limits, track, known) : 0;
        // The room a quota round freed is taken up once as many events are stored (see makeRoom). Not by a write that
        // only deletes (retention): a full quota lets it through, and would refuse the put. Nor when it says what the
        // store holds already: at the count limit, each batch evicts as many as it adds.
        const added = total + fresh.length + moved.length;
        const held = added - evicted;
        // A round that gave its room back left none to take up.
        if (added > total && held !== before && (gives || !((before as number) > added))) track(meta.put(held, HELD));
        return { fresh: fresh.length, evicted };
      });
    });
    if (r.fresh) stored(r);
    // What the events say about their products goes into the catalog in a transaction of its own, after them: the
    // events are stored (and the page told so) without waiting for it, and the next batch's events, in other object
    // stores, are written while it runs. A first burst of new products cost its batch 350 ms. Readers of the catalog
    // wait for it (settled). It is derived data: a write that fails loses nothing the events do not still hold.
    if (products.length) {
      const items = products;
      // Not through write(): room is never made for derived data by evicting events.
      catalogWrites = catalogWrites.then(() => conn.run(mergeCatalog(items, knownCatalog))).catch(() => undefined);
    }
    return r;
  };
  /** An erasure's time a full quota kept from being stored (see erase): refused by, and stored with, the next write. */
  let unwrittenMark = -Infinity;
  /** The profile handed out before anything may be stored (getProfile(false)); the first one stored is this one. */
  let unstored: Profile | null = null;
  /**
   * The profile a first write stores: the one handed out before anything could be stored, else a new one. Kept until
   * a write has stored it (see stored): one that fails (a full quota) and is tried again stores the same visitor.
   */
  const toStore = (now: number): Profile => (unstored ??= newProfile(now, randomId));
  /** After a write that stored the profile: the one handed out is in the store now (another tab may erase it there). */
  const stored = <T>(v: T): T => ((unstored = null), v);
  /** Catalog merges of stored events still being written (see writeEvents). */
  let catalogWrites: Promise<unknown> = Promise.resolve();
  /** Merges `items` into the catalog in a transaction of its own (mergeIntoCatalog), for a connection's run(). */
  const mergeCatalog = (items: CatalogItem[], known: Map<string, CatalogItem> | null, feedSlice = false) => async (db: Db) => {
    const tx = db.transaction('catalog', 'readwrite', { durability: 'relaxed' });
    // Put through the bare store: a request with no listener reports its failure by aborting the transaction, which
    // runTx awaits. Wrapped, each put cost a success event into JS and its promise (0.4 ms each, 300 for a feed).
    const bare = unwrap(tx.store);
    await runTx(tx, () => mergeIntoCatalog(tx.store, items, known, (item) => void bare.put(item), feedSlice));
  };

  /**
   * Recent chunks by key. A chunk is never changed in place (a rewrite gets a new key), so a cached one stays true:
   * the engine's frequent "anything new since?" read costs one request for keys when nothing changed.
   */
  const recentChunks = new Map<string, EventChunk>();
  const readEvents = async (db: Db, since?: number): Promise<StoredEvent[]> => (await readRecent(db, since)).events;

  const readRecent = async (db: Db, since?: number, seen?: ReadonlySet<string>): Promise<Recent> => {
    const tx = db.transaction(['chunks', 'events'], 'readonly');
    const chunks = tx.objectStore('chunks');
    const [all, rows] = await Promise.all([chunks.getAllKeys(), tx.objectStore('events').getAll().then((r) => byTime(soundEvents(r)))]);
    // Keys sort by the chunk's oldest event first.
    const span = { count: all.reduce((n, k) => n + k[2], rows.length), oldest: Math.min(all[0]?.[0] ?? Infinity, rows[0]?.timestamp ?? Infinity) };
    if (since === undefined || since === -Infinity) return { events: flatten(await chunks.getAll(), rows), ...span, chunks: all.map(chunkKeyText) };
    const keys = await chunks.index('by-max-ts').getAllKeys(IDBKeyRange.lowerBound(since));
    // A chunk is never changed in place: one the reader already has is not read again (after a burst, some 30 of them
    // lie inside the lookback).
    const wanted = keys.filter((k) => !seen?.has(chunkKeyText(k)));
    const got = await Promise.all(wanted.map((k) => recentChunks.get(chunkKeyText(k)) ?? chunks.get(k).then(soundChunk)));
    got.forEach((c, i) => c && recentChunks.set(chunkKeyText(wanted[i]), c));
    for (const k of recentChunks.keys()) if (recentChunks.size > 16) recentChunks.delete(k);
    return { events: flatten(got.filter((c): c is EventChunk => !!c), rows), ...span, chunks: keys.map(chunkKeyText) };
  };

  return {
    name,
    kind: 'indexeddb',

    async putEvents(batch, opts) {
      const unique = uniqueEvents(batch);
      if (unique.size === 0) return 0;
      return (await writeEvents(unique, opts, opts.retention ? retentionLimits({ ...opts.retention, now: opts.now }) : null)).fresh;
    },

    events(query = {}) {
      return read(async (db) => selectEvents(await readEvents(db, query.since), query));
    },

    recent(since, seen) {
      return read((db) => readRecent(db, since, seen));
    },

    countEvents() {
      return read(async (db) => {
        const tx = db.transaction(['chunks', 'events'], 'readonly');
        const [keys, rows] = await Promise.all([tx.objectStore('chunks').getAllKeys(), tx.objectStore('events').count()]);
        return keys.reduce((n, k) => n + k[2], rows);
      });
    },

    upsertCatalog(items, opts = {}) {
      const now = opts.now ?? clock();
      const merged = catalogFromItems(items, now);
      if (merged.length === 0) return Promise.resolve(0);
      for (const m of merged) knownCatalog.delete(m.product_id);
      // A big feed goes in slices of neighbouring ids, a transaction each: one transaction of 50,000 puts held
      // Chromium's IndexedDB for 9 s, and every read queued behind it (rows waited out their 10 s deadline).
      return (async () => {
        for (const slice of idSlices(merged, FEED_SLICE)) await cacheWrite('catalog items', mergeCatalog(slice, null, true));
        return merged.length;
      })();
    },

    async catalog() {
      await catalogWrites;
      return read(async (db) => {
        const all = new Map(soundItems(await db.getAll('catalog')).map((item) => [item.product_id, item]));
        knownCatalog = new Map(all);
        return all;
      });
    },

    getProfile(create = true) {
      return read(async (db) => {
        const found = soundProfile(await db.get('profile', PROFILE_KEY));
        if (found) return found;
        if (!create) return (unstored ??= newProfile(clock(), randomId));
        // Re-check inside a write transaction: two tabs starting at once must not mint two anonymous ids.
        const tx = db.transaction('profile', 'readwrite');
        try {
          return await runTx(tx, async (track) => {
            const again = soundProfile(await tx.store.get(PROFILE_KEY));
            if (again) return again;
            const created = toStore(clock());
            track(tx.store.put(created, PROFILE_KEY));
            return created;
          }).then(stored);
        } catch (e) {
          // A full quota refuses even the visitor's id: the page goes on with it in memory (rows from the catalog and
          // the site model), stored by the first write that finds room.
          if (!isQuotaError(e)) throw e;
          return toStore(clock());
        }
      });
    },

    setProfile(patch, opts = {}) {
      const now = opts.now ?? clock();
      let put = false;
      return write('the profile', async (db) => {
        const tx = db.transaction(['profile', 'meta'], 'readwrite');
        return runTx(tx, async (track) => {
          const profiles = tx.objectStore('profile');
          const [found, erasedAt] = await Promise.all([profiles.get(PROFILE_KEY).then(soundProfile), tx.objectStore('meta').get(ERASED_AT) as Promise<number | undefined>]);
          if (patch.identified_at !== undefined && patch.identified_at < Math.max(erasedAt ?? -Infinity, unwrittenMark)) return found ?? unstored ?? newProfile(now, randomId);
          if (!found && opts.create === false) return (unstored = applyProfilePatch(unstored ?? newProfile(now, randomId), patch, now));
          const next = applyProfilePatch(found ?? toStore(now), patch, now);
          track(profiles.put(next, PROFILE_KEY));
          put = true;
          return next;
        });
      }).then((p) => (put ? stored(p) : p));
    },

    currentSession(opts) {
      return write('the session', async (db) => {
        const tx = db.transaction('profile', 'readwrite');
        return runTx(tx, async (track) => {
          const profile = soundProfile(await tx.store.get(PROFILE_KEY)) ?? toStore(opts.now);
          const s = profile.session;
          if (s && opts.now - s.lastActivity <= opts.sessionTimeoutMs) return s;
          const session: SessionState = { id: randomId(), startedAt: opts.now, lastActivity: opts.now };
          track(tx.store.put({ ...profile, session, updated_at: opts.now }, PROFILE_KEY));
          return session;
        }).then(stored);
      });
    },

    getModel(key) {
      return read((db) => db.get('models', key));
    },

    putModel(key, model, opts = {}) {
      const record: ModelRecord = { key, version: model.version, manifest: model.manifest, weights: model.weights, stored_at: opts.now ?? clock() };
      return cacheWrite(`site model "${key}"`, async (db) => void (await db.put('models', record)));
    },

    deleteModel(key) {
      return write(`site model "${key}"`, async (db) => void (await db.delete('models', key)));
    },

    getMeta<T>(key: string) {
      return read(async (db) => (await db.get('meta', key)) as T | undefined);
    },

    // Bookkeeping derived from what is stored (cached files, a signature) is never worth an event; an arm is (state).
    putMeta(key, value, opts = {}) {
      return (opts.state ? write : cacheWrite)(`meta "${key}"`, async (db) => void (await db.put('meta', value, key)));
    },

    updateMeta(key, change, opts = {}) {
      return (opts.state ? write : cacheWrite)(`meta "${key}"`, async (db) => {
        const tx = db.transaction('meta', 'readwrite');
        const next = change((await tx.store.get(key)) as never);
        await Promise.all([tx.store.put(next, key), tx.done]);
        return next;
      });
    },

    deleteMeta(key) {
      return cacheWrite(`meta "${key}"`, async (db) => void (await db.delete('meta', key)));
    },

    async enforceRetention(opts) {
      return (await writeEvents(new Map(), { sessionTimeoutMs: 0, now: opts.now }, retentionLimits(opts))).evicted;
    },

    async exportAll(opts = {}) {
      await catalogWrites;
      return read(async (db) => {
        const tx = db.transaction(['profile', 'catalog'], 'readonly');
        const [events, profile, catalogSize] = await Promise.all([readEvents(db), tx.objectStore('profile').get(PROFILE_KEY).then(soundProfile), tx.objectStore('catalog').count()]);
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

    async erase(opts = {}) {
      const at = opts.at ?? clock();
      // The next visitor gets a new anonymous id, whatever was handed out before.
      unstored = null;
      // A catalog merge of earlier events must not land after the erasure.
      await catalogWrites;
      knownCatalog = new Map();
      const erased = (await conn.run(async (db) => {
        // The catalog goes too: items captured from events, with their times, tell what the visitor looked at, and so
        // do the site model's files fetched for them (a shard holds a few products). Its head stays: the same for
        // every visitor, it keeps rows ranking; the files come again as they are needed.
        const tx = db.transaction(ERASED_STORES, 'readwrite');
        return runTx(tx, async (track) => {
          // A forget() replayed late (parked by a page that closed) does not move the mark back past a later one.
          // What was tracked or identified after `at` stays: the new visitor's, when the erasure is applied late.
          const [before, later, legacy, profile] = await Promise.all([
            tx.objectStore('meta').get(ERASED_AT) as Promise<number | undefined>,
            tx.objectStore('chunks').index('by-max-ts').getAll(IDBKeyRange.lowerBound(at, true)).then(soundChunks),
            tx.objectStore('events').getAll().then(soundEvents),
            tx.objectStore('profile').get(PROFILE_KEY).then(soundProfile),
          ]);
          clearVisitor(tx, track);
          const ids = new Set<string>();
          const kept = afterErasure(profile, later.flatMap((c) => c.events).concat(legacy).filter((e) => !ids.has(e.message_id) && !!ids.add(e.message_id)), at, clock(), randomId, opts.upTo);
          for (const c of packChunks(kept.events)) track(tx.objectStore('chunks').put(c));
          // Products known only from the events kept are known still (the public feed goes back in: eraseHere).
          for (const item of catalogFromEvents(kept.events)) track(tx.objectStore('catalog').put(item));
          if (kept.profile) track(tx.objectStore('profile').put(kept.profile, PROFILE_KEY));
          track(tx.objectStore('meta').put(typeof before === 'number' && before > at ? before : at, ERASED_AT));
        });
      }).then(() => true, (e: unknown) => {
        if (!isQuotaError(e)) throw fail(e, 'the erasure');
        return false;
      }));
      if (erased) return;
      // A full quota refuses the erasure's puts (what it keeps, its mark), and with them its deletes. Deletes alone are
      // taken: everything about the visitor goes, what came after a late one too, and the mark waits in memory for
      // the next write that finds room (writeEvents). Room is never made for it by evicting: it frees all there is.
      unwrittenMark = Math.max(unwrittenMark, at);
      await conn.run(async (db) => {
        const tx = db.transaction(ERASED_STORES, 'readwrite');
        return runTx(tx, async (track) => clearVisitor(tx, track));
      }).catch((e: unknown) => {
        throw fail(e, 'the erasure');
      });
    },

    noteErasure(at) {
      // A full quota can have kept the mark from being stored by the tab that forgot (see erase).
      unwrittenMark = Math.max(unwrittenMark, at);
    },

    close() {
      conn.close();
    },
  };
}

/** True when merging `item` into `known` would change no field but the time. */
const adds = (known: CatalogItem | undefined, item: CatalogItem): boolean => {
  if (!known) return true;
  const merged = mergeCatalogItem(known, item);
  merged.updated_at = known.updated_at;
  return !sameCatalogItem(known, merged);
};

/**
 * Merges items into the catalog store of a running transaction, writing only the ones that changed. With `known`
 * (what this store last saw), items that add nothing to it are skipped without a request. `feedSlice`: the items are a
 * slice of a catalog feed in key order (idSlices): read by their key range, and not rewritten for their time alone.
 */
async function mergeIntoCatalog(catalog: { get(id: string): Promise<CatalogItem | undefined>; getAll(range?: IDBKeyRange): Promise<CatalogItem[]> }, items: CatalogItem[], known: Map<string, CatalogItem> | null, put: (item: CatalogItem) => void, feedSlice = false): Promise<void> {
  const todo = known ? items.filter((i) => adds(known.get(i.product_id), i)) : items;
  if (todo.length === 0) return;
  // Many products at once (a feed, a first burst): one read of the catalog beats a request per product; for a slice
  // of ids in key order, of its own key range only.
  const range = feedSlice && todo.length > 1 ? IDBKeyRange.bound(todo[0].product_id, todo[todo.length - 1].product_id) : undefined;
  const all = todo.length > 64 ? new Map(soundItems(await catalog.getAll(range)).map((i) => [i.product_id, i])) : null;
  const old = all ? todo.map((i) => all.get(i.product_id)) : await Promise.all(todo.map((i) => catalog.get(i.product_id).then((v) => soundItem(v) ?? undefined)));
  todo.forEach((item, i) => {
    const merged = mergeCatalogItem(old[i], item);
    known?.set(merged.product_id, merged);
    // A feed's items are stamped with the page's start: one that says nothing new is not written again for its time
    // alone (a 50,000-product feed rewrote every product on every page).
    if (!sameCatalogItem(old[i], merged) && !(feedSlice && old[i] && sameCatalogItem({ ...old[i], updated_at: merged.updated_at }, merged))) put(merged);
  });
}

/**
 * The well-formed events of a batch by message_id; the same id twice in one batch is one event, the first copy wins.
 * @example uniqueEvents([a, a, { message_id: '' }]).size // 1
 */
export function uniqueEvents(batch: ReadonlyArray<RawEvent>): Map<string, RawEvent> {
  const unique = new Map<string, RawEvent>();
  for (const e of batch) if (isValidRaw(e) && !unique.has(e.message_id)) unique.set(e.message_id, e);
  return unique;
}

/** Products a feed writes per transaction (see upsertCatalog): some 100-400 ms of IndexedDB's time each. */
export const FEED_SLICE = 2000;

/**
 * `items` in key order (IndexedDB's string order: UTF-16 code units, as `<` compares), cut into slices of `size`.
 * @example idSlices([{ product_id: 'b' }, { product_id: 'a' }, { product_id: 'c' }], 2) // [[a, b], [c]]
 */
export function idSlices<T extends { product_id: string }>(items: ReadonlyArray<T>, size: number): T[][] {
  const sorted = [...items].sort((a, b) => (a.product_id < b.product_id ? -1 : a.product_id > b.product_id ? 1 : 0));
  const out: T[][] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(sorted.slice(i, i + size));
  return out;
}

/** Validates and merges raw feed items by product id; items without a usable product id are dropped. */
export function catalogFromItems(items: ReadonlyArray<unknown>, now: number): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  for (const raw of items) {
    const item = toCatalogItem(raw);
    if (!item) continue;
    if (item.updated_at === undefined) item.updated_at = now;
    byId.set(item.product_id, mergeCatalogItem(byId.get(item.product_id), item));
  }
  return [...byId.values()];
}
