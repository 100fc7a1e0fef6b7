// Round 41 (tester c). Issue #8 (1) and (4): an exposure (`Experiment Viewed`) a full quota refuses is made again after
// the page's next batch (worker/experiments/serve.ts, retried). Is it stored with the time the row was shown, not the
// time room came? And once only, with a worker restart between the refusal and the room? On main at round 41: the time
// held (the first test passed), but the retry lived in the worker's memory only: killed before room came, the exposure
// was never stored (0 of 1) nor forwarded, though the row was shown. Now the refused exposure also goes to the page with
// the answer, as one of its own ops (src/client.ts, handed), kept in its outbox and parked when it leaves, stored once
// by its message id. Found beside it: an event a full quota refused was forwarded with every batch that sent it again
// (the page's Product Added: 4 times for 1 stored); now once, once stored.
import { test, expect, type Page } from '@playwright/test';
import { captureWorkers, exported, eventsNamed, killWorker, quotaShim, ready, setQuotaFull, shimWorker, trackMarker, watchConsole } from './helpers.ts';

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };
type Api = { recommend(r: object): Promise<unknown[]> };

async function shownWhileFull(page: Page): Promise<number> {
  await shimWorker(page, quotaShim(false));
  await captureWorkers(page);
  await page.addInitScript((exp) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Array<{ event: string }> };
    w.__fwd = [];
    w.clientele = [['init', [{ experiments: [exp], holdout: { percent: 0 }, forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: Array<{ event: string }>) => w.__fwd.push(...l) } }]]];
  }, EXP);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Ready');
  await setQuotaFull(page, true);
  return page.evaluate(async () => {
    const t = Date.now();
    await (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 });
    return t;
  });
}
const exposures = async (page: Page) => eventsNamed((await exported(page)).events, 'Experiment Viewed');
const forwarded = (page: Page) => page.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);

test('an exposure refused by a full quota, stored 3 s later once room comes: once, at the time the row was shown', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  const shown = await shownWhileFull(page);
  await page.waitForTimeout(3000);
  await setQuotaFull(page, false);
  await trackMarker(page, 'Room');
  await expect.poll(async () => (await exposures(page)).length, { timeout: 10_000 }).toBe(1);
  await trackMarker(page, 'Again');
  const e = await exposures(page);
  expect({ n: e.length, forwarded: await forwarded(page), pageErrors }).toEqual({ n: 1, forwarded: 1, pageErrors: [] });
  // Dated when it was shown (the call's own ms), not when room came 3 s later.
  expect(e[0].timestamp - shown).toBeLessThan(1000);
});

test('an exposure refused by a full quota, then the worker killed before room comes: stored once, at the time the row was shown', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  const shown = await shownWhileFull(page);
  await killWorker(page);
  await ready(page);
  await setQuotaFull(page, false);
  await trackMarker(page, 'Room');
  await page.waitForTimeout(2000);
  await trackMarker(page, 'Again');
  const e = await exposures(page);
  expect({ n: e.length, shownAt: e.length ? e[0].timestamp - shown < 1000 : null, forwarded: await forwarded(page), pageErrors }).toEqual({ n: 1, shownAt: true, forwarded: 1, pageErrors: [] });
});

// The same path for the page's own events: one a full quota refused waits on the page and is sent again with each
// batch; each time it was forwarded (config.forward), as the refused overlay reads it among the visitor's events.
test('a Product Added refused by a full quota and sent again with later batches: forwarded once, once stored', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, quotaShim(false));
  await page.addInitScript(() => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Array<{ event: string }> };
    w.__fwd = [];
    w.clientele = [['init', [{ forward: { events: ['cart'], consent: 'unless-refused', callback: (l: Array<{ event: string }>) => w.__fwd.push(...l) } }]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Ready');
  await setQuotaFull(page, true);
  await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    c.track('Product Added', { product_id: '85123A', price: 2.55 });
    // Three more batches while the quota is full: each sends the refused event again.
    for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 1200)), c.track('Filler', { i });
  });
  await setQuotaFull(page, false);
  await trackMarker(page, 'Room');
  await trackMarker(page, 'Again');
  const added = eventsNamed((await exported(page)).events, 'Product Added').length;
  const fwd = await page.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Product Added').length);
  expect({ added, fwd, pageErrors }).toEqual({ added: 1, fwd: 1, pageErrors: [] });
});
