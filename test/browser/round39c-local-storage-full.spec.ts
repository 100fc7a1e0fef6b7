// localStorage full with the shop's own data (not wrapped: sessionStorage, with a quota of its own, still takes
// writes). A page left before its first batch reached the worker (1 s) can park its calls nowhere in localStorage.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, fillLocalStorage } from './helpers.ts';

test.setTimeout(90_000);
type Api = { track(e: string, p?: object): void; exportData(): Promise<{ events: { event: string; properties: { i: number } }[] } | null> };

test('localStorage full with the shop\'s data: the calls of a page left at once are parked in the tab\'s sessionStorage and stored once by its next page', async ({ page }) => {
  const con = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await fillLocalStorage(page, 0);
  // Left in the same task as the calls: none can have been sent.
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 200; i++) c.track('Full', { i }); location.reload(); })]);
  await ready(page);
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()))?.events.filter((e) => e.event === 'Full').length, { timeout: 15_000 }).toBe(200);
  const is = (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()))!.events.filter((e) => e.event === 'Full').map((e) => e.properties.i);
  const left = await page.evaluate(() => ({ session: Object.keys(sessionStorage).filter((k) => k.startsWith('clientele')).length, shop: Object.keys(localStorage).filter((k) => k.startsWith('shop:')).length }));
  console.log('LSFULL', is.length, new Set(is).size, JSON.stringify(left));
  expect(new Set(is).size).toBe(200);
  // Taken over: nothing of ours stays in sessionStorage, and the shop's own data is untouched.
  expect(left.session).toBe(0);
  expect(left.shop).toBeGreaterThan(0);
  expect(con.pageErrors).toEqual([]);
});
