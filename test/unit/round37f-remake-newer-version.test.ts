// The remake (worker/storage/connection.ts run) is for a database of the site's name *at this build's version* without
// the stores or indexes this build uses (README, "Storage that degrades"). A database a newer build upgraded (this
// code opens it as it is: VersionError) may have moved or renamed one: this build's NotFoundError there is not damage,
// and deleting it erased every visitor's history the newer build keeps (a tab left open on the old build, a rollback).
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../worker/storage/connection.ts';
import { DB_VERSION } from '../../worker/storage/schema.ts';

/** `name` as a newer build might leave it: a version past this build's, chunks' index renamed, one record in meta. */
const newer = (name: string) => new Promise<void>((resolve, reject) => {
  const o = indexedDB.open(name, DB_VERSION + 1);
  o.onupgradeneeded = () => {
    const db = o.result;
    db.createObjectStore('events', { keyPath: 'message_id' });
    db.createObjectStore('profile');
    db.createObjectStore('meta').put('kept', 'newer-build');
    db.createObjectStore('catalog', { keyPath: 'product_id' });
    db.createObjectStore('models', { keyPath: 'key' });
    db.createObjectStore('chunks', { keyPath: ['min_ts', 'id', 'count'] }).createIndex('by-max-ts-v2', 'max_ts');
  };
  o.onsuccess = () => (o.result.close(), resolve());
  o.onerror = () => reject(o.error);
});

describe('a database a newer build upgraded is never deleted by this build', () => {
  it('a NotFoundError there fails the call; what the newer build stored stays', async () => {
    const name = 'round37f-newer';
    await newer(name);
    const c = createConnection(name);
    const r = await c.run(async (db) => { db.transaction('chunks').objectStore('chunks').index('by-max-ts'); return 'ran'; }).then((v) => v, (e: unknown) => (e as Error).name);
    const kept = await c.run((db) => db.get('meta', 'newer-build')).catch(() => undefined);
    const version = await c.run(async (db) => db.version).catch(() => undefined);
    c.close();
    expect(r).toBe('NotFoundError');
    expect(kept).toBe('kept');
    expect(version).toBe(DB_VERSION + 1);
  });
});
