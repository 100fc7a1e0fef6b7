// forget() in one tab while the origin's quota is full, with a second tab of the shop open whose last events are
// still waiting on its page (the quota refused them). README: "forget() is total and ordered: it erases calls made
// before it (queued, parked or in flight) ... refuses any copy of an older event ... that turns up later (from another
// tab ...)"; Quota: "forget() still erases everything ... and its time is stored with the next write that finds room".
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, killWorker, openReady, shimWorker, watchConsole } from './helpers.ts';

const QUOTA = `(function(){var full=false;var P=IDBObjectStore.prototype;var put=P.put,add=P.add;
var q=function(){return new DOMException('The quota has been exceeded.','QuotaExceededError')};
P.put=function(){if(full)throw q();return put.apply(this,arguments)};P.add=function(){if(full)throw q();return add.apply(this,arguments)};
new BroadcastChannel('quota-ctl').onmessage=function(e){full=!!e.data.full};})();\n`;

const quota = (page: import('@playwright/test').Page, full: boolean) =>
  page.evaluate(async (f) => { new BroadcastChannel('quota-ctl').postMessage({ full: f }); await new Promise((r) => setTimeout(r, 200)); }, full);

test('forget() on a full quota: events another tab tracked before it are not stored once room comes back', async ({ context }) => {
  test.setTimeout(90_000);
  await shimWorker(context, QUOTA);
  const a = await openReady(context);
  const b = await openReady(context);
  const errs = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  await quota(a, true);
  // Tab B: the visitor looks at a product; the full quota keeps the events waiting on B's page.
  await b.evaluate(() => { const c = (window as unknown as { clientele: { track(n: string, p: object): void } }).clientele; for (let i = 0; i < 5; i++) c.track('Before Forget', { i }); });
  await b.waitForTimeout(1500);
  // Tab A: "forget me".
  const forgot = await a.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget());
  await a.waitForTimeout(1000);
  // The shop frees its own caches: room again. The visitor goes on in tab B.
  await quota(a, false);
  await b.evaluate(() => (window as unknown as { clientele: { track(n: string): void } }).clientele.track('After Forget'));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'After Forget').length, { timeout: 30_000 }).toBe(1);
  const data = await exported(a);
  const before = eventsNamed(data.events, 'Before Forget').length;
  console.log(JSON.stringify({ forgot, before, total: data.events.length, anon: data.anonymous_id, beforeAnon: [...new Set(eventsNamed(data.events, 'Before Forget').map((e) => e.anonymous_id))] }));
  expect(forgot).toBe(true);
  expect(before).toBe(0);
  expect(errs.flat()).toEqual([]);
});

// The same, when the worker of the tab that forgot is restarted (a crash) before room comes back: the mark it kept in
// memory dies with it, so not even a write in that tab stores it.
test('forget() on a full quota, then its worker restarts: events another tab tracked before it are not stored', async ({ context }) => {
  test.setTimeout(90_000);
  await shimWorker(context, QUOTA);
  const a = await openReady(context, { workers: true });
  const b = await openReady(context);
  const errs = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  await quota(a, true);
  await b.evaluate(() => { const c = (window as unknown as { clientele: { track(n: string, p: object): void } }).clientele; for (let i = 0; i < 5; i++) c.track('Before Forget', { i }); });
  await b.waitForTimeout(1500);
  const forgot = await a.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget());
  await killWorker(a);
  await a.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await quota(a, false);
  // A write in the tab that forgot finds room first.
  await a.evaluate(() => (window as unknown as { clientele: { track(n: string): void } }).clientele.track('A After'));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'A After').length, { timeout: 30_000 }).toBe(1);
  await b.evaluate(() => (window as unknown as { clientele: { track(n: string): void } }).clientele.track('After Forget'));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'After Forget').length, { timeout: 30_000 }).toBe(1);
  const data = await exported(a);
  const before = eventsNamed(data.events, 'Before Forget').length;
  console.log(JSON.stringify({ forgot, before, total: data.events.length }));
  expect(forgot).toBe(true);
  expect(before).toBe(0);
  expect(errs.flat()).toEqual([]);
});
