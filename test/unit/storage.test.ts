// The store over fake-indexeddb: idempotence, shared sessions across tabs, retention, export, erase, upgrades,
// other tabs' upgrades and deletions, quota errors.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { RawEvent } from '../../src/contract/events.ts';
import { DB_VERSION, openStore, StorageFailure, type Store } from '../../worker/storage/db.ts';
import { FEED_SLICE, idSlices } from '../../worker/storage/store.ts';

const MIN = 60_000;
const DAY = 86_400_000;
const T0 = 1_700_000_000_000;
const TIMEOUT = 30 * MIN;

let site = 0;
const newSite = () => `test-${++site}-${Math.random().toString(36).slice(2)}`;
const opened: Store[] = [];
const open = async (siteId: string, opts?: Parameters<typeof openStore>[1]) => {
  const s = await openStore(siteId, { now: () => T0, ...opts });
  opened.push(s);
  return s;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const s of opened.splice(0)) s.close();
});

const ev = (id: string, timestamp: number, event = 'Page Viewed', properties: Record<string, unknown> = {}): RawEvent => ({ message_id: id, event, properties, timestamp });
const batch = (prefix: string, n: number, start: number, stepMs = 1000): RawEvent[] =>
  Array.from({ length: n }, (_, i) => ev(`${prefix}-${i}`, start + i * stepMs, i % 3 ? 'Page Viewed' : 'Product Viewed', i % 3 ? {} : { product_id: `p${i % 7}` }));

