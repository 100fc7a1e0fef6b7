// Round 20: a full quota that deleting does not relieve at once (a browser whose files shrink only later): every
// write is refused however much is evicted. Each batch the page sent again evicted a tenth more, until one batch of
// 10 events had cost the whole history (5,000 events, 0 left). Evicting is worth it only while it can make room: a
// batch evicts about twice its own events at most until a write succeeds; the rest waits on the page.
import { test, expect } from '@playwright/test';
import { exported, openShopPage, quotaShim, ready, setQuotaFull, shimWorker, trackMarker, watchConsole } from './helpers.ts';

test('a quota deleting does not relieve: 10 new events cost at most one round of the 5,000 stored, not the whole history', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  await shimWorker(page, quotaShim(false));
  await openShopPage(page, '/faults/quota-never-frees.html', { autocapture: false });
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 5000; i++) c.track('History', { i });
  });
  await trackMarker(page, 'Stored');
  expect((await exported(page)).events.filter((e) => e.event === 'History')).toHaveLength(5000);
  await setQuotaFull(page, true);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 10; i++) c.track('New', { i });
  });
  // The page sends what was refused again every second: give it several tries.
  await page.waitForTimeout(6000);
  const kept = (await exported(page)).events.filter((e) => e.event === 'History').length;
  await setQuotaFull(page, false);
  await trackMarker(page, 'After');
  const after = (await exported(page)).events;
  console.log(JSON.stringify({ kept, newStored: after.filter((e) => e.event === 'New').length, warnings: warnings.length }));
  expect(kept).toBeGreaterThanOrEqual(4000);
  // Nothing new lost: the 10 waited on the page and are stored once there is room.
  expect(after.filter((e) => e.event === 'New')).toHaveLength(10);
  expect(pageErrors).toEqual([]);
});
