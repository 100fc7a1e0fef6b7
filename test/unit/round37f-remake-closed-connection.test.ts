// worker/storage/connection.ts deletes and makes again a damaged database (a store or an index not found) once. A
// NotFoundError met on a connection that has since been closed (another tab made the database again first, and its
// versionchange closed this one; or close()) must not delete: the database is then the one made again, holding what
// the other tab stored in it since.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../worker/storage/connection.ts';
import { DB_VERSION } from '../../worker/storage/schema.ts';

/** A database `name` at this build's version holding the stores but none of their indexes. */
const damaged = (name: string) => new Promise<void>((resolve, reject) => {
  const o = indexedDB.open(name, DB_VERSION);
  o.onupgradeneeded = () => {
    const db = o.result;
    db.createObjectStore('events', { keyPath: 'message_id' });
    db.createObjectStore('profile');
    db.createObjectStore('meta');
    db.createObjectStore('catalog', { keyPath: 'product_id' });
    db.createObjectStore('models', { keyPath: 'key' });
    db.createObjectStore('chunks', { keyPath: ['min_ts', 'id', 'count'] });
  };
  o.onsuccess = () => (o.result.close(), resolve());
  o.onerror = () => reject(o.error);
});

const notFound = () => new DOMException('One of the specified object stores or indexes was not found.', 'NotFoundError');

describe('a damaged database made again by one tab is not deleted by another tab that met the damage earlier', () => {
  for (const how of ['another tab made it again', 'the owner closed it'] as const) {
    it(how, async () => {
      const name = `round37f-${how}`;
      await damaged(name);
      const x = createConnection(name);
      await x.run(async () => undefined);
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      // X meets the damage, and its failure is handled only after what follows (a worker busy meanwhile).
      const xRun = x.run(async () => { await gate; throw notFound(); }).then(() => 'ok', (e: unknown) => String((e as Error)?.name));
      const y = createConnection(name);
      if (how === 'another tab made it again') {
        // Y meets it too, deletes and makes the database again, and stores there (X's connection closed by its versionchange).
        await y.run(async (db) => { db.transaction('chunks').objectStore('chunks').index('by-max-ts'); });
      } else {
        x.close();
      }
      await y.run(async (db) => { await db.put('meta', 'kept', 'stored-since'); });
      release();
      await xRun;
      const kept = await y.run((db) => db.get('meta', 'stored-since'));
      const indexes = await y.run(async (db) => Array.from(db.transaction('chunks').objectStore('chunks').indexNames));
      y.close();
      x.close();
      expect(kept).toBe('kept');
      if (how === 'another tab made it again') expect(indexes).toContain('by-max-ts');
    });
  }
});
