// forget() "erases everything stored about the visitor" (README, API), "total" (issue #8, item 7); "the public catalog
// and site model stay, so rows still render". The site model's shards are fetched "for the items a visitor touches,
// cached forever" (README, Architecture), each cache record stamped with the time it was stored, and a shard holds
// few items (6 in the demo's model): the cache is a dated list of the products the visitor looked at. The erasure
// already removes catalog items captured from events because "with their times, [they] tell what the visitor looked
// at" (worker/storage/store.ts, erase).
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

/** The site-model cache records in the page's own IndexedDB: key and stored_at. */
const modelCache = (page: Page) => page.evaluate(() => new Promise<Array<{ key: string; stored_at: number; bytes: number }>>((resolve, reject) => {
  const req = indexedDB.open('clientele:clientele-demo');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const all = db.transaction('models').objectStore('models').getAll();
    all.onsuccess = () => {
      db.close();
      resolve((all.result as Array<{ key: string; stored_at: number; weights: ArrayBuffer }>).map((r) => ({ key: r.key, stored_at: r.stored_at, bytes: r.weights?.byteLength ?? 0 })));
    };
    all.onerror = () => reject(all.error);
  };
}));

test('forget() leaves no dated record of which site-model shards (products) the visitor looked at', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  // Product 22616 is item 150 of the demo model: its lists are in shard 25 (shards/941a963f84edcd20.bin), which holds
  // it and five other products.
  await page.goto('/demo/product.html?id=22616');
  await ready(page);
  await expect(page.locator('#row-similar [data-clientele-widget-item]').first()).toBeVisible();
  await page.waitForTimeout(1500);
  const before = await modelCache(page);
  const at = await page.evaluate(() => Date.now());
  expect(await page.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget())).toBe(true);
  await page.waitForTimeout(500);
  const after = await modelCache(page);
  // A shard record (one holding bytes: the head is stored with none) kept from before the forget().
  const shardsKeptFromBefore = after.filter((r) => r.bytes > 0 && r.stored_at < at);
  console.log(JSON.stringify({ before: before.length, shardsBefore: before.filter((r) => r.bytes > 0).length, after: after.length, shardsKeptFromBefore: shardsKeptFromBefore.length, sample: shardsKeptFromBefore.slice(0, 3) }));
  expect(before.some((r) => r.key === 'file:941a963f84edcd20')).toBe(true);
  expect(shardsKeptFromBefore).toEqual([]);
  // The site model still ranks: rows render after forget().
  await expect(page.locator('#row-similar [data-clientele-widget-item]').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});
