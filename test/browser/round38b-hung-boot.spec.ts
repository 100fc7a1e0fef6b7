// Round 38 (tester b): workers that hang (a busy loop) as they boot, once or every time. All passed on main when written.
import { test, expect, type Page } from '@playwright/test';
import { exported, eventsNamed, ready, watchConsole, shimWorker, captureWorkers, type StoredEventLike } from './helpers.ts';

type Api = { track(e: string, p?: object): void; ready(): Promise<boolean>; forget(): Promise<boolean>; recommend(r: object): Promise<unknown[]>; exportData(): Promise<{ events: StoredEventLike[] } | null>; status(): Promise<unknown> };

// Hangs for good as soon as it holds its life lock (IndexedDB opening, the config not yet applied).
const HANG_AT_LOCK = `(function(){var p=self.postMessage;self.postMessage=function(m){p.apply(self,arguments);if(m&&m.id==='locked')setTimeout(function(){for(;;){}},0)};})();\n`;

async function named(page: Page, name: string, want: number, timeout = 30_000) {
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout }).toBe(want).catch(() => undefined);
  const s = eventsNamed((await exported(page)).events, name);
  return { stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, ids: new Set(s.map((e) => e.message_id)).size };
}

const settleAll = (page: Page) => page.evaluate(async () => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let n = 0; n < 200; n++) c.track('Hung Boot', { n });
  const t0 = performance.now();
  const r = await Promise.all([c.ready(), c.recommend({ type: 'popular', limit: 4 }).then((x) => x.length), c.exportData().then((x) => (x ? 'data' : x)), c.status().then((x) => (x ? 'status' : x))]);
  return { within10s: performance.now() - t0 < 10_500, r };
});

test('every worker hangs as it boots: each promise settles with its fallback within 10 s; the next page stores the 200 calls once', async ({ context }) => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, HANG_AT_LOCK);
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const s = await settleAll(page);
  expect(s).toEqual({ within10s: true, r: [false, 0, null, null] });
  await page.close();
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  expect({ c: await named(next, 'Hung Boot', 200), pageErrors }).toEqual({ c: { stored: 200, distinct: 200, ids: 200 }, pageErrors: [] });
});

test('the first worker hangs as it boots: promises settle within 10 s, a new worker is up after the hang check, all 200 stored once on the page', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  let first = true;
  await shimWorker(page, () => (first ? ((first = false), HANG_AT_LOCK) : ''));
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const s = await settleAll(page);
  expect(s.within10s).toBe(true);
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.ready()), { timeout: 30_000 }).toBe(true);
  expect({ c: await named(page, 'Hung Boot', 200), workers: await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length), pageErrors }).toEqual({ c: { stored: 200, distinct: 200, ids: 200 }, workers: 2, pageErrors: [] });
});
