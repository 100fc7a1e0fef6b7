// Round 12: a forget() applied late "erases what came before its time and keeps what the visitor did after it in
// other tabs". The erasure keeps the events dated after it, but clears the whole catalog store (worker/storage/store.ts
// erase): the items those kept events described (a product known only from the visitor's own view) go, so the
// "recently viewed" row no longer shows what the visitor viewed after the forget().
import { test, expect } from '@playwright/test';
import { openReady, parkSnippetQueue, replayOnNextPage, trackMarker } from './helpers.ts';

type C = { track(e: string, p?: object): void; recommend(r: object): Promise<{ item: { product_id: string } }[]> };

test('forget() applied late: the product viewed after it stays in "recently viewed"', async ({ context }) => {
  test.setTimeout(90_000);
  const t = await openReady(context);
  await trackMarker(t, 'Marker Before');

  // Tab P: its clientele.js never arrives; the visitor asks to be forgotten there.
  const p = await parkSnippetQueue(context, `clientele.forget();`, 'forget');
  await t.waitForTimeout(300);

  // After it, in tab T: the visitor views a product the catalog feed does not list.
  await t.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Product Viewed', { product_id: 'NEW-AFTER-1', name: 'Blue Lamp', price: 30, currency: 'GBP', category: 'Lamps' }));
  // Then a product the feed lists (the one on screen is left out of its own "recently viewed" row).
  await t.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Product Viewed', { product_id: '85123A' }));
  await trackMarker(t, 'Marker After');
  const rv = async (pg: typeof t) => (await pg.evaluate(() => (window as unknown as { clientele: C }).clientele.recommend({ type: 'recently-viewed', limit: 6 }))).map((r) => r.item.product_id);
  expect(await rv(t)).toContain('NEW-AFTER-1');

  // P is left (its queue is parked); the next page replays the forget().
  const { page: next, data: d } = await replayOnNextPage(context, p);
  // The forget() was applied, and kept the product view made after it.
  expect(d.events.some((e) => e.event === 'Marker Before')).toBe(false);
  expect(d.events.some((e) => e.event === 'Product Viewed' && e.properties.product_id === 'NEW-AFTER-1')).toBe(true);
  const row = await rv(next);
  console.log('RV-AFTER-LATE-FORGET', JSON.stringify(row));
  expect(row).toContain('NEW-AFTER-1');
});
