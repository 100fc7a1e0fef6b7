// A visitor who said no leaves no record of what they looked at.
// README, Privacy: "With `requireConsent: true` nothing about the visitor is stored until `consent(true)` [...]; a
// visitor who answers `consent(false)` gets none either". README, `forget()` is total: "the model files fetched for the
// products the visitor looked at go (a file holds a few products, so it would tell which)"; round14-forget-model-trace
// calls the shard cache "a dated list of the products the visitor looked at". So the shard cache is data about the
// visitor, and a "no" must not build one: a shard fetched for a refusing visitor's product page may be used in memory,
// but not written to IndexedDB (nor listed, in viewing order, under meta 'site-model-files').
// Observed on this build: after consent(false), every product page visited adds its shard (`models` store,
// `file:<hash>`, stamped stored_at) and appends its hash to meta 'site-model-files', kept indefinitely.
import { test, expect, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

const trace = (page: Page) => page.evaluate(() => new Promise<{ shards: string[]; files: unknown }>((resolve, reject) => {
  const req = indexedDB.open('clientele:clientele-demo');
  req.onerror = () => reject(req.error);
  req.onsuccess = () => {
    const db = req.result;
    const tx = db.transaction(['models', 'meta']);
    const models = tx.objectStore('models').getAll();
    const files = tx.objectStore('meta').get('site-model-files');
    tx.oncomplete = () => {
      db.close();
      resolve({
        shards: (models.result as Array<{ key: string; weights?: ArrayBuffer }>).filter((r) => (r.weights?.byteLength ?? 0) > 0).map((r) => r.key),
        files: files.result ?? null,
      });
    };
  };
}));

test('after consent(false) under requireConsent, product pages leave no cached shard list of the products viewed', async ({ page }) => {
  await page.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ requireConsent: true }]], ['consent', [false]]]; });
  for (const id of ['85123A', '22423', '47566']) {
    await page.goto(`/demo/product.html?id=${id}`);
    await ready(page);
    await expect(page.locator('#row-similar [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
    await page.waitForTimeout(1500);
  }
  expect(await page.evaluate(() => localStorage.getItem('clientele:consent'))).toBe('0');
  const t = await trace(page);
  console.log(JSON.stringify(t));
  // Nothing that tells which products a refusing visitor looked at.
  expect(t.shards).toEqual([]);
  expect(Array.isArray(t.files) ? t.files : []).toEqual([]);
});
