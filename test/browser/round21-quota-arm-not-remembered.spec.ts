// Round 21 (worker, meta writes on a full quota). Round 20 sends the experiment arms' write (serve.ts record ->
// store.putMeta(ARMS_KEY)) through cacheWrite: a full quota refuses it at once. The arm stays in the worker's memory
// (`sticky`), marked as not changed, so it is never written again on this page, even once there is room (the page's
// own events are stored again a moment later). The next page reads no arm and assigns again from the visitor id:
// after a login (identify) that is the user id, so the visitor switches arms. README (Experiments): "The arm first
// served is remembered on the device, so logging in does not switch arms"; exportData().experiments: "the arms
// remembered on this device".
import { test, expect } from '@playwright/test';
import { exported, openShopPage, quotaShim, setQuotaFull, shimWorker, trackMarker, watchConsole } from './helpers.ts';
import { bucketOf, BUCKETS } from '../../worker/experiments/hash.ts';

type Api = { track(e: string, p: object): void; identify(id: string): void; recommend(r: object): Promise<unknown[]>; exportData(): Promise<{ anonymous_id: string; experiments: Record<string, string> }> };
const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };
const armOf = (visitor: string) => (bucketOf(EXP.id, visitor) / BUCKETS < 0.5 ? 'a' : 'b');

test('an arm served while the quota was full is remembered once there is room: logging in does not switch arms', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, quotaShim(false));
  await openShopPage(page, '/faults/quota-arm.html', { autocapture: false, calls: `clientele.push(['init', [{ experiments: [${JSON.stringify(EXP)}] }]]);` });
  await trackMarker(page, 'History');
  const anon = (await exported(page)).anonymous_id!;
  const served = armOf(anon);
  // The origin's quota fills for a moment: the visitor is served the experiment's row now.
  await setQuotaFull(page, true);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  await page.waitForTimeout(500);
  // Room again (retention, the browser freeing space): the page's events are stored as before.
  await setQuotaFull(page, false);
  await trackMarker(page, 'After Room');
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  await page.waitForTimeout(1000);
  const remembered = (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).experiments;
  // The visitor logs in with an id that would hash to the other arm, and goes on to the next page.
  const uid = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((u) => armOf(u) !== served)!;
  await page.evaluate((u) => (window as unknown as { clientele: Api }).clientele.identify(u), uid);
  await trackMarker(page, 'Logged In');
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  await page.waitForTimeout(1000);
  const data = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData());
  const shownArms = (await exported(page)).events.filter((e) => e.event === 'Experiment Viewed').map((e) => e.properties.variation_id);
  console.log(JSON.stringify({ served, rememberedAfterRoom: remembered, afterLogin: data.experiments, exposures: shownArms }));
  expect(remembered[EXP.id]).toBe(served);
  expect(data.experiments[EXP.id]).toBe(served);
  expect(pageErrors).toEqual([]);
});
