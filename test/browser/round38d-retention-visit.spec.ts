// Retention during a visit: the count limit while two tabs track on and on, and the age limit as the clock moves on.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, trackMarker, initBeforeLoad, shimWorker, demoCatalog } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void; status(): Promise<{ events: number }>; setClock(ms: number | null): Promise<unknown>; recommend(r: object): Promise<unknown[]>; segments(): Promise<unknown> };

async function open(page: Page, retention: object) {
  await initBeforeLoad(page, { siteId: 'r38d-ret', autocapture: false, retention });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
}

test('maxEvents 2,000 while two tabs each track 6,000 events in bursts: the stored count never passes the limit, and the newest stay', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  const errs = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  await open(a, { maxEvents: 2000 });
  await open(b, { maxEvents: 2000 });
  let most = 0;
  for (let round = 0; round < 12; round++) {
    await Promise.all([a, b].map((p, t) => p.evaluate(([t, round]) => {
      const c = (window as unknown as { clientele: Api }).clientele;
      for (let i = 0; i < 500; i++) c.track(t ? 'B' : 'A', { i: round * 500 + i });
    }, [t, round] as const)));
    const n = await a.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status()).events);
    most = Math.max(most, n);
    await a.waitForTimeout(300);
  }
  await trackMarker(a, 'EndA');
  await trackMarker(b, 'EndB');
  const ev = (await exported(a)).events;
  const as = eventsNamed(ev, 'A').map((e) => e.properties.i as number);
  const bs = eventsNamed(ev, 'B').map((e) => e.properties.i as number);
  console.log('RET', JSON.stringify({ most, total: ev.length, a: as.length, b: bs.length, minA: Math.min(...as), minB: Math.min(...bs) }));
  expect(ev.length).toBeLessThanOrEqual(2000);
  expect(most).toBeLessThanOrEqual(2000);
  // The newest: each tab's last events are all there.
  expect(as.filter((i) => i >= 5700).length).toBe(300);
  expect(bs.filter((i) => i >= 5700).length).toBe(300);
  expect(errs.flat()).toEqual([]);
});

// The device's clock jumps forward (set by hand, or corrected by NTP) in the page and its worker alike.
const jumpable = `(function(){var d=Date.now,off=0;Date.now=function(){return d()+off};
new BroadcastChannel('r38d-clock').onmessage=function(e){off=e.data};})();\n`;

test('maxAgeDays 1 and the device clock jumps two days forward mid-visit: what is now older than a day goes during the visit, what is tracked after stays', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, jumpable);
  await page.addInitScript((s) => { (0, eval)(s); }, jumpable);
  await open(page, { maxAgeDays: 1, maxEvents: 50000 });
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 300; i++) c.track('Product Viewed', { product_id: 'early-' + i }); });
  await trackMarker(page, 'E');
  await page.evaluate(async () => { new BroadcastChannel('r38d-clock').postMessage(2 * 86_400_000); await new Promise((r) => setTimeout(r, 200)); });
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 10; i++) c.track('Later', { i }); });
  await trackMarker(page, 'L');
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api & { exportData(): Promise<{ events: { event: string }[] }> } }).clientele;
    const ex = await c.exportData();
    return { status: (await c.status()).events, early: ex.events.filter((e) => e.event === 'Product Viewed').length, later: ex.events.filter((e) => e.event === 'Later').length, recent: (await c.recommend({ type: 'recently-viewed' })).length };
  });
  console.log('AGE', JSON.stringify(r));
  expect(r).toEqual({ status: 11, early: 0, later: 10, recent: 0 });
  expect(pageErrors).toEqual([]);
});

test('maxAgeDays 1, the clock jumps two days forward and nothing more is tracked: reads no longer use or export what is past the age limit', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, jumpable);
  await page.addInitScript((s) => { (0, eval)(s); }, jumpable);
  await open(page, { maxAgeDays: 1, maxEvents: 50000 });
  const ids = demoCatalog().slice(0, 5).map((p) => p.product_id);
  await page.evaluate((ids) => { const c = (window as unknown as { clientele: Api }).clientele; for (const id of ids) c.track('Product Viewed', { product_id: id }); }, ids);
  await trackMarker(page, 'E');
  const read = () => page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api & { exportData(): Promise<{ events: { event: string }[] }> } }).clientele;
    const ex = await c.exportData();
    return { status: (await c.status()).events, exported: ex.events.length, recent: (await c.recommend({ type: 'recently-viewed' })).length };
  });
  const before = await read();
  console.log('BEFORE', JSON.stringify(before));
  expect(before.recent).toBeGreaterThan(0);
  await page.evaluate(async () => { new BroadcastChannel('r38d-clock').postMessage(2 * 86_400_000); await new Promise((r) => setTimeout(r, 200)); });
  const r = await read();
  console.log('IDLE', JSON.stringify(r));
  expect(r).toEqual({ status: 0, exported: 0, recent: 0 });
  expect(pageErrors).toEqual([]);
});
