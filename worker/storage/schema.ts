// The IndexedDB schema and its history (re-exported by db.ts). Migration steps are append-only: a shipped step is never
// edited, because visitors' browsers hold databases at every version ever released.
import type { DBSchema, IDBPDatabase, IDBPObjectStore, IDBPTransaction, StoreNames } from 'idb';
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';

/** The visitor's session as all tabs of a site share it. */
export interface SessionState {
  id: string;
  startedAt: number;
  /** Timestamp of the latest event in the session (ms since epoch). */
  lastActivity: number;
}

/** Everything about the visitor that is not an event. One record, shared by all tabs. */
export interface Profile {
  /** Random UUID issued on first use and again after `erase()`. */
  anonymous_id: string;
  user_id: string | null;
  traits: Record<string, unknown>;
  /** null until the visitor has answered. */
  consent: boolean | null;
  session: SessionState | null;
  /** When the identify() that set `user_id` was called (ms): one made earlier, replayed late, does not undo it. */
  identified_at?: number;
  /** When each trait was last given (ms), so that an erasure applied late keeps only those given after it. */
  traits_at?: Record<string, number>;
  created_at: number;
  updated_at: number;
}

/** A cached site model: what the engine downloaded, keyed by the caller (e.g. the manifest URL). */
export interface ModelRecord {
  key: string;
  version: string;
  manifest: unknown;
  weights: ArrayBuffer;
  stored_at: number;
}

/**
 * Events are stored in chunks of up to CHUNK_SIZE, one record each: IndexedDB costs one round trip per record, so a
 * record per event caps a burst at a few thousand events/s. The key carries the count, so counting reads keys only.
 */
export interface EventChunk {
  /** Oldest and newest event timestamp in the chunk (ms since epoch). */
  min_ts: number;
  max_ts: number;
  /** The first event's message_id: unique, since every event lives in exactly one chunk. */
  id: string;
  count: number;
  /** In timestamp order; events of one millisecond keep the order the page sent them in. */
  events: StoredEvent[];
}

/** A chunk's primary key, `[min_ts, id, count]`: sorted oldest first. */
export type ChunkKey = [number, string, number];

export interface ClienteleDB extends DBSchema {
  chunks: { key: ChunkKey; value: EventChunk; indexes: { 'by-max-ts': number } };
  /** One record per event: written by builds before v4 (and by older tabs still open); folded into chunks. */
  events: {
    key: string;
    value: StoredEvent;
    indexes: {
      'by-timestamp': number;
      // Compound keys so a range over one session or one event name comes back in time order.
      'by-session': [string, number];
      'by-event': [string, number];
    };
  };
  profile: { key: string; value: Profile };
  meta: { key: string; value: unknown };
  catalog: { key: string; value: CatalogItem; indexes: { 'by-updated': number } };
  models: { key: string; value: ModelRecord };
}

export type Db = IDBPDatabase<ClienteleDB>;
type UpgradeTx = IDBPTransaction<ClienteleDB, StoreNames<ClienteleDB>[], 'versionchange'>;
type UpgradeStore<N extends StoreNames<ClienteleDB>> = IDBPObjectStore<ClienteleDB, StoreNames<ClienteleDB>[], N, 'versionchange'>;

/** Events per chunk record. */
export const CHUNK_SIZE = 1000;

/**
 * Packs events into chunks of at most `size`, oldest first (stable: events of one millisecond keep their order).
 * @example packChunks(events).forEach((c) => store.put(c));
 */
export function packChunks(events: ReadonlyArray<StoredEvent>, size = CHUNK_SIZE): EventChunk[] {
  const sorted = events.map((e, i) => [e, i] as const).sort((a, b) => a[0].timestamp - b[0].timestamp || a[1] - b[1]).map(([e]) => e);
  const out: EventChunk[] = [];
  for (let i = 0; i < sorted.length; i += size) out.push(toChunk(sorted.slice(i, i + size)));
  return out;
}

