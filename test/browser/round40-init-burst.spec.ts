// Round 40f's outside probe: 2,000 fuzzed init() calls, each in a task of its own, then a correct init() and 20 calls:
// in 2 of 3 runs ready(), status() and exportData() gave their fallbacks at 10 s and none of the 20 was stored within
// 20 s. Each init() made in its own task went to the worker as a config of its own, and the worker applied them one
// after another (a store opened for each new siteId, a model fetched for each siteModelUrl). Later calls refine earlier
// ones, so those made while one is applied can go together in the next.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, countWorkerCalls, workerCalls } from './helpers.ts';

type C = { init(c: object): void; track(e: string, p: object): void; status(): Promise<{ storage: string } | null> };

test('300 init() calls, each in its own task, then a correct one: the worker gets a handful of configs, the last applies, every call after it is stored', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await page.route('**/hangs/**', () => undefined);
  await countWorkerCalls(page, 'init');
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const sent = await page.evaluate(async () => {
    const w = window as unknown as { clientele: C; __workerCalls: number };
    const before = w.__workerCalls;
    // Tasks without setTimeout's clamp, as a fuzzer's loop or a framework's scheduler makes them.
    const task = () => new Promise<void>((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
    for (let i = 0; i < 300; i++) {
      w.clientele.init({ siteId: `burst-${i % 7}`, siteModelUrl: `/hangs/${i}/manifest.json`, retention: { maxEvents: 1000 + i } });
      await task();
    }
    w.clientele.init({ siteId: 'default', siteModelUrl: '/demo/model/manifest.json', retention: { maxEvents: 50_000 } });
    for (let i = 0; i < 20; i++) w.clientele.track('After Burst', { i });
    return w.__workerCalls - before;
  });
  await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'After Burst').length, { timeout: 20_000 }).toBe(20);
  const inits = await workerCalls(page);
  console.log({ sentDuringBurst: sent, initsToWorker: inits });
  expect(inits).toBeLessThanOrEqual(30);
  expect(await page.evaluate(() => (window as unknown as { clientele: C }).clientele.status().then((s) => s?.storage))).toBe('indexeddb');
  expect(pageErrors).toEqual([]);
});
