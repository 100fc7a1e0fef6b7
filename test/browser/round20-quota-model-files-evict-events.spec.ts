// A full quota (the device's disk nearly full, or the shop's own data filling the origin's share) on a page that
// tracks nothing new but asks for a row seeded by a product: the site model's shard for that product is fetched and
// cached (a cache write: refused at once on a full quota, round 14), and then the list of cached model files is noted
// in the meta store (siteModelLoader.ts rememberFile -> store.putMeta). putMeta goes through store.ts write(), which
// on a quota error "makes room" by deleting the oldest tenth of the visitor's events and tries again.
// README (Quota): "Room is never made for a cache: the catalog feed and site-model files are not cached while
// storage is full". Issue #8 item 4: room is made for new events at the caches' expense, never the other way round.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, initBeforeLoad, ready, watchConsole, shimWorker } from './helpers.ts';

// The quota is full: every put is refused until a delete in the chunk store frees room (as round 14's spec).
const FULL = `(function(){var P=IDBObjectStore.prototype,put=P.put,del=P.delete;self.__full=true;self.__refused=[];
P.put=function(){if(self.__full){self.__refused.push(this.name==='meta'?'meta:'+arguments[1]:this.name);throw new DOMException('The quota has been exceeded.','QuotaExceededError')}return put.apply(this,arguments)};
P.delete=function(){if(this.name==='chunks')self.__full=false;return del.apply(this,arguments)};})();\n`;

type Api = { track(e: string, p: object): void; recommend(r: object): Promise<Array<{ item: { product_id: string } }>> };

test('a full quota: no stored event is deleted to note a cached site-model file', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  let full = false;
  await shimWorker(page, () => (full ? FULL : ''));
  // No autocapture: this page records nothing of its own, so any event that goes, goes for a cache.
  await initBeforeLoad(page, { autocapture: false });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 2000; i++) c.track('History', { n: i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'History').length, { timeout: 30_000 }).toBe(2000);
  await page.waitForTimeout(1000);
  // The next page of the visit, with the origin's quota now full: it asks for a row "similar" to a product (a shard
  // of the site model is fetched for it), and tracks nothing.
  full = true;
  await page.reload();
  await ready(page);
  const recs = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'similar', itemId: '85123A', limit: 4 }));
  await page.waitForTimeout(3000);
  const refused = await page.workers().at(-1)!.evaluate(() => (self as unknown as { __refused: string[] }).__refused);
  const kept = eventsNamed((await exported(page)).events, 'History').length;
  console.log(JSON.stringify({ recs: recs.length, kept, refused: [...new Set(refused)] }));
  expect(recs.length).toBeGreaterThan(0);
  expect(kept).toBe(2000);
  expect(pageErrors).toEqual([]);
});
