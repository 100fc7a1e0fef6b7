// Records in the visitor's IndexedDB that do not have the shape this build writes: a chunk holding a null and an event
// whose fields have other types, a legacy one-row-per-event record of another shape, a catalog row whose fields have
// other types, a profile whose fields have other types. They come from an older build, a tab running other code, an extension or a user editing in DevTools,
// or a damaged disk; the brief of round 32 names "a corrupt stored row (wrong shape written by an older version)".
// Expected: the bad record is left out alone. README ("Nothing lost, nothing thrown"): "the engine falls back and loses
// nothing stored or queued"; "Discovery rows fall back ... so they are never empty while there are products to show".
// Observed on the build before this fix: one null in the newest chunk made every read fail ("reading storage ...
// failed (TypeError: Cannot read properties of null (reading 'timestamp'))"): for-you rows [], segments() null,
// exportData() null, and every later write failed too (the events waited on the page); a catalog row with
// `category: {}` failed every for-you row ("o.toLowerCase is not a function"); a profile's user_id 5 and consent "yes"
// were exported as they were (and its session "abc" stamped the next events with no session id). Retention kept such a
// record 400 days.
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type Api = {
  track(e: string, p?: object): void;
  recommend(r: object): Promise<unknown[]>;
  segments(): Promise<unknown>;
  exportData(): Promise<{ events: Array<{ message_id: string; event: string; session_id: unknown }>; user_id: unknown; consent: unknown } | null>;
  forget(): Promise<boolean>;
  status(): Promise<{ events: number }>;
};

const DB = 'clientele:clientele-demo';

/** Writes `kind` of bad record straight into the demo's database, as another program would. */
async function corrupt(page: Page, kind: 'chunk' | 'legacy' | 'catalog' | 'profile') {
  await page.evaluate(async ({ kind, DB }) => {
    const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open(DB); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const tx = db.transaction(['chunks', 'events', 'catalog', 'profile'], 'readwrite');
    const n = Date.now();
    const good = (id: string, t: number) => ({ message_id: id, event: 'Product Viewed', properties: { product_id: '85123A' }, timestamp: t, session_id: 's-old', anonymous_id: 'a-old' });
    // The newest chunk (its key sorts last), with room: the next write appends to it.
    if (kind === 'chunk') tx.objectStore('chunks').put({ min_ts: n, max_ts: n + 2, id: 'bad-chunk', count: 4, events: [null, { event: 5, properties: null, timestamp: 'x', message_id: 7 }, good('kept-1', n + 1), good('kept-2', n + 2)] });
    if (kind === 'legacy') { tx.objectStore('events').put({ message_id: 'legacy-bad', event: 'Product Viewed', properties: 'x', timestamp: 'yesterday' }); tx.objectStore('events').put(good('kept-1', n + 1)); }
    if (kind === 'profile') tx.objectStore('profile').put({ anonymous_id: 'a-old', user_id: 5, traits: null, consent: 'yes', session: 'abc', created_at: 'then' }, 'visitor');
    if (kind === 'catalog') tx.objectStore('catalog').put({ product_id: 'bad-item', name: 5, price: 'x', tags: 'nope', category: {}, brand: [] });
    await new Promise((r, j) => { tx.oncomplete = r; tx.onabort = () => j(tx.error); });
    db.close();
  }, { kind, DB });
}

for (const kind of ['chunk', 'legacy', 'catalog', 'profile'] as const)
test(`a ${kind} record of another shape in storage is left out alone: reads, writes, rows and forget() go on`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await page.evaluate(async () => { const c = (window as unknown as { clientele: Api }).clientele; c.track('Product Viewed', { product_id: '85123A' }); await c.status(); });
  await corrupt(page, kind);
  await page.reload();
  await ready(page);
  const out = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.track('Cart Viewed', { marker: 'after' });
    const forYou = await c.recommend({ type: 'for-you', limit: 4 });
    const segments = await c.segments();
    const ex = await c.exportData();
    return {
      forYou: forYou.length, segments: segments !== null, ids: ex ? ex.events.map((e) => e.message_id) : null, after: ex ? ex.events.filter((e) => e.event === 'Cart Viewed').length : -1,
      sessions: ex ? [...new Set(ex.events.map((e) => typeof e.session_id))] : null, user: ex ? typeof ex.user_id : null, consent: ex ? typeof ex.consent : null,
    };
  });
  console.log(kind, JSON.stringify({ ...out, ids: out.ids?.length }), warnings);
  expect(out.forYou).toBe(4);
  expect(out.segments).toBe(true);
  expect(out.ids).not.toBeNull();
  // The event tracked after the bad record was stored, and the sound events beside the bad ones were kept.
  expect(out.after).toBe(1);
  // A profile of another shape is read with its mistyped fields empty: a user id 5, a consent "yes" are not taken.
  expect(out.sessions).toEqual(['string']);
  expect(out.user).toBe('object');
  expect(out.consent).toBe('object');
  if (kind === 'chunk' || kind === 'legacy') expect(out.ids).toContain('kept-1');
  if (kind === 'chunk') expect(out.ids).toContain('kept-2');
  expect(warnings.filter((w) => /failed/.test(w))).toEqual([]);
  // The erasure reads the same records.
  expect(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  // Nothing from before it is left (what autocapture records after it, a re-asked row's impressions, is the new visitor's).
  const left = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.exportData())?.events.filter((e) => /^kept-/.test(e.message_id) || e.event === 'Cart Viewed').length);
  expect(left).toBe(0);
  expect(pageErrors).toEqual([]);
});
