// Round 39 (tester a). The other side of round38b-killed-before-lock (both kills as the worker is made, fixed in round 39): the
// page's first worker, its file not fetched and silent 6 s on, is given a second worker beside it, not killed, since
// nothing tells a worker killed as it was made from one whose file is slow to come. Here the file is slow (8 s for each
// request, none shared): the first speaks first and is kept, the second is dropped. ready() is true as soon as the
// first is up (within its 10 s deadline), a row comes, and every call is stored once.
import { test, expect } from '@playwright/test';
import { captureWorkers, exported, eventsNamed, watchConsole } from './helpers.ts';

type Api = { track(e: string, p: object): void; ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]> };

test('the first worker\'s file takes 8 s to come: ready() true and a row within 10 s, every call stored once', async ({ page, context }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  await captureWorkers(page);
  let requests = 0;
  await context.route('**/dist/clientele-worker.js', async (route) => {
    requests++;
    await new Promise((r) => setTimeout(r, 8000));
    await route.continue();
  });
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let n = 0; n < 500; n++) c.track('Slow First', { n });
    const [ok, recs] = await Promise.all([c.ready(), c.recommend({ type: 'popular', limit: 4 })]);
    return { ok, recs: recs.length };
  });
  expect(r).toEqual({ ok: true, recs: 4 });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Slow First').length, { timeout: 20_000 }).toBe(500).catch(() => undefined);
  await page.waitForTimeout(1000);
  const s = eventsNamed((await exported(page)).events, 'Slow First');
  const live = await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length);
  console.log(JSON.stringify({ requests, live }));
  expect({ stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, ids: new Set(s.map((e) => e.message_id)).size, pageErrors, warnings })
    .toEqual({ stored: 500, distinct: 500, ids: 500, pageErrors: [], warnings: [] });
});
