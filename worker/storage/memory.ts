// The store for a page without usable IndexedDB (private modes, storage disabled by policy, a database that will not
// open): the same interface and rules as the IndexedDB store, held in the worker's memory for the page's life.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import { catalogFromEvents, mergeCatalogItem } from './catalog.ts';
import { randomId } from './ids.ts';
import { afterErasure, applyProfilePatch, newProfile } from './profile.ts';
import { byTime, selectEvents } from './query.ts';
import { retentionLimits } from './retention.ts';
import { dbName, MODEL_FILE, type ModelRecord, type Profile } from './schema.ts';
import { sessionize } from './sessions.ts';
import { catalogFromItems, uniqueEvents, type Store, type StoreOptions } from './store.ts';

/**
 * A store that keeps everything in memory. Nothing survives the worker, and nothing is shared with other tabs.
 * @example const store = createMemoryStore('shop'); await store.putEvents(batch, { sessionTimeoutMs: 30 * 60_000, now: Date.now() });
 */
export function createMemoryStore(siteId: string, options: Pick<StoreOptions, 'now'> = {}): Store {
  const clock = options.now ?? Date.now;
  let events: StoredEvent[] = [];
  let ids = new Set<string>();
  let profile: Profile | null = null;
  let catalog = new Map<string, CatalogItem>();
  let meta = new Map<string, unknown>();
  let erasedAt = -Infinity;
  const models = new Map<string, ModelRecord>();
  // Values are copied in and out, as IndexedDB's structured clone would, so callers cannot change what is stored.
  const copy = <T>(v: T): T => structuredClone(v);
  const touch = (now: number) => (profile ??= newProfile(now, randomId));

  const evict = (limits: { cutoff: number; keep: number }): number => {
    const before = events.length;
    let from = 0;
    while (from < events.length && events[from].timestamp < limits.cutoff) from++;
    from = Math.max(from, events.length - limits.keep);
    if (from > 0) {
      for (const e of events.slice(0, from)) ids.delete(e.message_id);
      events = events.slice(from);
    }
    return before - events.length;
  };

  return {
    name: dbName(siteId),
    kind: 'memory',

    async putEvents(batch, opts) {
      const fresh = [...uniqueEvents(batch).values()].filter((e) => !ids.has(e.message_id) && e.timestamp >= erasedAt).map(copy);
      if (fresh.length) {
        const p = touch(opts.now);
        const s = sessionize(p, fresh, opts.sessionTimeoutMs, randomId);
        for (const e of s.events) ids.add(e.message_id);
        events = byTime(events.concat(s.events));
        profile = { ...p, session: s.session, user_id: s.user_id, traits: s.traits, updated_at: opts.now };
        for (const item of catalogFromEvents(fresh)) catalog.set(item.product_id, mergeCatalogItem(catalog.get(item.product_id), item));
        if (opts.alsoMeta) meta.set(opts.alsoMeta.key, copy(opts.alsoMeta.change(copy(meta.get(opts.alsoMeta.key)), new Set(fresh.map((e) => e.message_id)))));
      }
      if (opts.retention) evict(retentionLimits({ ...opts.retention, now: opts.now }));
      return fresh.length;
    },
    async events(query) {
      return copy(selectEvents(events, query));
    },
    async recent(since) {
      return { events: copy(selectEvents(events, { since })), count: events.length, oldest: events[0]?.timestamp ?? Infinity, chunks: [] };
    },
    async countEvents() {
      return events.length;
    },
    async upsertCatalog(items, opts = {}) {
      const merged = catalogFromItems(items, opts.now ?? clock());
      for (const item of merged) catalog.set(item.product_id, mergeCatalogItem(catalog.get(item.product_id), item));
      return merged.length;
    },
    async catalog() {
      return copy(catalog);
    },
    // Nothing here outlives the page, so a profile made up before consent is no different from one kept.
    async getProfile() {
      return copy(touch(clock()));
    },
    async setProfile(patch, opts = {}) {
      const now = opts.now ?? clock();
      if (patch.identified_at !== undefined && patch.identified_at < erasedAt) return copy(touch(now));
      profile = applyProfilePatch(touch(now), copy(patch), now);
      return copy(profile);
    },
    async currentSession(opts) {
      const p = touch(opts.now);
      const s = p.session;
      if (s && opts.now - s.lastActivity <= opts.sessionTimeoutMs) return copy(s);
      profile = { ...p, session: { id: randomId(), startedAt: opts.now, lastActivity: opts.now }, updated_at: opts.now };
      return copy(profile.session!);
    },
    async getModel(key) {
      return models.get(key);
    },
    async putModel(key, model, opts = {}) {
      models.set(key, { key, version: model.version, manifest: model.manifest, weights: model.weights, stored_at: opts.now ?? clock() });
    },
    async deleteModel(key) {
      models.delete(key);
    },
    async getMeta<T>(key: string) {
      return copy(meta.get(key)) as T | undefined;
    },
    async putMeta(key, value) {
      meta.set(key, copy(value));
    },
    async updateMeta(key, change) {
      const next = change(copy(meta.get(key)) as never);
      meta.set(key, copy(next));
      return next;
    },
    async deleteMeta(key) {
      meta.delete(key);
    },
    async enforceRetention(opts) {
      return evict(retentionLimits(opts));
    },
    async exportAll(opts = {}) {
      return {
        anonymous_id: profile?.anonymous_id ?? null,
        user_id: profile?.user_id ?? null,
        events: copy(events),
        profile: profile ? copy(profile) : {},
        catalog_size: catalog.size,
        consent: profile?.consent ?? null,
        exported_at: new Date(opts.now ?? clock()).toISOString(),
      };
    },
    async erase(opts = {}) {
      const at = opts.at ?? clock();
      // What was tracked or identified after `at` stays: the new visitor's, when the erasure is applied late.
      ({ profile, events } = afterErasure(profile, events, at, clock(), randomId, opts.upTo));
      ids = new Set(events.map((e) => e.message_id));
      catalog = new Map();
      for (const k of models.keys()) if (k.startsWith(MODEL_FILE)) models.delete(k);
      // Products known only from the events kept are known still (the public feed goes back in: eraseHere).
      for (const item of catalogFromEvents(events)) catalog.set(item.product_id, item);
      meta = new Map();
      // A forget() replayed late (parked by a page that closed) does not move the mark back past a later one.
      erasedAt = Math.max(erasedAt, at);
    },
    noteErasure(at) {
      erasedAt = Math.max(erasedAt, at);
    },
    close() {},
  };
}
