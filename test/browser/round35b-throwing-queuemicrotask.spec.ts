// Round 35 (tester B, hostile globals). A page whose queueMicrotask throws (a broken polyfill or instrumentation
// wrapper): the script's microtask helper (src/soon.ts) calls it plainly, so the call made after each product read
// (src/client.ts, `r.then(() => soon(...))`) rejects a promise nobody handles, and the page's own error monitoring sees
// "unhandledrejection: no qm" from Clientele. Events are still stored and rows still come.
// Before the fix: pageErrors ["no qm"]. Expected: a queueMicrotask that throws is taken as one that is missing (a
// resolved promise's then() instead); no page error at all.
import { test, expect } from '@playwright/test';
import { exported, ready, watchConsole } from './helpers.ts';

test('a queueMicrotask that throws: nothing reaches the page\'s error handlers, events are stored', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.addInitScript(() => { window.queueMicrotask = () => { throw new Error('no qm'); }; });
  await page.goto('/demo/product.html?id=85123A');
  await ready(page);
  await expect.poll(async () => (await exported(page)).events.some((e) => e.event === 'Product Viewed'), { timeout: 15_000 }).toBe(true);
  await page.waitForTimeout(1000);
  expect(pageErrors).toEqual([]);
});
