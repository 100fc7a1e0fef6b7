// exportData() returns everything stored about the visitor.
// README, API: "`exportData()` | Promise of everything stored about the visitor"; Privacy: "`exportData()` returns
// everything held about the visitor". The engine itself treats the site-model files fetched for the products a visitor
// looked at as data about the visitor: forget() erases them "(a file holds a few products, so it would tell which)"
// (README, forget() is total; worker/storage/store.ts erase). IndexedDB keeps them as `models` records `file:<hash>`
// stamped `stored_at`, plus meta 'site-model-files', the hashes in the order the visitor first needed them.
// Observed on this build: exportData() carries none of it (only `catalog_size`), so an access request does not show
// the dated record of viewed products that the device holds.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

test('exportData() includes the dated shard records forget() erases as the visitor\'s', async ({ page }) => {
  for (const id of ['85123A', '22423']) {
    await page.goto(`/demo/product.html?id=${id}`);
    await ready(page);
    await expect(page.locator('#row-similar [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  }
  const files = await page.evaluate(() => new Promise<string[]>((resolve, reject) => {
    const req = indexedDB.open('clientele:clientele-demo');
    req.onerror = () => reject(req.error);
    req.onsuccess = () => {
      const db = req.result;
      const r = db.transaction('meta').objectStore('meta').get('site-model-files');
      r.onsuccess = () => { db.close(); resolve((r.result as string[] | undefined) ?? []); };
    };
  }));
  expect(files.length).toBeGreaterThan(0);
  const text = await page.evaluate(() => (window as unknown as { clientele: { exportData(): Promise<unknown> } }).clientele.exportData().then((d) => JSON.stringify(d)));
  console.log(JSON.stringify({ files, exportedKeys: Object.keys(JSON.parse(text)) }));
  for (const hash of files) expect(text, `shard ${hash} held on the device is missing from exportData()`).toContain(hash);
});
