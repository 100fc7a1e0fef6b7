// Eviction of old events, oldest first. Runs inside a caller's readwrite transaction; touches only `events`.
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { ClienteleDB } from './schema.ts';

type EventsStore = IDBPObjectStore<ClienteleDB, ArrayLike<StoreNames<ClienteleDB>>, 'events', 'readwrite'>;

const DAY_MS = 86_400_000;

const deleteKeys = async (store: EventsStore, keys: string[]): Promise<number> => {
  // Fire every delete before awaiting: one round of requests, not one per key.
  await Promise.all(keys.map((k) => store.delete(k)));
  return keys.length;
};

/**
 * Deletes events with a timestamp before `cutoff` (ms since epoch); returns how many.
 * @example await evictOlderThan(tx.objectStore('events'), now - 400 * 86_400_000);
 */
export async function evictOlderThan(store: EventsStore, cutoff: number): Promise<number> {
  const keys = await store.index('by-timestamp').getAllKeys(IDBKeyRange.upperBound(cutoff, true));
  return deleteKeys(store, keys);
}

/**
 * Deletes the `n` oldest events; returns how many.
 * @example await evictOldest(tx.objectStore('events'), 100);
 */
export async function evictOldest(store: EventsStore, n: number): Promise<number> {
  if (!(n > 0)) return 0;
  const keys = await store.index('by-timestamp').getAllKeys(null, Math.floor(n));
  return deleteKeys(store, keys);
}

/**
 * Applies the retention policy: first by age, then by count, oldest first; returns how many events went.
 * @example await applyRetention(tx.objectStore('events'), { maxAgeDays: 400, maxEvents: 50_000, now: Date.now() });
 */
export async function applyRetention(store: EventsStore, opts: { maxAgeDays: number; maxEvents: number; now: number }): Promise<number> {
  let evicted = 0;
  if (Number.isFinite(opts.maxAgeDays) && opts.maxAgeDays > 0) evicted += await evictOlderThan(store, opts.now - opts.maxAgeDays * DAY_MS);
  if (Number.isFinite(opts.maxEvents) && opts.maxEvents >= 0) {
    const excess = (await store.count()) - Math.floor(opts.maxEvents);
    if (excess > 0) evicted += await evictOldest(store, excess);
  }
  return evicted;
}
