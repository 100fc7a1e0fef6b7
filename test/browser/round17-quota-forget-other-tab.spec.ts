// forget() in one tab while the origin's quota is full, with a second tab of the shop open whose last events are
// still waiting on its page (the quota refused them). README: "forget() is total and ordered: it erases calls made
// before it (queued, parked or in flight) ... refuses any copy of an older event ... that turns up later (from another
// tab ...)"; Quota: "forget() still erases everything ... and its time is stored with the next write that finds room".
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, killWorker, otherTabWaitsOnFullQuota, setQuotaFull } from './helpers.ts';

test('forget() on a full quota: events another tab tracked before it are not stored once room comes back', async ({ context }) => {
  test.setTimeout(90_000);
  // Tab B: the visitor looks at a product; the full quota keeps the events waiting on B's page.
  const { a, b, errs } = await otherTabWaitsOnFullQuota(context);
  // Tab A: "forget me".
  const forgot = await a.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget());
  await a.waitForTimeout(1000);
  // The shop frees its own caches: room again. The visitor goes on in tab B.
  await setQuotaFull(a, false);
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
  const { a, b, errs } = await otherTabWaitsOnFullQuota(context, { workers: true });
  const forgot = await a.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget());
  await killWorker(a);
  await a.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await setQuotaFull(a, false);
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
