// A full quota (the device's disk nearly full, or the shop's own storage filling the origin's share) on a page that
// tracks nothing new: Clientele's own cache writes (the public catalog feed, rewritten on every page; the site model's
// files) hit QuotaExceededError, and storage "makes room" for them by deleting the visitor's oldest events.
// The issue (#8, item 4): "free room by the retention policy (oldest events first, then caches), store what fits of the
// new batch ...; never drop new events while old ones can go" - room is made for events, at the caches' expense, not
// the other way round. The code says so itself for derived data ("room is never made for derived data by evicting
// events", worker/storage/store.ts) and for the model cache ("a failed write only costs the next visit a download",
// worker/siteModelLoader.ts).
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, initBeforeLoad, ready, watchConsole, shimWorker } from './helpers.ts';

// The quota is full: every put is refused until a delete in the chunk store frees room. self.__refused names the
// object stores whose puts were refused.
const FULL = `(function(){var P=IDBObjectStore.prototype,put=P.put,del=P.delete;self.__full=true;self.__refused=[];
P.put=function(){if(self.__full){self.__refused.push(this.name);throw new DOMException('The quota has been exceeded.','QuotaExceededError')}return put.apply(this,arguments)};
P.delete=function(){if(this.name==='chunks')self.__full=false;return del.apply(this,arguments)};})();\n`;

test('a full quota on a page that tracks nothing: no stored event is deleted to cache the catalog feed or the site model', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  let full = false;
  await shimWorker(page, () => full ? FULL : '');
  // No autocapture: this page records nothing of its own, so any event that goes, goes for a cache.
  await initBeforeLoad(page, { autocapture: false });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele; for (let i = 0; i < 2000; i++) c.track('History', { n: i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'History').length, { timeout: 30_000 }).toBe(2000);
  await page.waitForTimeout(1000);
  // The next page of the visit, with the origin's quota now full.
  full = true;
  await page.reload();
  await ready(page);
  await page.waitForTimeout(5000);
  const refused = await page.workers().at(-1)!.evaluate(() => (self as unknown as { __refused: string[] }).__refused);
  const kept = eventsNamed((await exported(page)).events, 'History').length;
  console.log(JSON.stringify({ kept, refused: [...new Set(refused)] }));
  expect(kept).toBe(2000);
  expect(pageErrors).toEqual([]);
});
