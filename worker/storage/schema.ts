// The IndexedDB schema and its history (re-exported by db.ts). Migration steps are append-only: a shipped step is never
// edited, because visitors' browsers hold databases at every version ever released.
import type { DBSchema, IDBPDatabase, IDBPTransaction, StoreNames } from 'idb';
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

export interface ClienteleDB extends DBSchema {
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

/** The single profile record's key in the `profile` store. */
export const PROFILE_KEY = 'visitor';

/**
 * Schema history: step i brings a database from version i to i + 1.
 * v1: events by id and time, the profile, meta. v2: session and event-name indexes, the catalog.
 * v3: the site-model cache.
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
];

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
  for (let v = oldVersion; v < target; v++) MIGRATIONS[v](db, tx);
}
