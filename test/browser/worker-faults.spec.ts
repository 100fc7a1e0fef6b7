// The page-side deadlines and messages when the worker hangs or its storage keeps failing.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, shimWorker } from './helpers.ts';

test('a hung worker, a page that listens to onSegments(): setClock(), exportData() and status() settle within 10 s', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => new Promise<void>((r) => {
    (window as unknown as { clientele: { onSegments(f: () => void): void } }).clientele.onSegments(() => r());
  }));
  const [worker] = page.workers();
  await worker.evaluate(() => void setTimeout(() => { for (;;) { /* hung */ } }, 50));
  await page.waitForTimeout(200);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { setClock(ms: number | null): Promise<void>; status(): Promise<unknown>; exportData(): Promise<unknown> } }).clientele;
    const t0 = performance.now();
    const times: Record<string, number> = {};
    await Promise.all([
      c.setClock(Date.now()).then(() => (times.setClock = performance.now() - t0)),
      c.status().then(() => (times.status = performance.now() - t0)),
      c.exportData().then(() => (times.exportData = performance.now() - t0)),
    ]);
    return times;
  });
  console.log(JSON.stringify(r));
  expect(r.status).toBeLessThan(10_500);
  expect(r.setClock).toBeLessThan(10_500);
  expect(r.exportData).toBeLessThan(10_500);
  expect(pageErrors).toEqual([]);
});
// A storage write failure that lasts (a disk error) while the page keeps tracking: one console message.

const FAILING_PUTS = `(function(){var P=IDBObjectStore.prototype,put=P.put;P.put=function(){if(this.name==='chunks')throw new DOMException('Internal error writing to disk.','UnknownError');return put.apply(this,arguments)};})();\n`;

test('IndexedDB writes of events fail (UnknownError) while the page tracks an event every 500 ms: one console message', async ({ page }) => {
  test.setTimeout(60_000);
  const { warnings, pageErrors } = watchConsole(page);
  await shimWorker(page, FAILING_PUTS);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 40; i++) {
      c.track('Tick', { n: i });
      await new Promise((r) => setTimeout(r, 500));
    }
  });
  const storageMsgs = warnings.filter((w) => /clientele/.test(w));
  console.log(storageMsgs.length, JSON.stringify(storageMsgs.map((m) => m.slice(0, 110)), null, 1));
  expect(storageMsgs.length).toBeLessThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});
