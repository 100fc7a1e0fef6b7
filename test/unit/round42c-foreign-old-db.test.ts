// A database of the site's name at an older version that is not what that version of Clientele left (other code under
// the name, a damaged profile): the upgrade's steps threw on a store they expected (NotFoundError) or one they make
// that was there (ConstraintError), the upgrade aborted and the site ran in memory on every page
// (round42c-foreign-old-db). It is made again as this version needs it; a genuine older one still keeps its rows.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../worker/storage/connection.ts';
import { DB_VERSION } from '../../worker/storage/schema.ts';

const ALL = ['catalog', 'chunks', 'events', 'meta', 'models', 'profile'];

/** Makes `name` at `version` with `stores` (name: keyPath, or null for out-of-line keys), one record put in the first. */
const make = (name: string, version: number, stores: Record<string, string | null>) => new Promise<void>((resolve, reject) => {
  const o = indexedDB.open(name, version);
  o.onupgradeneeded = () => {
    for (const [s, keyPath] of Object.entries(stores)) o.result.createObjectStore(s, keyPath ? { keyPath } : {});
  };
  o.onsuccess = () => {
    const db = o.result;
    const [first, keyPath] = Object.entries(stores)[0];
    const tx = db.transaction(first, 'readwrite');
    tx.objectStore(first).put(keyPath ? { [keyPath]: 'm1', timestamp: 5, event: 'Old', session_id: 's' } : { a: 1 }, keyPath ? undefined : 'k');
    tx.oncomplete = () => (db.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
  o.onerror = () => reject(o.error);
});

const cases: Array<[string, number, Record<string, string | null>, number]> = [
  ['v1, one store of other code', 1, { legacy: null }, 0],
  ['v2, events and a store v3 makes (ConstraintError)', 2, { events: 'message_id', models: null }, 0],
  ['v3, no events store', 3, { profile: null, meta: null, catalog: 'product_id', models: 'key' }, 0],
  ['v3 as Clientele left it: its row moves into chunks', 3, { events: 'message_id', profile: null, meta: null, catalog: 'product_id', models: 'key' }, 1],
];

describe('an older database Clientele did not make opens at this version with its stores', () => {
  it.each(cases)('%s', async (_label, version, stores, kept) => {
    const name = `round42c-${version}-${Object.keys(stores).join('-')}`;
    await make(name, version, stores);
    const c = createConnection(name);
    const got = await c.run(async (db) => ({ version: db.version, stores: Array.from(db.objectStoreNames).sort(), chunks: (await db.getAll('chunks')).reduce((n, ch) => n + ch.count, 0) }));
    await c.run((db) => db.put('meta', 1, 'written'));
    c.close();
    expect(got).toEqual({ version: DB_VERSION, stores: ALL, chunks: kept });
  });
});
