// Eviction of old events, oldest first, from the chunk store of a caller's readwrite transaction. Whole chunks go
// by key alone; only the one chunk that straddles the limit is read and rewritten.
import type { IDBPObjectStore, StoreNames } from 'idb';
import type { Track } from './tx.ts';
import { chunkKey, toChunk, type ChunkKey, type ClienteleDB, type EventChunk } from './schema.ts';
import { soundChunk } from './sound.ts';

export type ChunkStore = IDBPObjectStore<ClienteleDB, ArrayLike<StoreNames<ClienteleDB>>, 'chunks', 'readwrite'>;

const DAY_MS = 86_400_000;
const keyText = (k: ChunkKey) => `${k[0]}\u0000${k[1]}\u0000${k[2]}`;

/** What eviction may remove: events older than `cutoff` (ms since epoch), then the oldest beyond `keep`. */
export interface EvictionLimits {
  cutoff: number;
  keep: number;
}

/**
 * The limits the retention policy sets at `now`.
 * @example retentionLimits({ maxAgeDays: 400, maxEvents: 50_000, now: Date.now() }) // { cutoff: now - 400 days, keep: 50000 }
 */
export function retentionLimits(opts: { maxAgeDays: number; maxEvents: number; now: number }): EvictionLimits {
  return {
    cutoff: Number.isFinite(opts.maxAgeDays) && opts.maxAgeDays > 0 ? opts.now - opts.maxAgeDays * DAY_MS : -Infinity,
    keep: Number.isFinite(opts.maxEvents) && opts.maxEvents >= 0 ? Math.floor(opts.maxEvents) : Infinity,
  };
}

/**
 * Evicts events past the limits from `store`, oldest chunk first; returns how many went.
 * `keys` are all chunk keys in key order (oldest first); `known` holds chunks this transaction already has in hand.
 * @example await runTx(tx, async (track) => evictChunks(tx.store, await tx.store.getAllKeys(), { cutoff: -Infinity, keep: 10_000 }, track));
 */
export async function evictChunks(store: ChunkStore, keys: ReadonlyArray<ChunkKey>, limits: EvictionLimits, track: Track, known = new Map<string, EventChunk>()): Promise<number> {
  let total = keys.reduce((n, k) => n + k[2], 0);
  if (total <= limits.keep && (!keys.length || keys[0][0] >= limits.cutoff)) return 0;
  // Chunks whose newest event is past the age limit go whole, unread.
  const old = new Set(Number.isFinite(limits.cutoff) ? (await store.index('by-max-ts').getAllKeys(IDBKeyRange.upperBound(limits.cutoff, true))).map(keyText) : []);
  let evicted = 0;
  for (const k of keys) {
    if (k[0] >= limits.cutoff && total <= limits.keep) break;
    const others = total - k[2];
    if (old.has(keyText(k)) || others >= limits.keep) {
      track(store.delete(k));
      total = others;
      evicted += k[2];
      continue;
    }
    const chunk = known.get(keyText(k)) ?? soundChunk(await store.get(k));
    if (!chunk) continue;
    let left = chunk.events.filter((e) => e.timestamp >= limits.cutoff);
    const room = limits.keep - others;
    if (left.length > room) left = left.slice(left.length - room);
    if (left.length === chunk.count) continue;
    track(store.delete(k));
    if (left.length) {
      const next = toChunk(left);
      track(store.put(next));
      known.set(keyText(chunkKey(next)), next);
    }
    evicted += chunk.count - left.length;
    total = others + left.length;
  }
  return evicted;
}

/**
 * Deletes whole chunks, oldest first, until at least `n` events went; writes nothing, so it works when the quota is
 * already full. Returns how many events went.
 * @example await evictWholeChunks(tx.objectStore('chunks'), keys, 100, track);
 */
export function evictWholeChunks(store: ChunkStore, keys: ReadonlyArray<ChunkKey>, n: number, track: Track): number {
  let evicted = 0;
  for (const k of keys) {
    if (evicted >= n) break;
    track(store.delete(k));
    evicted += k[2];
  }
  return evicted;
}

export { keyText as chunkKeyText };