/** Opens the raw database the way another tab (or an old build) would. */
const rawOpen = (name: string, version: number, upgrade?: (db: IDBDatabase, tx: IDBTransaction) => void): Promise<IDBDatabase> =>
  new Promise((resolve, reject) => {
    const req = indexedDB.open(name, version);
    req.onupgradeneeded = () => upgrade?.(req.result, req.transaction!);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
const rawDone = (tx: IDBTransaction) => new Promise<void>((resolve, reject) => {
  tx.oncomplete = () => resolve();
  tx.onerror = tx.onabort = () => reject(tx.error);
});

describe('putEvents', () => {
  it('stores a batch once: a retried batch and repeats inside a batch are skipped, not doubled', async () => {
    const store = await open(newSite());
    const b = batch('a', 50, T0);
    expect(await store.putEvents(b, { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(50);
    expect(await store.putEvents(b, { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(0);
    expect(await store.putEvents([...b.slice(0, 5), ev('new', T0 + 60_000), ev('new', T0 + 61_000)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect(await store.countEvents()).toBe(51);
    const stored = await store.events();
    expect(new Set(stored.map((e) => e.message_id)).size).toBe(51);
    // The first copy of a repeated id wins.
    expect(stored.find((e) => e.message_id === 'new')!.timestamp).toBe(T0 + 60_000);
  });

  it('returns events in timestamp order whatever the write order, and filters by time, name and session', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('c', T0 + 3000), ev('a', T0 + 1000, 'Product Viewed', { product_id: 'p1' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.putEvents([ev('b', T0 + 2000, 'Product Viewed', { product_id: 'p2' }), ev('d', T0 + 2 * 60 * MIN)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    expect((await store.events()).map((e) => e.message_id)).toEqual(['a', 'b', 'c', 'd']);
    expect((await store.events({ since: T0 + 2000, limit: 2 })).map((e) => e.message_id)).toEqual(['b', 'c']);
    expect((await store.events({ until: T0 + 3000 })).map((e) => e.message_id)).toEqual(['a', 'b']);
    expect((await store.events({ newestFirst: true, limit: 3 })).map((e) => e.message_id)).toEqual(['d', 'c', 'b']);
    expect((await store.events({ event: 'Product Viewed' })).map((e) => e.message_id)).toEqual(['a', 'b']);
    const first = (await store.events({ limit: 1 }))[0].session_id;
    expect((await store.events({ sessionId: first })).map((e) => e.message_id)).toEqual(['a', 'b', 'c']);
    expect((await store.events({ sessionId: first, event: 'Page Viewed' })).map((e) => e.message_id)).toEqual(['c']);
  });

  it('skips malformed events and writes nothing of a batch that cannot be stored', async () => {
    const store = await open(newSite());
    const bad = [ev('ok', T0), { message_id: '', event: 'x', properties: {}, timestamp: T0 }, { message_id: 'nan', event: 'x', properties: {}, timestamp: NaN }] as RawEvent[];
    expect(await store.putEvents(bad, { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    const before = await store.getProfile();
    // A function cannot be stored: the whole batch fails (code 'data': retrying cannot help), including its valid events and the session update.
    const failing = [ev('fine', T0 + 40 * MIN), ev('fn', T0 + 41 * MIN, 'x', { cb: () => 1 })];
    const err = await store.putEvents(failing, { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as StorageFailure).code).toBe('data');
    expect((err as StorageFailure).message).toMatch(/^\[clientele\] writing events to storage "clientele:/);
    expect((await store.events()).map((e) => e.message_id)).toEqual(['ok']);
    expect((await store.getProfile()).session).toEqual(before.session);
  });

  it('captures products from events into the catalog, keeping richer feed data', async () => {
    const store = await open(newSite());
    expect(await store.upsertCatalog([{ product_id: 'p1', name: 'Red Mug', description: 'A large red mug', price: 10 }, { id: 'p2', name: 'Tea' }, { name: 'no id' }], { now: T0 })).toBe(2);
    await store.putEvents([ev('v1', T0 + 1000, 'Product Viewed', { product_id: 'p1', price: 8 }), ev('v2', T0 + 2000, 'Product Added', { product_id: 'p3', name: 'Spoon' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const catalog = await store.catalog();
    expect([...catalog.keys()].sort()).toEqual(['p1', 'p2', 'p3']);
    expect(catalog.get('p1')).toEqual({ product_id: 'p1', name: 'Red Mug', description: 'A large red mug', price: 8, updated_at: T0 + 1000 });
    expect(catalog.get('p3')?.name).toBe('Spoon');
  });

  it('writes a big feed in slices of neighbouring ids: every product once, merged with what was stored, and a feed that says nothing new writes nothing', async () => {
    const store = await open(newSite());
    // a product the pages described before the feed came: the feed's fields win, the page's extra field stays
    await store.putEvents([ev('v1', T0 - 5000, 'Product Viewed', { product_id: 'f-04321', name: 'Old name', brand: 'Acme' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.catalog();
    const feed = Array.from({ length: 3 * FEED_SLICE + 7 }, (_, i) => ({ product_id: `f-${String((i * 7919) % 100_000).padStart(5, '0')}`, name: `Item ${i}`, price: i % 50 }));
    const slices = idSlices(feed, FEED_SLICE);
    expect(slices.map((s) => s.length)).toEqual([FEED_SLICE, FEED_SLICE, FEED_SLICE, 7]);
    expect(slices.flat().map((p) => p.product_id)).toEqual(feed.map((p) => p.product_id).sort());
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    expect(await store.upsertCatalog(feed, { now: T0 })).toBe(feed.length);
    const catalog = await store.catalog();
    expect(catalog.size).toBe(feed.length + (feed.some((p) => p.product_id === 'f-04321') ? 0 : 1));
    expect(catalog.get(feed[1].product_id)).toMatchObject({ name: 'Item 1', price: 1 });
    expect(catalog.get('f-04321')).toMatchObject({ brand: 'Acme' });
    expect(puts.mock.calls.filter(([v]) => (v as { product_id?: string })?.product_id?.startsWith('f-')).length).toBe(feed.length);
    puts.mockClear();
    // the same feed on the next page, stamped with that page's start: nothing to write
    expect(await store.upsertCatalog(feed, { now: T0 + DAY })).toBe(feed.length);
    expect(puts.mock.calls.filter(([v]) => (v as { product_id?: string })?.product_id?.startsWith('f-')).length).toBe(0);
    // one product changed: that one is written
    expect(await store.upsertCatalog(feed.map((p, i) => (i === 5 ? { ...p, price: 999 } : p)), { now: T0 + 2 * DAY })).toBe(feed.length);
    expect(puts.mock.calls.filter(([v]) => (v as { product_id?: string })?.product_id?.startsWith('f-')).length).toBe(1);
    expect((await store.catalog()).get(feed[5].product_id)?.price).toBe(999);
  });

  it('stores events without waiting for their catalog write, which readers and erase wait for', async () => {
    const siteId = newSite();
    const store = await open(siteId);
    const products = Array.from({ length: 500 }, (_, i) => ev(`v${i}`, T0 + i, 'Product Viewed', { product_id: `p${i}`, name: `Item ${i}` }));
    await store.putEvents(products, { sessionTimeoutMs: TIMEOUT, now: T0 });
    // the events are there; the catalog write runs in a transaction of its own, after them
    expect(await store.countEvents()).toBe(500);
    expect((await store.catalog()).size).toBe(500);
    expect((await store.exportAll()).catalog_size).toBe(500);
    // catalog merges queued before an erasure (one still running, one waiting behind it) never land after it
    const more = Array.from({ length: 2000 }, (_, i) => ev(`w${i}`, T0 + 1000 + i, 'Product Viewed', { product_id: `q${i}`, name: `Other ${i}` }));
    await store.putEvents(more, { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.putEvents([ev('late', T0 + 9999, 'Product Viewed', { product_id: 'late-product', name: 'Late' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.erase({ at: T0 + 10_000 });
    const other = await open(siteId);
    expect((await other.catalog()).size).toBe(0);
    expect(await other.countEvents()).toBe(0);
  });
});

describe('sessions', () => {
  it('rolls over after 30 idle minutes and keeps the session across batches within them', async () => {
    const store = await open(newSite());
    const put = (id: string, t: number) => store.putEvents([ev(id, t)], { sessionTimeoutMs: TIMEOUT, now: t });
    await put('a', T0);
    await put('b', T0 + 29 * MIN);
    await put('c', T0 + 58 * MIN); // 29 min after b: same session
    await put('d', T0 + 88 * MIN + 1); // 30 min and 1 ms after c: new session
    const s = (await store.events()).map((e) => e.session_id);
    expect(s[0]).toBe(s[1]);
    expect(s[1]).toBe(s[2]);
    expect(s[3]).not.toBe(s[2]);
    const profile = await store.getProfile();
    expect(profile.session).toEqual({ id: s[3], startedAt: T0 + 88 * MIN + 1, lastActivity: T0 + 88 * MIN + 1 });
  });

  it('honours a configured timeout, and currentSession rolls over by the clock', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('a', T0), ev('b', T0 + 6 * MIN)], { sessionTimeoutMs: 5 * MIN, now: T0 });
    const [a, b] = await store.events();
    expect(a.session_id).not.toBe(b.session_id);
    expect((await store.currentSession({ sessionTimeoutMs: 5 * MIN, now: T0 + 10 * MIN })).id).toBe(b.session_id);
    const next = await store.currentSession({ sessionTimeoutMs: 5 * MIN, now: T0 + 12 * MIN });
    expect(next.id).not.toBe(b.session_id);
    await store.putEvents([ev('c', T0 + 13 * MIN)], { sessionTimeoutMs: 5 * MIN, now: T0 + 13 * MIN });
    expect((await store.events({ newestFirst: true, limit: 1 }))[0].session_id).toBe(next.id);
  });

  it('stamps anonymous_id on every event and user_id once identified', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'u1', traits: { plan: 'pro' } });
    await store.setProfile({ traits: { region: 'EU' } });
    await store.putEvents([ev('b', T0 + 1000)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const [a, b] = await store.events();
    const profile = await store.getProfile();
    expect(a.anonymous_id).toBe(profile.anonymous_id);
    expect(b.anonymous_id).toBe(profile.anonymous_id);
    expect(a.user_id).toBeUndefined();
    expect(b.user_id).toBe('u1');
    expect(profile.traits).toEqual({ plan: 'pro', region: 'EU' });
  });
});

describe('two tabs on one database', () => {
  it('concurrent overlapping batches from two stores: every event once, one session, one anonymous id', async () => {
    const siteId = newSite();
    const [tabA, tabB] = await Promise.all([open(siteId), open(siteId)]);
    const shared = batch('shared', 100, T0, 500);
    const onlyA = batch('a', 100, T0 + 100, 500);
    const onlyB = batch('b', 100, T0 + 200, 500);
    const opts = { sessionTimeoutMs: TIMEOUT, now: T0 };
    const counts = await Promise.all([
      tabA.putEvents([...shared, ...onlyA], opts),
      tabB.putEvents([...onlyB, ...shared], opts),
      tabA.putEvents(shared.slice(0, 50), opts),
      tabB.putEvents(onlyA.slice(50), opts),
    ]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    expect(await tabA.countEvents()).toBe(300);
    expect(await tabB.countEvents()).toBe(300);
    const events = await tabB.events();
    expect(new Set(events.map((e) => e.session_id)).size).toBe(1);
    expect(new Set(events.map((e) => e.anonymous_id)).size).toBe(1);
    const [pa, pb] = await Promise.all([tabA.getProfile(), tabB.getProfile()]);
    expect(pa.anonymous_id).toBe(pb.anonymous_id);
    expect(pa.session?.id).toBe(events[0].session_id);
  });

  it('three tabs racing many overlapping retried batches store each event exactly once', async () => {
    const siteId = newSite();
    const tabs = await Promise.all([open(siteId), open(siteId), open(siteId)]);
    const pool = batch('pool', 400, T0, 1000);
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const sent = new Set<string>();
    const writes: Promise<number>[] = [];
    for (let round = 0; round < 30; round++) {
      for (const tab of tabs) {
        const start = Math.floor(rand() * 380);
        const slice = pool.slice(start, start + 20);
        slice.forEach((e) => sent.add(e.message_id));
        writes.push(tab.putEvents(slice, { sessionTimeoutMs: TIMEOUT, now: T0 }));
      }
    }
    const counts = await Promise.all(writes);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(sent.size);
    const stored = await tabs[0].events();
    expect(stored.map((e) => e.message_id).sort()).toEqual([...sent].sort());
  });

  it('two tabs starting at once mint one anonymous id', async () => {
    const siteId = newSite();
    const [tabA, tabB] = await Promise.all([open(siteId), open(siteId)]);
    const [a, b] = await Promise.all([tabA.getProfile(), tabB.getProfile()]);
    expect(a.anonymous_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.anonymous_id).toBe(b.anonymous_id);
  });
});

describe('retention', () => {
  it('by count: evicts the oldest beyond maxEvents and never the profile', async () => {
    const store = await open(newSite());
    await store.putEvents(batch('e', 120, T0), { sessionTimeoutMs: TIMEOUT, now: T0 });
    const profile = await store.getProfile();
    expect(await store.enforceRetention({ maxAgeDays: 400, maxEvents: 100, now: T0 + DAY })).toBe(20);
    const left = await store.events();
    expect(left.length).toBe(100);
    expect(left[0].message_id).toBe('e-20');
    expect((await store.getProfile()).anonymous_id).toBe(profile.anonymous_id);
    expect(await store.enforceRetention({ maxAgeDays: 400, maxEvents: 100, now: T0 + DAY })).toBe(0);
  });

  it('at the count limit, a batch that evicts as many as it adds writes no meta record (held: the count it already says)', async () => {
    const store = await open(newSite());
    const retention = { maxAgeDays: 400, maxEvents: 100 };
    await store.putEvents(batch('a', 100, T0), { sessionTimeoutMs: TIMEOUT, now: T0, retention });
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    for (let i = 0; i < 5; i++) await store.putEvents(batch(`b${i}`, 10, T0 + 200_000 + i * 20_000), { sessionTimeoutMs: TIMEOUT, now: T0, retention });
    expect(await store.countEvents()).toBe(100);
    expect((await store.events())[0].message_id).toBe('a-50');
    expect(puts.mock.calls.filter((c) => c[1] === 'held')).toEqual([]);
  });

  it('by age: evicts events older than maxAgeDays', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('old1', T0 - 40 * DAY), ev('old2', T0 - 31 * DAY), ev('edge', T0 - 30 * DAY), ev('new', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    expect(await store.enforceRetention({ maxAgeDays: 30, maxEvents: 1000, now: T0 })).toBe(2);
    expect((await store.events()).map((e) => e.message_id)).toEqual(['edge', 'new']);
  });
});

describe('export and erase', () => {
  it('exports the events in order, the profile, consent and catalog size', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('b', T0 + 1, 'Product Viewed', { product_id: 'p1' }), ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'u7', consent: true, traits: { vip: true } });
    const out = await store.exportAll({ now: T0 + 5000 });
    const profile = await store.getProfile();
    expect(out.anonymous_id).toBe(profile.anonymous_id);
    expect(out.user_id).toBe('u7');
    expect(out.consent).toBe(true);
    expect(out.catalog_size).toBe(1);
    expect(out.events.map((e) => e.message_id)).toEqual(['a', 'b']);
    expect(out.profile).toEqual(profile);
    expect(out.exported_at).toBe(new Date(T0 + 5000).toISOString());
    // The export is plain data: it survives a JSON round trip unchanged.
    expect(JSON.parse(JSON.stringify(out))).toEqual(out);
  });

  it('an empty store exports nothing and creates no profile', async () => {
    const store = await open(newSite());
    const out = await store.exportAll();
    expect(out).toMatchObject({ anonymous_id: null, user_id: null, events: [], profile: {}, catalog_size: 0, consent: null });
  });

  it('erase deletes events, profile, traits, meta and catalog, keeps the site model, and issues a new anonymous id', async () => {
    const siteId = newSite();
    const store = await open(siteId);
    await store.putEvents([ev('a', T0, 'Product Viewed', { product_id: 'p1' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'u1', traits: { email: 'x@example.com' } });
    await store.putMeta('fold-in', { vector: [1, 2] });
    await store.putModel('site', { version: 'v1', manifest: { items: 2 }, weights: new Float32Array([1, 2]).buffer });
    const before = await store.getProfile();
    await store.erase();
    const other = await open(siteId);
    expect(await other.countEvents()).toBe(0);
    expect((await other.catalog()).size).toBe(0);
    expect(await other.getMeta('fold-in')).toBeUndefined();
    expect((await other.exportAll()).anonymous_id).toBeNull();
    expect((await other.getModel('site'))?.version).toBe('v1');
    const after = await store.getProfile();
    expect(after.anonymous_id).not.toBe(before.anonymous_id);
    expect(after.user_id).toBeNull();
    expect(after.traits).toEqual({});
  });
});

describe('model cache and meta', () => {
  it('round-trips a model with its weights and small key-values', async () => {
    const store = await open(newSite());
    const weights = new Float32Array([0.5, -1, 3]).buffer;
    await store.putModel('https://shop/model/manifest.json', { version: '2024-01', manifest: { dims: 3 }, weights });
    const got = await store.getModel('https://shop/model/manifest.json');
    expect(got?.version).toBe('2024-01');
    expect(got?.manifest).toEqual({ dims: 3 });
    expect([...new Float32Array(got!.weights)]).toEqual([0.5, -1, 3]);
    expect(await store.getModel('missing')).toBeUndefined();
    await store.putMeta('bucket', 7);
    expect(await store.getMeta<number>('bucket')).toBe(7);
    await store.deleteMeta('bucket');
    expect(await store.getMeta('bucket')).toBeUndefined();
  });
});

describe('schema upgrades', () => {
  it('opens a v1 database written by an older build and keeps its events and profile', async () => {
    const siteId = newSite();
    const name = `clientele:${siteId}`;
    const v1 = await rawOpen(name, 1, (db) => {
      db.createObjectStore('events', { keyPath: 'message_id' }).createIndex('by-timestamp', 'timestamp');
      db.createObjectStore('profile');
      db.createObjectStore('meta');
    });
    const tx = v1.transaction(['events', 'profile', 'meta'], 'readwrite');
    const session = { id: 'old-session', startedAt: T0, lastActivity: T0 + 1000 };
    tx.objectStore('events').put({ message_id: 'old-1', event: 'Page Viewed', properties: {}, timestamp: T0, session_id: 'old-session', anonymous_id: 'anon-1' });
    tx.objectStore('events').put({ message_id: 'old-2', event: 'Product Viewed', properties: { product_id: 'p1' }, timestamp: T0 + 1000, session_id: 'old-session', anonymous_id: 'anon-1' });
    tx.objectStore('profile').put({ anonymous_id: 'anon-1', user_id: null, traits: { a: 1 }, consent: true, session, created_at: T0, updated_at: T0 }, 'visitor');
    tx.objectStore('meta').put('kept', 'note');
    await rawDone(tx);
    v1.close();

    const store = await open(siteId);
    expect((await store.events()).map((e) => e.message_id)).toEqual(['old-1', 'old-2']);
    // Indexes added by later steps cover the records written before them.
    expect((await store.events({ sessionId: 'old-session' })).length).toBe(2);
    expect((await store.events({ event: 'Product Viewed' })).map((e) => e.message_id)).toEqual(['old-2']);
    expect(await store.getMeta('note')).toBe('kept');
    const profile = await store.getProfile();
    expect(profile).toMatchObject({ anonymous_id: 'anon-1', consent: true, traits: { a: 1 } });
    // The stored session continues, and the new stores work.
    await store.putEvents([ev('new-1', T0 + 2000, 'Product Viewed', { product_id: 'p9' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    expect((await store.events({ sessionId: 'old-session' })).length).toBe(3);
    expect((await store.catalog()).has('p9')).toBe(true);
    await store.putModel('m', { version: '1', manifest: null, weights: new ArrayBuffer(4) });
    expect((await store.getModel('m'))?.version).toBe('1');

    const check = await rawOpen(name, DB_VERSION);
    expect(check.version).toBe(DB_VERSION);
    expect([...check.objectStoreNames].sort()).toEqual(['catalog', 'chunks', 'events', 'meta', 'models', 'profile']);
    check.close();
  });

  it('steps aside when another tab upgrades to a newer version, then keeps working on the newer database', async () => {
    const siteId = newSite();
    const store = await open(siteId);
    await store.putEvents([ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    // A newer build in another tab: this must not be blocked by our open connection.
    const newer = await rawOpen(`clientele:${siteId}`, DB_VERSION + 1, (db) => db.createObjectStore('future'));
    newer.close();
    expect(await store.countEvents()).toBe(1);
    expect(await store.putEvents([ev('b', T0 + 1)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect(await store.countEvents()).toBe(2);
  });

  it('lets another tab delete the database, and starts afresh on the next call', async () => {
    const siteId = newSite();
    const store = await open(siteId);
    await store.putEvents([ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await new Promise<void>((resolve, reject) => {
      const req = indexedDB.deleteDatabase(`clientele:${siteId}`);
      req.onsuccess = () => resolve();
      req.onerror = () => reject(req.error);
    });
    expect(await store.countEvents()).toBe(0);
    expect(await store.putEvents([ev('b', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
  });

  it('fails with a clear "blocked" error while an old tab will not let go, and opens once it does', async () => {
    const siteId = newSite();
    const old = await rawOpen(`clientele:${siteId}`, 1, (db) => {
      db.createObjectStore('events', { keyPath: 'message_id' }).createIndex('by-timestamp', 'timestamp');
      db.createObjectStore('profile');
      db.createObjectStore('meta');
    });
    // This old tab ignores versionchange, as a build without a handler would.
    const err = await openStore(siteId, { blockedTimeoutMs: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as StorageFailure).code).toBe('blocked');
    expect((err as StorageFailure).message).toMatch(/^\[clientele\] storage "clientele:test-.*" is blocked: .*close or reload the other tabs$/);
    old.close();
    const store = await open(siteId);
    expect(await store.putEvents([ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
  });

  it('reopens when the connection was closed under it', async () => {
    const store = await open(newSite());
    await store.putEvents([ev('a', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const original = IDBDatabase.prototype.transaction;
    let thrown = 0;
    vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      if (thrown++ === 0) throw new DOMException('The database connection is closing.', 'InvalidStateError');
      return original.apply(this, args);
    });
    expect(await store.putEvents([ev('b', T0 + 1)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect(thrown).toBeGreaterThan(1);
    expect(await store.countEvents()).toBe(2);
  });
});

describe('storage quota', () => {
  const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

  it('on a quota error evicts the oldest chunk of events (a tenth or more, deletes only) and retries', async () => {
    const store = await open(newSite());
    await store.putEvents(batch('old', 2500, T0), { sessionTimeoutMs: TIMEOUT, now: T0 });
    // The catalog merge of those events runs after them (writeEvents): done before the quota fails the next put.
    await store.catalog();
    const original = IDBObjectStore.prototype.put;
    let failures = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (failures === 0) {
        failures++;
        throw quotaError();
      }
      return original.apply(this, args);
    });
    expect(await store.putEvents([ev('fresh', T0 + 30 * DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    const left = await store.events();
    expect(left.length).toBe(1501);
    expect(left[0].message_id).toBe('old-1000');
    expect(left.at(-1)!.message_id).toBe('fresh');
  });

  it('never drops a new event while old ones can go: evicts old events, and with none left cached models, then rejects with a quota StorageFailure and stays usable', async () => {
    const store = await open(newSite());
    await store.putEvents(batch('old', 20, T0), { sessionTimeoutMs: TIMEOUT, now: T0 });
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    const err = await store.putEvents(batch('new', 20, T0 + DAY), { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageFailure);
    expect((err as StorageFailure).code).toBe('quota');
    expect((err as StorageFailure).message).toMatch(/^\[clientele\] storage "clientele:.*" is full: writing events failed even after evicting the 20 oldest records \(events, then cached site models\); free space for this site/);
    put.mockRestore();
    expect(await store.countEvents()).toBe(0);
    expect(await store.putEvents([ev('x', T0 + DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    // A store with no events left frees the cached models.
    const other = await open(newSite());
    await other.putModel('site', { version: 'v1', manifest: null, weights: new ArrayBuffer(8) });
    const again = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    expect(((await other.putEvents(batch('new', 5, T0 + DAY), { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e)) as StorageFailure).code).toBe('quota');
    again.mockRestore();
    expect(await other.getModel('site')).toBeUndefined();
  });

  it('a quota that gives no room back (Chromium frees a deleted record’s room only when it compacts its files): one round of eviction, never the whole history, and none again until new events have taken up the room it freed', async () => {
    const store = await open(newSite());
    await store.putEvents(batch('old', 5000, T0, 10), { sessionTimeoutMs: TIMEOUT, now: T0 });
    const refuse = () => vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    let put = refuse();
    for (let i = 0; i < 5; i++) {
      const err = await store.putEvents([ev(`new-${i}`, T0 + DAY + i)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e);
      expect((err as StorageFailure).code).toBe('quota');
    }
    put.mockRestore();
    // One round (whole chunks holding the oldest tenth), not one per try: 4,000 of 5,000 stay.
    expect(await store.countEvents()).toBe(4000);
    // A small write that fits the room left does not make eviction worth trying again: tried after each, the history
    // went a round at a time. 1,000 events were evicted, 1 has been stored since.
    expect(await store.putEvents([ev('fits', T0 + DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    put = refuse();
    await store.putEvents([ev('again', T0 + DAY + 10)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch(() => undefined);
    put.mockRestore();
    expect(await store.countEvents()).toBe(4001);
  });

  // Measured in Chromium (round 41a): a chunk of events over 64 KB is a file of its own, whose room comes back at once in
  // a shopper's profile (navigator.storage.estimate() falls); in a private window nothing gives room back.
  it('rounds that give room back (the estimate falls) go on, oldest first, until the new events fit; the next page evicts again; one that gives none stops them', async () => {
    const siteId = newSite();
    let store = await open(siteId);
    await store.putEvents(batch('old', 5000, T0, 10), { sessionTimeoutMs: TIMEOUT, now: T0 });
    // A quota with room for 3,000 events (100 B each): a chunk's put is refused while the use last measured and the
    // chunk pass it. Deletes give their room back (the estimate is what the store holds), or, in a private window
    // (`gives` false), nothing: a delete even costs room.
    let gives = true;
    let use = 5000 * 100;
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: (use = gives ? (await store.countEvents()) * 100 : use + 10), quota: 3000 * 100 }) } });
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      const count = (args[0] as { count?: unknown })?.count;
      if (this.name === 'chunks' && typeof count === 'number' && use / 100 + count > 3000) throw quotaError();
      return original.apply(this, args);
    });
    try {
      // 1,000 new events: three rounds of the oldest chunk, each measured, and all 1,000 stored.
      expect(await store.putEvents(batch('new', 1000, T0 + DAY, 10), { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1000);
      const left = await store.events();
      expect(left.length).toBe(3000);
      expect(left[0].message_id).toBe('old-3000');
      expect(left.at(-1)!.message_id).toBe('new-999');
      // The next page (a store of its own) evicts again: the rounds gave room back, so none is waiting to be taken up.
      store.close();
      const next = (store = await open(siteId));
      use = 3000 * 100;
      expect(await next.putEvents(batch('more', 1000, T0 + 2 * DAY, 10), { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1000);
      expect((await next.events())[0].message_id).toBe('old-4000');
      // A round that gives nothing back: that round, no other.
      gives = false;
      use = 3000 * 100;
      const err = await next.putEvents(batch('last', 1000, T0 + 3 * DAY, 10), { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e);
      expect((err as StorageFailure).code).toBe('quota');
      expect(await next.countEvents()).toBe(2000);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('the next page (a new store on the same database) on a still-full quota evicts no second round, and one does once new events have taken up the room', async () => {
    const siteId = newSite();
    const first = await open(siteId);
    await first.putEvents(batch('old', 5000, T0, 10), { sessionTimeoutMs: TIMEOUT, now: T0 });
    const refuse = () => vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    let put = refuse();
    await first.putEvents([ev('p0', T0 + DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch(() => undefined);
    put.mockRestore();
    first.close();
    expect(await (await open(siteId)).countEvents()).toBe(4000);
    // Pages 2 to 6, each a store of its own: the round one of them evicted is the round for all (it was 3,000 to 0).
    for (let p = 1; p < 6; p++) {
      const store = await open(siteId);
      put = refuse();
      expect(((await store.putEvents([ev(`p${p}`, T0 + DAY + p)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch((e: unknown) => e)) as StorageFailure).code).toBe('quota');
      put.mockRestore();
      store.close();
    }
    const last = await open(siteId);
    expect(await last.countEvents()).toBe(4000);
    // Room came back (the files compacted): 1,000 new events take up what the round freed; the next refusal is a new round.
    expect(await last.putEvents(batch('room', 1000, T0 + 2 * DAY, 10), { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1000);
    last.close();
    const next = await open(siteId);
    put = refuse();
    await next.putEvents([ev('full', T0 + 3 * DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch(() => undefined);
    put.mockRestore();
    expect(await next.countEvents()).toBe(4000);
  });
});

describe('storage quota and caches', () => {
  const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  afterEach(() => vi.restoreAllMocks());

  it('a cache write (catalog feed, site-model file) on a full quota fails at once and evicts no event', async () => {
    const store = await open(newSite());
    await store.putEvents(batch('old', 50, T0), { sessionTimeoutMs: TIMEOUT, now: T0 });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    for (const write of [() => store.upsertCatalog([{ product_id: 'p1', name: 'Mug', price: 9 }]), () => store.putModel('site', { version: 'v1', manifest: null, weights: new ArrayBuffer(8) })]) {
      const err = await write().catch((e: unknown) => e);
      expect((err as StorageFailure).code).toBe('quota');
    }
    vi.restoreAllMocks();
    expect(await store.countEvents()).toBe(50);
  });

  it('a full quota on a first visit: the profile is handed out in memory, the same one each time, and stored once there is room', async () => {
    const store = await open(newSite());
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw quotaError();
    });
    const first = await store.getProfile();
    expect((await store.getProfile()).anonymous_id).toBe(first.anonymous_id);
    vi.restoreAllMocks();
    expect(await store.putEvents([ev('x', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect((await store.events())[0].anonymous_id).toBe(first.anonymous_id);
  });
});

describe('an erasure on a full quota', () => {
  afterEach(() => vi.restoreAllMocks());

  it('deletes everything about the visitor though no put is taken, and its mark refuses older events once there is room', async () => {
    const store = await open(newSite());
    await store.setProfile({ user_id: 'u1', traits: { email: 'a@example.com' } });
    await store.putEvents(batch('old', 30, T0), { sessionTimeoutMs: TIMEOUT, now: T0 });
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await store.erase({ at: T0 + DAY });
    vi.restoreAllMocks();
    const left = await store.exportAll({ now: T0 });
    expect([left.events.length, left.user_id, JSON.stringify(left.profile)]).toEqual([0, null, '{}']);
    // A copy of an older event that turns up later is refused; a later one is taken, and the mark is stored with it.
    expect(await store.putEvents([ev('late-copy', T0 + 1000), ev('new', T0 + DAY + 1)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect(await store.getMeta('erased-at')).toBe(T0 + DAY);
  });
});

describe('a profile refused for space', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a first write refused for space and tried again stores the visitor handed out, not a new one each try', async () => {
    const store = await open(newSite());
    const handed = await store.getProfile(false);
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    for (let i = 0; i < 2; i++) expect(await store.putEvents([ev(`x${i}`, T0)], { sessionTimeoutMs: TIMEOUT, now: T0 }).catch(() => -1)).toBe(-1);
    vi.restoreAllMocks();
    expect(await store.putEvents([ev('y', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect((await store.events())[0].anonymous_id).toBe(handed.anonymous_id);
    // Stored: an erasure by another tab then leaves no copy of it to come back.
    expect((await store.getProfile()).anonymous_id).toBe(handed.anonymous_id);
  });
});

describe('a profile before anything may be stored', () => {
  it('getProfile(false) stores nothing and gives the same anonymous id each time; the first write stores that one', async () => {
    const siteId = newSite();
    const store = await open(siteId);
    const a = await store.getProfile(false);
    const b = await store.getProfile(false);
    expect(b.anonymous_id).toBe(a.anonymous_id);
    const raw = await new Promise<unknown[]>((ok) => {
      const r = indexedDB.open(`clientele:${siteId}`);
      r.onsuccess = () => {
        const q = r.result.transaction('profile').objectStore('profile').getAll();
        q.onsuccess = () => (r.result.close(), ok(q.result));
      };
    });
    expect(raw).toEqual([]);
    const stored = await store.setProfile({ consent: true });
    expect(stored.anonymous_id).toBe(a.anonymous_id);
    expect((await store.getProfile()).anonymous_id).toBe(a.anonymous_id);
  });

  it('getProfile(false) returns the stored profile once there is one', async () => {
    const store = await open(newSite());
    const kept = await store.getProfile();
    expect((await store.getProfile(false)).anonymous_id).toBe(kept.anonymous_id);
  });
});

describe('forget() and the profile handed out before consent', () => {
  it('after an erasure the next profile has a new anonymous id, not the one handed out before', async () => {
    const store = await open(newSite());
    const before = await store.getProfile(false);
    await store.setProfile({ consent: true });
    await store.erase();
    expect((await store.getProfile()).anonymous_id).not.toBe(before.anonymous_id);
    expect((await store.setProfile({ consent: false })).anonymous_id).not.toBe(before.anonymous_id);
  });
});
