// Round 38 (tester b): the worker dies at other moments: during its schema upgrade, while it retries a batch the full quota refused, while IndexedDB never answers its open, twice in memory mode, while the page replays a park; and the database deleted from another tab during forget(). All passed on main when written.
import { test, expect, type Page } from '@playwright/test';
import { burst, counts, once, captureWorkers, ready, watchConsole, shimWorker, olderSchemaTab, quotaShim, setQuotaFull, noIndexedDb, type StoredEventLike } from './helpers.ts';

type Api = {
  track(e: string, p?: object): void;
  forget(): Promise<boolean>;
  recommend(r: object): Promise<unknown[]>;
  exportData(): Promise<{ events: StoredEventLike[] } | null>;
  status(): Promise<{ storage: string } | null>;
  ready(): Promise<boolean>;
};

/** Kills the page's newest worker when a worker posts on the BroadcastChannel 'kill-now'. */
const killOnSignal = (page: Page) => page.addInitScript(() => {
  const w = window as unknown as { __workers: Worker[]; __kills: number };
  w.__kills = 0;
  new BroadcastChannel('kill-now').onmessage = () => { w.__kills++; w.__workers.at(-1)!.terminate(); };
});

for (const delay of [0, 30]) test(`the worker killed ${delay} ms into its schema upgrade (v3 with 3,000 rows): the next worker upgrades, all rows kept once, new calls stored once`, async ({ context }) => {
  const now = Date.now();
  const events = Array.from({ length: 3000 }, (_, n) => ({ message_id: `old-${n}`, event: 'Old Row', properties: { n }, timestamp: now - 3_600_000 + n, session_id: 's-old', anonymous_id: 'anon-old' }));
  const { page: old, release } = await olderSchemaTab(context, { events, profile: { anonymous_id: 'anon-old', user_id: null, traits: {}, created_at: now - 3_600_000, updated_at: now - 3_600_000 } });
  await release();
  await old.close();
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  await killOnSignal(page);
  let first = true;
  await shimWorker(page, () => (first ? ((first = false), `(function(){var F=IDBFactory.prototype,o=F.open;F.open=function(){var r=o.apply(this,arguments);r.addEventListener('upgradeneeded',function(){setTimeout(function(){new BroadcastChannel('kill-now').postMessage(1)},${delay});var t=Date.now();while(Date.now()-t<${delay ? 0 : 300});});return r};})();\n`) : ''));
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await burst(page, 'New Row', 1000);
  const ok = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.ready());
  const kills = await page.evaluate(() => (window as unknown as { __kills: number }).__kills);
  expect({ ok, kills }).toEqual({ ok: true, kills: 1 });
  expect({ old: await counts(page, 'Old Row', 3000), fresh: await counts(page, 'New Row', 1000), storage: (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage, pageErrors }).toEqual({ old: once(3000), fresh: once(1000), storage: 'indexeddb', pageErrors: [] });
});

test('the worker killed while it retries a batch the full quota refused: the next one stores it once the quota frees', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, quotaShim(false));
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await setQuotaFull(page, true);
  await burst(page, 'Quota Kill', 2000);
  await page.waitForTimeout(2500);
  await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate());
  await expect.poll(() => page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length)).toBe(2);
  await page.waitForTimeout(1500);
  await setQuotaFull(page, false);
  await burst(page, 'After Free', 100);
  expect({ a: await counts(page, 'Quota Kill', 2000), b: await counts(page, 'After Free', 100), pageErrors }).toEqual({ a: once(2000), b: once(100), pageErrors: [] });
});

test('the worker killed from outside while IndexedDB never answers its open: promises settle in 10 s, the next worker stores all once', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  let first = true;
  await shimWorker(page, () => (first ? ((first = false), `(function(){var F=IDBFactory.prototype;F.open=function(){return {addEventListener:function(){},set onsuccess(f){},set onerror(f){},set onupgradeneeded(f){},set onblocked(f){}}};})();\n`) : ''));
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await burst(page, 'Open Hang', 1000);
  const r = await page.evaluate(async () => {
    const w = window as unknown as { clientele: Api; __workers: Worker[] };
    await new Promise((r) => setTimeout(r, 800));
    const t0 = performance.now();
    const p = Promise.all([w.clientele.ready(), w.clientele.recommend({ type: 'popular', limit: 4 }).then((x) => x.length), w.clientele.status().then((s) => s && s.storage)]);
    w.__workers.at(-1)!.terminate();
    const v = await p;
    return { ms: performance.now() - t0, v };
  });
  console.log(JSON.stringify(r));
  expect(r.ms).toBeLessThan(10_500);
  expect(r.v[0]).toBe(true);
  expect({ c: await counts(page, 'Open Hang', 1000), pageErrors }).toEqual({ c: once(1000), pageErrors: [] });
});

test('memory mode (no IndexedDB), the worker killed twice 300 ms apart mid-burst: the page keeps the copy, all 3,000 once', async ({ page, context }) => {
  const { pageErrors } = watchConsole(page);
  await noIndexedDb(context);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(async () => {
    const w = window as unknown as { clientele: Api; __workers: Worker[] };
    for (let i = 0; i < 1500; i++) w.clientele.track('Mem Kill', { n: i });
    await new Promise((r) => setTimeout(r, 50));
    w.__workers.at(-1)!.terminate();
    for (let i = 1500; i < 3000; i++) w.clientele.track('Mem Kill', { n: i });
    while (w.__workers.length < 2) await new Promise((r) => setTimeout(r, 5));
    await w.clientele.ready();
    await new Promise((r) => setTimeout(r, 300));
    w.__workers.at(-1)!.terminate();
  });
  expect({ c: await counts(page, 'Mem Kill', 3000), pageErrors }).toEqual({ c: once(3000), pageErrors: [] });
});

test('the worker killed while the page replays 20,000 parked events: all once', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'Parked Kill', 20_000);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await page.waitForTimeout(150);
  await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate());
  await page.waitForTimeout(400);
  await page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate());
  expect({ c: await counts(page, 'Parked Kill', 20_000, 45_000), pageErrors }).toEqual({ c: once(20_000), pageErrors: [] });
});

test('the database deleted from another tab while forget() runs: forget() settles true, nothing from before stays, later calls stored', async ({ context }) => {
  const a = await context.newPage();
  const { pageErrors } = watchConsole(a);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await burst(a, 'Before', 500);
  await counts(a, 'Before', 500);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html?b');
  await ready(b);
  const [ok] = await Promise.all([
    a.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget()),
    b.evaluate(() => new Promise((r) => { const q = indexedDB.deleteDatabase('clientele:default'); q.onsuccess = q.onerror = q.onblocked = r; })),
  ]);
  await burst(a, 'After', 300);
  await burst(b, 'After B', 300);
  expect({ ok, before: await counts(a, 'Before', 0, 3000), after: await counts(a, 'After', 300), afterB: await counts(b, 'After B', 300), pageErrors }).toEqual({ ok: true, before: once(0), after: once(300), afterB: once(300), pageErrors: [] });
});
