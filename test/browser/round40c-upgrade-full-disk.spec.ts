// Round 40 (tester c). Issue #8 (3, 4): the first page after a schema upgrade, on a full disk (a real quota: CDP
// Storage.overrideQuotaForOrigin). The site's database is at v3 (an older build: one record per event), holding 3,000
// events; the quota is then set just above what the origin uses. The current build's upgrade to v4 moves those rows
// into chunks within the upgrade, which needs room. Held on main at round 40: the upgrade aborts (AbortError), so each
// page runs in memory (3 of 3 here): no eviction round at all, the 3,000 old events untouched (but unused for rows
// meanwhile), and the 900 new events of the three pages carried on by each page's park, stored once (900 of 900) by the
// first page after room is freed, beside the 3,000 old ones. Its message said "AbortError: private browsing or storage
// disabled?" where the disk was full: it now names the upgrade's own error, QuotaExceededError, and a full disk among
// the causes (worker/storage/connection.ts openAt). Still: while the disk stays full every page runs in memory, and no
// room is made for the upgrade (it would have to evict from the older schema first).
import { test, expect, type Page } from '@playwright/test';
import { usage, exported, eventsNamed, watchConsole } from './helpers.ts';

test.setTimeout(240_000);
type Api = { track(e: string, p?: object): void; status(): Promise<{ storage: string; events: number } | null> };

/** Seeds the site's database at v3 (as an older build wrote it) with `n` padded events, then closes it. */
const seedV3 = (page: Page, n: number) => page.evaluate((n) => new Promise<void>((resolve, reject) => {
  const req = indexedDB.open('clientele:default', 3);
  req.onupgradeneeded = () => {
    const db = req.result;
    const ev = db.createObjectStore('events', { keyPath: 'message_id' });
    ev.createIndex('by-timestamp', 'timestamp');
    ev.createIndex('by-session', ['session_id', 'timestamp']);
    ev.createIndex('by-event', ['event', 'timestamp']);
    db.createObjectStore('profile');
    db.createObjectStore('meta');
    db.createObjectStore('catalog', { keyPath: 'product_id' }).createIndex('by-updated', 'updated_at');
    db.createObjectStore('models', { keyPath: 'key' });
  };
  req.onsuccess = () => {
    const db = req.result;
    const tx = db.transaction(['events', 'profile'], 'readwrite');
    const t0 = Date.now() - 3_600_000;
    for (let i = 0; i < n; i++) tx.objectStore('events').put({ message_id: `old-${i}`, event: 'Old', properties: { i, pad: 'x'.repeat(300) }, timestamp: t0 + i, session_id: 's-old', anonymous_id: 'a-old' });
    tx.objectStore('profile').put({ anonymous_id: 'a-old', user_id: null, traits: {}, consent: null, session: null, created_at: t0, updated_at: t0 }, 'visitor');
    tx.oncomplete = () => (db.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
  req.onerror = () => reject(req.error);
}), n);

test('first page after the v3 -> v4 upgrade on a full disk: old events kept, every new event stored or parked once', async ({ page, context }) => {
  const con = watchConsole(page);
  await page.route('**/r40c/plain.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await page.goto('/r40c/plain.html');
  await seedV3(page, 3000);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 50_000 });
  await page.waitForTimeout(31_000);
  const pages: unknown[] = [];
  for (let p = 0; p < 3; p++) {
    await page.goto(`/demo/fixtures/blank.html?p=${p}`);
    await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
    await page.evaluate(async (p) => { const c = (window as unknown as { clientele: Api }).clientele; await (c as unknown as { ready(): Promise<boolean> }).ready(); for (let i = 0; i < 300; i++) c.track('New', { i: p * 300 + i }); }, p);
    await page.waitForTimeout(4000);
    const status = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status());
    const ev = (await exported(page))?.events ?? [];
    pages.push({ storage: status?.storage, old: eventsNamed(ev, 'Old').length, new: eventsNamed(ev, 'New').length });
  }
  // Each page in memory stores what the page before it parked, and its own: nothing lost, none twice.
  expect(pages).toEqual([{ storage: 'memory', old: 0, new: 300 }, { storage: 'memory', old: 0, new: 600 }, { storage: 'memory', old: 0, new: 900 }]);
  expect(con.warnings.filter((w) => /IndexedDB cannot be used here \(QuotaExceededError: private browsing, storage disabled or full\?\)/.test(w)).length).toBe(3);
  await page.goto('/r40c/plain.html');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.goto('/demo/fixtures/blank.html?free');
  await page.waitForTimeout(6000);
  let last = { old: 0, new: 0, ids: 0 };
  await expect.poll(async () => {
    const ev = (await exported(page))?.events ?? [];
    const n = eventsNamed(ev, 'New');
    last = { old: eventsNamed(ev, 'Old').length, new: n.length, ids: new Set(n.map((e) => e.properties.i)).size };
    return last.ids;
  }, { timeout: 30_000 }).toBe(900).catch(() => undefined);
  expect({ ...last, errors: con.pageErrors }).toEqual({ old: 3000, new: 900, ids: 900, errors: [] });
});

test('control: the v3 -> v4 upgrade with room keeps the 3,000 old events', async ({ page }) => {
  await page.route('**/r40c/plain.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await page.goto('/r40c/plain.html');
  await seedV3(page, 3000);
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ev = (await exported(page))?.events ?? [];
  expect(eventsNamed(ev, 'Old').length).toBe(3000);
});
