// One site-model shard whose server stalls (accepts the request, never answers: a CDN edge that hangs on one object),
// the head, the other shards and the catalog feed are fine.
// Expected: the row still comes, from the fallback, within the engine's own deadline for a file it loads later.
// README ("The site model"): "A corrupt head or shard is refused with one message and the last good model stays in use";
// siteModelLoader: "a shard that cannot be had only makes rows fall back"; README ("API"): "Discovery rows fall back
// (their own model, then popular, then the catalog) so they are never empty while there are products to show";
// README ("Nothing lost, nothing thrown"): "A file the worker loads later ... that has not arrived within 5 s is done
// without, with one console message naming it; the worker goes on."
// Observed on this build: recommend({ type: 'similar', itemId }) for an item whose shard hangs never answers from the
// worker (ensure() has no deadline; the stalled fetch is kept in flight for every later row), so the page's 10 s
// fallback settles it with [] - a discovery row empty while 300 products are there - and every later row that touches
// the item (similar, for-you after viewing it) waits 10 s and comes empty too, for the page's whole life.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';
import { knownItemShard } from './demoModel.ts';

type Api = { recommend(r: object): Promise<Array<{ item: { product_id: string } }>>; track(e: string, p: object): void };

for (const how of ['never answers', 'answers 404 (control: passes)'] as const)
test(`a site-model shard that ${how}: a similar row still comes, from the fallback, within a few seconds`, async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  const { itemId, shard } = knownItemShard();
  expect(shard).toBeTruthy();
  let stalled = 0;
  await page.context().route(`**/demo/model/${shard}`, (route) => { stalled++; return how === 'never answers' ? new Promise(() => undefined) : route.fulfill({ status: 404, body: 'not found' }); });
  await page.goto('/demo/index.html');
  await ready(page);
  await page.waitForTimeout(1000);
  const ask = () => page.evaluate(async (id) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const t0 = performance.now();
    const r = await c.recommend({ type: 'similar', itemId: id, limit: 6 });
    return { n: r.length, ms: Math.round(performance.now() - t0) };
  }, itemId);
  const first = await ask();
  const second = await ask();
  console.log(JSON.stringify({ itemId, shard, stalled, first, second }));
  expect(stalled).toBeGreaterThan(0);
  // Expected: the fallback row, within the 5-6 s deadline the engine keeps for files it loads later.
  expect(first.n).toBeGreaterThan(0);
  expect(first.ms).toBeLessThan(7000);
  expect(second.n).toBeGreaterThan(0);
  expect(second.ms).toBeLessThan(7000);
  expect(pageErrors).toEqual([]);
});
