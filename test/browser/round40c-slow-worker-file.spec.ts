// Round 40 (tester c). Issue #8 (2): the hedged second worker. The page's first worker, its file not fetched and silent
// 6 s on, gets a second beside it (src/rpc.ts probe). Here the worker file is 8 s slow at a real server (a proxy in
// front of the test server that holds the file's response back, as a slow CDN does), not a Playwright route, which
// skips the browser's HTTP cache: does the hedge download the file twice, and is anything stored twice? Held on main at
// round 40: two workers, two requests from the page, one reaching the server (the second waits on the first in
// Chromium's HTTP cache and is answered from it; round39a-slow-first-worker's route counts 2, as routes bypass that
// cache); 500 of 500 stored once. A file served with Cache-Control: no-store would be sent twice (not tried).
import { test, expect } from '@playwright/test';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exported, eventsNamed, watchConsole, captureWorkers } from './helpers.ts';

type Api = { track(e: string, p: object): void; ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]> };

test('the worker file 8 s slow at the server: ready() and a row, every call stored once; how many times the file is sent', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  const upstream = new URL(test.info().project.use.baseURL ?? `http://127.0.0.1:${process.env.TEST_PORT}`);
  const sent: number[] = [];
  const server: Server = createServer((req, res) => {
    const slow = /clientele-worker\.js/.test(req.url ?? '');
    const go = () => {
      const up = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } }, (r) => {
        if (slow) sent.push(r.statusCode ?? 0);
        res.writeHead(r.statusCode ?? 500, r.headers);
        r.pipe(res);
      });
      up.on('error', () => res.destroy());
      req.pipe(up);
    };
    if (slow) setTimeout(go, 8000);
    else go();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await captureWorkers(page);
  let requests = 0;
  page.on('request', (q) => void (/clientele-worker\.js/.test(q.url()) && requests++));
  try {
    await page.goto(`${base}/demo/index.html`);
    await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
    const r = await page.evaluate(async () => {
      const c = (window as unknown as { clientele: Api }).clientele;
      for (let n = 0; n < 500; n++) c.track('Slow File', { n });
      const [ok, recs] = await Promise.all([c.ready(), c.recommend({ type: 'popular', limit: 4 })]);
      return { ok, recs: recs.length };
    });
    await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'Slow File').length, { timeout: 20_000 }).toBe(500).catch(() => undefined);
    await page.waitForTimeout(1000);
    const s = eventsNamed((await exported(page)).events, 'Slow File');
    const workers = await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length);
    console.log('SLOW FILE', JSON.stringify({ sent, requests, workers, ...r }));
    expect({ ...r, stored: s.length, ids: new Set(s.map((e) => e.message_id)).size, distinct: new Set(s.map((e) => e.properties.n)).size, pageErrors, warnings })
      .toEqual({ ok: true, recs: 4, stored: 500, ids: 500, distinct: 500, pageErrors: [], warnings: [] });
    // The second worker's request waits on the first in the browser's HTTP cache (or is answered 304): the file's
    // body is sent once.
    expect(sent.filter((c) => c === 200)).toEqual([200]);
  } finally {
    server.close();
  }
});
