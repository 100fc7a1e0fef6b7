// Round 38 (tester b). Issue #8 (2): "a dead or unresponsive worker is detected, restarted, and its unacknowledged
// batches replayed; ... the widgets recover without a reload". The worker dies (a crash, out of memory, the browser
// reclaiming it) while the shopper's connection is down for a moment (a train, a tunnel) or the CDN answers one
// request with an error: the new worker's script does not load. Before the fix the page took that for "a missing file
// or the CSP" and gave up at once, though the same file had run on this page: for the rest of the page ready() was
// false, every recommend() [], rows never recovered and no event was stored (0 of 300). A worker that never loaded still
// gets one more try only; one that ran is started again, up to the page's 5 restarts, further apart.
import { test, expect } from '@playwright/test';
import { captureWorkers, exported, eventsNamed, ready, watchConsole } from './helpers.ts';

type Api = { track(e: string, p: object): void; ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string } | null> };

for (const fault of ['offline', '503']) test(`the worker dies while its script cannot be fetched (${fault}) for 3 s: a new one starts once it can, pending calls settle, all events stored once`, async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await page.route('**/dist/clientele-worker.js', (r) => (fault === 'offline' ? r.abort('internetdisconnected') : r.fulfill({ status: 503, body: 'busy' })));
  const settled = await page.evaluate(async () => {
    const w = window as unknown as { clientele: Api; __workers: Worker[] };
    for (let i = 0; i < 150; i++) w.clientele.track('Offline Kill', { n: i });
    w.__workers.at(-1)!.terminate();
    const t0 = performance.now();
    const recs = await w.clientele.recommend({ type: 'popular', limit: 4 });
    return { ms: performance.now() - t0, recs: recs.length };
  });
  expect(settled.ms).toBeLessThan(10_500);
  await page.waitForTimeout(3000);
  await page.unroute('**/dist/clientele-worker.js');
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 150; i < 300; i++) c.track('Offline Kill', { n: i }); });
  // Back within the page's restarts: rows come from a new worker, and what was tracked meanwhile is stored.
  await expect.poll(() => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 })).length), { timeout: 30_000 }).toBe(4);
  expect(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.ready())).toBe(true);
  await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'Offline Kill').length, { timeout: 20_000 }).toBe(300);
  const s = eventsNamed((await exported(page)).events, 'Offline Kill');
  expect({ stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, ids: new Set(s.map((e) => e.message_id)).size, pageErrors }).toEqual({ stored: 300, distinct: 300, ids: 300, pageErrors: [] });
});
