// A page whose worker runs in memory (no usable IndexedDB) parks what that worker stored each time it is hidden (a
// tab switch): the next page may have IndexedDB, and a hidden page may be discarded with no pagehide (src/outbox.ts,
// park; src/client.ts, held). Each hide writes the whole history again (here 20,000 events, 2.96 M characters, in one
// setItem) and each return removes it. Measured (round 40d, Chromium, 2 cores at load 9-10): a hide costs the main
// thread 10-66 ms, median 19 ms over 33 hides in six runs (4 of them over 50 ms), the return's removeItem under 1 ms;
// at 30,000 events (4.42 M characters, the park's ceiling) 16-53 ms, median 29 ms. Below the ~50 ms that would call
// for an incremental park, so the park stays whole. Logged, not asserted (HIDES); asserted:
// the history is parked on hiding, and nothing is lost over hides and three pages in memory, then one with IndexedDB.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, noIndexedDb, trackMarker, watchConsole } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void; status(): Promise<{ storage: string; events: number } | null> };

/** `n` product views named `name` (typical properties, some 150 characters an op). */
const views = (page: Page, name: string, n: number) => page.evaluate(([name, n]) => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let i = 0; i < n; i++) c.track(name, { i, product_id: `P${i % 500}`, name: 'Linen shirt', price: 39.9, currency: 'EUR', category: 'Shirts' });
}, [name, n] as const);

/** Hides the page (a tab switch): the main thread's time in the visibilitychange handlers, and what they wrote. */
const hide = (page: Page) => page.evaluate(() => {
  const s = Storage.prototype.setItem;
  let chars = 0, writes = 0;
  Storage.prototype.setItem = function (k: string, v: string) { chars += String(v).length; writes++; return s.call(this, k, v); };
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  const t = performance.now();
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  const ms = performance.now() - t;
  Storage.prototype.setItem = s;
  return { ms: Math.round(ms * 10) / 10, chars, writes };
});

/** Shows the page again: the main thread's time in localStorage's removeItem (the return removes what was parked). */
const show = (page: Page) => page.evaluate(async () => {
  const r = Storage.prototype.removeItem;
  let ms = 0;
  Storage.prototype.removeItem = function (k: string) { const t = performance.now(); r.call(this, k); ms += performance.now() - t; };
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  await new Promise((r) => setTimeout(r, 100));
  Storage.prototype.removeItem = r;
  return Math.round(ms * 10) / 10;
});

const stored = async (page: Page, names: string[]) => {
  const ev = (await exported(page)).events;
  return names.map((n) => { const is = eventsNamed(ev, n).map((e) => e.properties.i as number); return [is.length, new Set(is).size]; });
};

test('memory mode, 20,000 events: each hide parks the history, and hides and three pages lose nothing', async ({ page }) => {
  const con = watchConsole(page);
  await noIndexedDb(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await views(page, 'Big', 20_000);
  await expect.poll(async () => (await stored(page, ['Big']))[0][0], { timeout: 60_000 }).toBe(20_000);
  const first = await hide(page);
  const back = await show(page);
  await page.waitForTimeout(500);
  await views(page, 'More', 100);
  await trackMarker(page, 'M1');
  const second = await hide(page);
  await show(page);
  await page.waitForTimeout(500);
  const third = await hide(page);
  await show(page);
  // Five more hides with nothing new, for the time a hide takes.
  const more: number[] = [];
  for (let i = 0; i < 5; i++) more.push((await hide(page)).ms), await show(page);
  console.log('HIDES', JSON.stringify({ first, back, second, third, more }));
  // Three pages in memory, then one with IndexedDB.
  for (let p = 0; p < 2; p++) {
    await page.goto(`/demo/fixtures/blank.html?p=${p}`);
    await ready(page);
    await views(page, `Page${p}`, 50);
    await trackMarker(page, `M${p + 2}`);
  }
  const names = ['Big', 'More', 'Page0', 'Page1'];
  const inMemory = await stored(page, names);
  await page.unrouteAll();
  await page.goto('/demo/fixtures/blank.html?idb');
  await ready(page);
  await trackMarker(page, 'Last', 90_000);
  const r = { inMemory, idb: await stored(page, names), storage: (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage };
  console.log('PAGES', JSON.stringify(r));
  expect(r).toEqual({ inMemory: [[20_000, 20_000], [100, 100], [50, 50], [50, 50]], idb: [[20_000, 20_000], [100, 100], [50, 50], [50, 50]], storage: 'indexeddb' });
  // Each hide parks the history (a hidden page may be discarded with no pagehide).
  for (const h of [first, second, third]) expect(h.chars).toBeGreaterThan(2_900_000);
  expect(con.pageErrors).toEqual([]);
});
