// A page whose worker could not use IndexedDB (an open that threw once: a disk error, the browser busy deleting the
// database, a blocked profile directory) ran in memory; the next page of the visit has IndexedDB again.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, shimWorker, trackMarker } from './helpers.ts';

const NO_IDB = `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;F.open=function(){throw new DOMException('no','InvalidStateError')};})();\n`;
type Api = { track(e: string, p?: object): void; status(): Promise<{ storage: string }> };

test('events a page stored in memory are stored once by the next page, which has IndexedDB', async ({ page }) => {
  test.setTimeout(60_000);
  const con = watchConsole(page);
  let workers = 0;
  await shimWorker(page, () => (workers++ ? '' : NO_IDB));
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 50; i++) c.track('Mem', { i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Mem').length).toBe(50);
  const storage = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status()).storage);
  await page.goto('/demo/fixtures/blank.html?next');
  await ready(page);
  await trackMarker(page, 'Next');
  const is = eventsNamed((await exported(page)).events, 'Mem').map((e) => e.properties.i as number);
  const r = { storage, workers, stored: is.length, distinct: new Set(is).size };
  console.log('MEM', JSON.stringify(r));
  expect(r).toEqual({ storage: 'memory', workers: 2, stored: 50, distinct: 50 });
  expect(con.pageErrors).toEqual([]);
});

test('four pages in memory, then one with IndexedDB: every page\'s events are stored once, and one park goes from page to page', async ({ page }) => {
  test.setTimeout(90_000);
  const con = watchConsole(page);
  let workers = 0;
  await shimWorker(page, () => (workers++ < 4 ? NO_IDB : ''));
  const parks: number[] = [];
  for (let p = 0; p < 4; p++) {
    await page.goto(`/demo/fixtures/blank.html?p=${p}`);
    await ready(page);
    await page.evaluate((p) => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 20; i++) c.track(`Mem${p}`, { i }); }, p);
    await expect.poll(async () => eventsNamed((await exported(page)).events, `Mem${p}`).length).toBe(20);
    // What this page's worker holds: its own events and those the pages before parked.
    parks.push((await exported(page)).events.filter((e) => /^Mem\d$/.test(e.event)).length);
  }
  await page.goto('/demo/fixtures/blank.html?next');
  // Parked: one page's park (the last one's), not one for each page.
  const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('unsent')).length);
  await ready(page);
  await trackMarker(page, 'Next');
  const ev = (await exported(page)).events;
  const stored = [0, 1, 2, 3].map((p) => eventsNamed(ev, `Mem${p}`).map((e) => e.properties.i as number));
  const r = { workers, parks, stored: stored.map((s) => s.length), distinct: stored.map((s) => new Set(s).size) };
  console.log('MEM4', JSON.stringify(r), keys);
  expect(r).toEqual({ workers: 5, parks: [20, 40, 60, 80], stored: [20, 20, 20, 20], distinct: [20, 20, 20, 20] });
  expect(keys).toBeLessThanOrEqual(1);
  expect(con.pageErrors).toEqual([]);
});
