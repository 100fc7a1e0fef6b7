// One contract, two stores: the IndexedDB store (over fake-indexeddb) and the in-memory store the engine falls back
// to without IndexedDB must answer alike, so everything above them (ranking, segments, the site-model cache) works
// unchanged in private modes.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../src/contract/events.ts';
import { createMemoryStore, openStore, type Store } from '../../worker/storage/db.ts';

const T0 = 1_700_000_000_000;
const MIN = 60_000;
const DAY = 86_400_000;
const TIMEOUT = 30 * MIN;
let n = 0;
const ev = (id: string, timestamp: number, event = 'Page Viewed', properties: Record<string, unknown> = {}): RawEvent => ({ message_id: id, event, properties, timestamp });
const many = (prefix: string, count: number, start: number): RawEvent[] => Array.from({ length: count }, (_, i) => ev(`${prefix}-${i}`, start + i * 1000));

const STORES: Array<[string, () => Promise<Store>]> = [
  ['indexeddb', () => openStore(`contract-${++n}`, { now: () => T0 })],
  ['memory', async () => createMemoryStore(`contract-${++n}`, { now: () => T0 })],
];

describe.each(STORES)('the %s store', (kind, open) => {
  it('says what it is', async () => {
    expect((await open()).kind).toBe(kind);
  });

  it('stores a batch once: a retried batch, and a repeat inside a batch, are skipped', async () => {
    const store = await open();
    const b = many('a', 30, T0);
    expect(await store.putEvents(b, { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(30);
    expect(await store.putEvents([...b, ev('b', T0 + MIN), ev('b', T0 + 2 * MIN)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect(await store.countEvents()).toBe(31);
    expect((await store.events({ newestFirst: true, limit: 1 }))[0].message_id).toBe('b');
  });

  it('stores an event once when a copy comes again dated later: the first was dated by a worker whose clock was behind its page\'s (clamped)', async () => {
    const store = await open();
    expect(await store.putEvents([ev('a', T0), ev('b', T0 + 1)], { sessionTimeoutMs: TIMEOUT, now: T0, clamped: new Set(['a']) })).toBe(2);
    // The copy another tab took over from the same park, dated as its page dated it, and the events after it.
    expect(await store.putEvents([ev('a', T0 + 3000), ev('c', T0 + 3001)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect((await store.events()).map((e) => e.message_id)).toEqual(['a', 'b', 'c']);
  });

  it('changes a meta record with a batch (alsoMeta), from the ids it stored only: a repeat changes nothing', async () => {
    const store = await open();
    const alsoMeta = { key: 'list', change: (v: unknown, ids: ReadonlySet<string>) => [...((v as string[] | undefined) ?? []), ...ids] };
    await store.putEvents([ev('a', T0), ev('b', T0 + 1)], { sessionTimeoutMs: TIMEOUT, now: T0, alsoMeta });
    await store.putEvents([ev('b', T0 + 1), ev('c', T0 + 2)], { sessionTimeoutMs: TIMEOUT, now: T0, alsoMeta });
    await store.putEvents([ev('c', T0 + 2)], { sessionTimeoutMs: TIMEOUT, now: T0, alsoMeta });
    expect(await store.getMeta('list')).toEqual(['a', 'b', 'c']);
  });

  it('keeps every event of one session and stamps the user id after identify', async () => {
    const store = await open();
    await store.putEvents([ev('x', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'u1' });
    await store.putEvents([ev('y', T0 + MIN)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const [x, y] = await store.events();
    expect(x.session_id).toBe(y.session_id);
    expect(x.user_id).toBeUndefined();
    expect(y.user_id).toBe('u1');
  });

  it('applies retention inside the write: never more than maxEvents, the oldest go first, and the age limit too', async () => {
    const store = await open();
    for (let i = 0; i < 5; i++) await store.putEvents(many(`r${i}`, 400, T0 + i * 400_000), { sessionTimeoutMs: TIMEOUT, now: T0, retention: { maxAgeDays: 400, maxEvents: 1000 } });
    expect(await store.countEvents()).toBe(1000);
    expect((await store.events())[0].message_id).toBe('r2-200');
    await store.putEvents([ev('late', T0 + 30 * DAY)], { sessionTimeoutMs: TIMEOUT, now: T0 + 30 * DAY, retention: { maxAgeDays: 10, maxEvents: 1000 } });
    expect((await store.events()).map((e) => e.message_id)).toEqual(['late']);
  });

  it('after erase, refuses any event stamped before it, takes later ones, and keeps cached site models', async () => {
    const store = await open();
    await store.putEvents([ev('before', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.putModel('site-model', { version: 'v1', manifest: {}, weights: new ArrayBuffer(4) });
    // A file fetched for the products the visitor looked at tells which: it goes, the head stays.
    await store.putModel('file:941a963f84edcd20', { version: '941a963f84edcd20', manifest: null, weights: new ArrayBuffer(4) });
    const id = (await store.getProfile()).anonymous_id;
    await store.erase({ at: T0 + 1000 });
    expect(await store.getModel('file:941a963f84edcd20')).toBeUndefined();
    expect(await store.countEvents()).toBe(0);
    expect(await store.putEvents([ev('before', T0), ev('also-before', T0 + 999)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(0);
    expect(await store.putEvents([ev('after', T0 + 1000)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect((await store.getProfile()).anonymous_id).not.toBe(id);
    expect((await store.getModel('site-model'))?.version).toBe('v1');
  });

  it('an erasure another tab made, noted, refuses what is older and takes what is later, deleting nothing', async () => {
    const store = await open();
    await store.putEvents([ev('kept', T0)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    store.noteErasure(T0 + 1000);
    expect(await store.putEvents([ev('older-copy', T0 + 500), ev('later', T0 + 1500)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
    expect((await store.events()).map((e) => e.message_id)).toEqual(['kept', 'later']);
  });

  it('an erasure replayed late (an older time) keeps the later mark', async () => {
    const store = await open();
    await store.erase({ at: T0 + 2000 });
    await store.erase({ at: T0 + 1000 });
    expect(await store.putEvents([ev('between', T0 + 1500)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(0);
    expect(await store.putEvents([ev('later', T0 + 2000)], { sessionTimeoutMs: TIMEOUT, now: T0 })).toBe(1);
  });

  it('an erasure applied late keeps what was tracked and identified after its time: the new visitor\'s', async () => {
    const store = await open();
    await store.putEvents([ev('early', T0 + 500, 'Product Viewed', { product_id: 'P-EARLY', name: 'Early' }), ev('late', T0 + 3000, 'Product Viewed', { product_id: 'P-LATE', name: 'Late' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'alice', traits: { region: 'Secret Town' }, traits_at: { region: T0 + 400 }, identified_at: T0 + 400 });
    const before = await store.exportAll({ now: T0 });
    // Traits merge across identify() calls: alice's region stays in the profile bob's identify() leaves.
    await store.setProfile({ user_id: 'bob', traits: { plan: 'gold' }, traits_at: { region: T0 + 400, plan: T0 + 2500 }, identified_at: T0 + 2500 });
    await store.erase({ at: T0 + 1000 });
    const after = await store.exportAll({ now: T0 });
    expect(after.events.map((e) => e.message_id)).toEqual(['late']);
    // What the kept event says of its product is known still; the erased one's is not.
    expect([...(await store.catalog()).keys()]).toEqual(['P-LATE']);
    expect(after.user_id).toBe('bob');
    expect(after.profile.traits).toEqual({ plan: 'gold' });
    expect(after.anonymous_id).not.toBe(before.anonymous_id);
    expect(JSON.stringify(after)).not.toContain('alice');
    // Erased at its own time, nothing stays.
    await store.erase({ at: T0 + 5000 });
    expect(await store.countEvents()).toBe(0);
    expect((await store.exportAll({ now: T0 })).user_id).toBeNull();
  });

  it('an erasure applied late re-stamps what it keeps: no old user, anonymous or session id survives on it', async () => {
    const store = await open();
    await store.setProfile({ user_id: 'alice', identified_at: T0 + 100 });
    // Stored after the erasure's time by a tab that did not know of it: stamped with alice and her ids.
    await store.putEvents([ev('early', T0 + 500), ev('late', T0 + 3000), ev('later', T0 + 3500)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.setProfile({ user_id: 'bob', identified_at: T0 + 4000 });
    await store.putEvents([ev('bobs', T0 + 4500)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const before = await store.exportAll({ now: T0 });
    await store.erase({ at: T0 + 1000 });
    const after = await store.exportAll({ now: T0 });
    expect(after.events.map((e) => [e.message_id, e.user_id ?? null])).toEqual([['late', null], ['later', null], ['bobs', 'bob']]);
    expect(after.events.every((e) => e.anonymous_id === after.anonymous_id)).toBe(true);
    for (const old of [before.anonymous_id!, ...new Set(before.events.map((e) => e.session_id)), 'alice']) expect(JSON.stringify(after)).not.toContain(old);
    // One session before, one after: the kept events stay together, and the next event joins them.
    expect(new Set(after.events.map((e) => e.session_id)).size).toBe(1);
    await store.putEvents([ev('next', T0 + 5000)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    const next = (await store.exportAll({ now: T0 })).events.find((e) => e.message_id === 'next')!;
    expect([next.session_id, next.anonymous_id, next.user_id]).toEqual([after.events[0]!.session_id, after.anonymous_id, 'bob']);
  });

  it('an erasure applied late with nothing after it leaves no visitor until the next use', async () => {
    const store = await open();
    await store.putEvents([ev('early', T0 + 500)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    await store.erase({ at: T0 + 1000 });
    expect((await store.exportAll({ now: T0 })).anonymous_id).toBeNull();
  });

  it('after erase, refuses an identity stamped before it (an identify() sent late) and takes a later one', async () => {
    const store = await open();
    await store.erase({ at: T0 + 1000 });
    await store.setProfile({ user_id: 'alice', traits: { email: 'a@example.com' }, identified_at: T0 + 999 });
    const refused = await store.exportAll({ now: T0 });
    expect(refused.user_id).toBeNull();
    expect(JSON.stringify(refused.profile)).not.toContain('alice');
    await store.setProfile({ user_id: 'bob', identified_at: T0 + 1000 });
    expect((await store.exportAll({ now: T0 })).user_id).toBe('bob');
  });

  it('captures products from events into the catalog and exports the visitor', async () => {
    const store = await open();
    await store.upsertCatalog([{ product_id: 'p1', name: 'Mug', price: 9 }]);
    await store.putEvents([ev('v', T0, 'Product Viewed', { product_id: 'p2', name: 'Tea' })], { sessionTimeoutMs: TIMEOUT, now: T0 });
    expect([...(await store.catalog()).keys()].sort()).toEqual(['p1', 'p2']);
    const out = await store.exportAll({ now: T0 });
    expect(out.events.map((e) => e.message_id)).toEqual(['v']);
    expect(out.catalog_size).toBe(2);
    expect(out.anonymous_id).toBe((await store.getProfile()).anonymous_id);
  });

  it('filters by name, session and time the same way', async () => {
    const store = await open();
    await store.putEvents([ev('a', T0, 'Product Viewed', { product_id: 'p' }), ev('b', T0 + 1000), ev('c', T0 + 2 * 60 * MIN)], { sessionTimeoutMs: TIMEOUT, now: T0 });
    expect((await store.events({ event: 'Product Viewed' })).map((e) => e.message_id)).toEqual(['a']);
    expect((await store.events({ since: T0 + 1000, until: T0 + 2 * 60 * MIN })).map((e) => e.message_id)).toEqual(['b']);
    const first = (await store.events({ limit: 1 }))[0].session_id;
    expect((await store.events({ sessionId: first })).map((e) => e.message_id)).toEqual(['a', 'b']);
  });
});

it('folds rows an older build wrote (one record per event) into chunks, once, with no event twice', async () => {
  const siteId = `contract-legacy-${++n}`;
  const store = await openStore(siteId, { now: () => T0 });
  await store.putEvents([ev('new-1', T0 + 5000)], { sessionTimeoutMs: TIMEOUT, now: T0 });
  // An older tab, still running v3 code, writes rows into the events store of the same database.
  await new Promise<void>((resolve, reject) => {
    const req = indexedDB.open(`clientele:${siteId}`);
    req.onsuccess = () => {
      const tx = req.result.transaction('events', 'readwrite');
      tx.objectStore('events').put({ message_id: 'old-1', event: 'Page Viewed', properties: {}, timestamp: T0, session_id: 's', anonymous_id: 'a' });
      tx.objectStore('events').put({ message_id: 'new-1', event: 'Page Viewed', properties: {}, timestamp: T0 + 5000, session_id: 's', anonymous_id: 'a' });
      tx.oncomplete = () => (req.result.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  });
  expect((await store.events()).map((e) => e.message_id)).toEqual(['old-1', 'new-1']);
  await store.putEvents([ev('new-2', T0 + 6000)], { sessionTimeoutMs: TIMEOUT, now: T0 });
  expect((await store.events()).map((e) => e.message_id)).toEqual(['old-1', 'new-1', 'new-2']);
  expect(await store.countEvents()).toBe(3);
});
