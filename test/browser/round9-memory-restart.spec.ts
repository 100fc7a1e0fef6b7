// Round 9: private mode (no usable IndexedDB: the engine keeps the visit in memory "for the page's life") and a worker
// that dies mid-visit (a crash, out of memory, the browser reclaiming it). The supervisor restarts it, but the new
// worker starts from an empty memory store: what the page had been told was stored is gone.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, captureWorkers, killWorker, noIndexedDb, trackMarker } from './helpers.ts';

type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void; recommend(r: object): Promise<Array<{ item: { product_id: string } }>>; status(): Promise<{ storage: string } | null> };

test('no IndexedDB (memory mode), the worker dies mid-visit: the events, identity and recently-viewed row of this page survive the restart', async ({ page, context }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await noIndexedDb(context);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const viewed = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const popular = await c.recommend({ type: 'popular', limit: 5 });
    c.identify('user-42', { membership: 'gold' });
    for (const r of popular) c.track('Product Viewed', { product_id: r.item.product_id });
    return popular.map((r) => r.item.product_id);
  });
  await trackMarker(page, 'Before Crash');
  // The row leaves out the product on screen (the last one viewed: worker/recommend/rowRules.ts onScreen).
  const recentBefore = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 10 }));
  expect(recentBefore.map((r) => r.item.product_id).sort()).toEqual(viewed.slice(0, -1).sort());
  expect((await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage).toBe('memory');
  const before = await exported(page);
  expect(eventsNamed(before.events, 'Product Viewed')).toHaveLength(5);
  expect(before.user_id).toBe('user-42');

  // The worker dies (as an out-of-memory kill would); the page starts a new one.
  await killWorker(page);
  await trackMarker(page, 'After Crash');

  const after = await exported(page);
  const recent = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 10 }));
  console.log(JSON.stringify({ before: before.events.length, after: after.events.length, viewedAfter: eventsNamed(after.events, 'Product Viewed').length, userBefore: before.user_id, userAfter: after.user_id, anonSame: before.anonymous_id === after.anonymous_id, recentlyViewed: recent.length }));
  // Promised: memory mode keeps the visit for the page's life; a restarted worker gets every batch not yet stored.
  expect(eventsNamed(after.events, 'Product Viewed')).toHaveLength(5);
  expect(eventsNamed(after.events, 'Before Crash')).toHaveLength(1);
  expect(after.user_id).toBe('user-42');
  expect(after.anonymous_id).toBe(before.anonymous_id);
  expect(recent.map((r) => r.item.product_id).sort()).toEqual(viewed.slice(0, -1).sort());
  expect(pageErrors).toEqual([]);
});

test('no IndexedDB, forget() then the worker dies: nothing from before the forget() comes back, the new visitor stays the same', async ({ page, context }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await noIndexedDb(context);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.identify('user-42', { membership: 'gold' });
    c.track('Product Viewed', { product_id: '85123A' });
  });
  await trackMarker(page, 'Before Forget');
  const forgotten = await exported(page);
  expect(await page.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget())).toBe(true);
  await trackMarker(page, 'After Forget');
  const fresh = await exported(page);
  expect(fresh.anonymous_id).not.toBe(forgotten.anonymous_id);

  await killWorker(page);
  await trackMarker(page, 'After Crash');

  const after = await exported(page);
  expect(after.events.map((e) => e.event).sort()).toEqual(['After Crash', 'After Forget']);
  expect(after.user_id).toBeNull();
  expect(after.anonymous_id).toBe(fresh.anonymous_id);
  expect(pageErrors).toEqual([]);
});

test('no IndexedDB, consent withdrawn then the worker dies: the events kept before the "no" are not given to the new worker', async ({ page, context }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await noIndexedDb(context);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Before No');
  await page.evaluate(() => (window as unknown as { clientele: { consent(g: boolean): void } }).clientele.consent(false));
  await expect.poll(async () => (await exported(page)).consent).toBe(false);

  await killWorker(page);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After Crash', {}));

  const after = await exported(page);
  expect(after.consent).toBe(false);
  expect(after.events).toEqual([]);
  expect(pageErrors).toEqual([]);
});