/**
 * A chunk of events already in timestamp order (non-empty).
 * @example toChunk([e1, e2]) // { min_ts: e1.timestamp, max_ts: e2.timestamp, id: e1.message_id, count: 2, events: [e1, e2] }
 */
export function toChunk(events: StoredEvent[]): EventChunk {
  return { min_ts: events[0].timestamp, max_ts: events[events.length - 1].timestamp, id: events[0].message_id, count: events.length, events };
}

/** The primary key of a chunk. */
export const chunkKey = (c: EventChunk): ChunkKey => [c.min_ts, c.id, c.count];

/** The single profile record's key in the `profile` store. */
export const PROFILE_KEY = 'visitor';
/** The prefix of a site-model file's key in the models store (`file:<content hash>`); the head is stored under another. */
export const MODEL_FILE = 'file:';

/**
 * Schema history: step i brings a database from version i to i + 1.
 * v1: events by id and time, the profile, meta. v2: session and event-name indexes, the catalog.
 * v3: the site-model cache. v4: events in chunks (v1-v3 rows move into them).
 */
export const MIGRATIONS: ReadonlyArray<(db: Db, tx: UpgradeTx) => void> = [
  (db) => {
    const events = db.createObjectStore('events', { keyPath: 'message_id' });
    events.createIndex('by-timestamp', 'timestamp');
    db.createObjectStore('profile');
    db.createObjectStore('meta');
  },
  (db, tx) => {
    // Indexes on an existing store are filled from its records by the browser, so v1 events stay queryable.
    const events = tx.objectStore('events');
    events.createIndex('by-session', ['session_id', 'timestamp']);
    events.createIndex('by-event', ['event', 'timestamp']);
    const catalog = db.createObjectStore('catalog', { keyPath: 'product_id' });
    catalog.createIndex('by-updated', 'updated_at');
  },
  (db) => {
    db.createObjectStore('models', { keyPath: 'key' });
  },
  (db, tx) => {
    const chunks = db.createObjectStore('chunks', { keyPath: ['min_ts', 'id', 'count'] });
    chunks.createIndex('by-max-ts', 'max_ts');
    // The upgrade transaction stays open while its own requests run, so the rows move within it.
    void moveRows(tx.objectStore('events'), tx.objectStore('chunks')).catch(() => undefined);
  },
];

async function moveRows(rows: UpgradeStore<'events'>, chunks: UpgradeStore<'chunks'>): Promise<void> {
  const all = await rows.getAll();
  if (!all.length) return;
  for (const c of packChunks(all)) void chunks.put(c);
  await rows.clear();
}

/** The schema version this code writes. */
export const DB_VERSION = MIGRATIONS.length;

/**
 * The database name for a site: two Clientele sites on one origin keep apart.
 * @example dbName('shop') // 'clientele:shop'
 */
export const dbName = (siteId: string): string => `clientele:${siteId}`;

/**
 * Runs every migration step above `oldVersion`, up to `newVersion`; the body of idb's `upgrade` callback.
 * Opening without a version creates a missing database at version 1, so only the steps asked for run.
 * @example openDB<ClienteleDB>(dbName('shop'), DB_VERSION, { upgrade: (db, old, next, tx) => upgrade(db, old, next, tx) });
 */
export function upgrade(db: Db, oldVersion: number, newVersion: number | null, tx: UpgradeTx): void {
  const target = Math.min(newVersion ?? DB_VERSION, DB_VERSION);
  try {
    for (let v = oldVersion; v < target; v++) MIGRATIONS[v](db, tx);
  } catch (e) {
    // A step met a database it was not written for (other code under this name, a damaged profile): a store it uses is
    // missing (NotFoundError) or one it makes is there (ConstraintError). Thrown out of here, the upgrade aborted, every
    // page ran in memory for good and the error reached the page (round42c-foreign-old-db). What it holds is not this
    // code's to read: it is made again as this version needs it, within this upgrade, which other tabs wait for.
    if (!oldVersion) throw e;
    for (const store of Array.from(db.objectStoreNames)) db.deleteObjectStore(store);
    upgrade(db, 0, newVersion, tx);
  }
}
