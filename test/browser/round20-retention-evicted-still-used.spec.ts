// Retention is continuous (issue #8 item 8; README: "the age and count limits are applied in the same transaction as
// every write"): an event evicted by retention is gone. But the worker keeps its own mirror of the visitor's events
// (engine.ts events(): cache), filled once and only ever appended to; an eviction made by a write during the visit does
// not reach it. So for the rest of the page's life, rows (and segments) are drawn from events the store no longer
// holds: a "recently viewed" row shows products whose views retention removed, and exportData() says there are none.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, demoCatalog } from './helpers.ts';

type Api = { track(e: string, p: object): void; recommend(r: object): Promise<Array<{ item: { product_id: string } }>> };
const TAG = `<!doctype html><title>ret</title><script async src="/dist/clientele.js" data-site-id="ret5" data-config='{"retention":{"maxEvents":100}}' data-autocapture="false" data-catalog-url="/demo/data/catalog.json"></script>`;

test('maxEvents 100 (the least allowed): product views evicted during the visit no longer fill the "recently viewed" row', async ({ page }) => {
  test.setTimeout(90_000);
  await page.route('**/ret/app.html', (r) => r.fulfill({ contentType: 'text/html', body: TAG }));
  await page.goto('/ret/app.html');
  await ready(page);
  const ids = demoCatalog().slice(0, 3).map((p) => p.product_id);
  await page.evaluate((ids) => { const c = (window as unknown as { clientele: Api }).clientele; for (const id of ids) c.track('Product Viewed', { product_id: id }); }, ids);
  // The row is drawn once from these views (the worker reads the visitor's events into its mirror).
  const before = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 10 }));
  // Later in the visit: 150 other events; retention keeps the newest 100, none of them a product view.
  await page.waitForTimeout(200);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 150; i++) c.track('Search', { query: `q${i}` }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Search').length, { timeout: 20_000 }).toBe(100);
  const stored = (await exported(page)).events;
  const during = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 10 }));
  await page.reload();
  await ready(page);
  const after = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 10 }));
  const r = { before: before.length, storedViews: eventsNamed(stored, 'Product Viewed').length, storedTotal: stored.length, during: during.length, afterReload: after.length };
  console.log(JSON.stringify(r));
  expect(r.before).toBeGreaterThan(0);
  expect(r.storedViews).toBe(0);
  // Drawn from what is stored, as after a reload: the evicted views show nowhere.
  expect(r.during).toBe(r.afterReload);
  expect(r.during).toBe(0);
});
