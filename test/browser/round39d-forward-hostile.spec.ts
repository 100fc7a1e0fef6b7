// Round 39 (tester D). Issue #8: nothing may throw into the page, and nothing accepted may be lost. Forwarding
// (config.forward) on a hostile page: structuredClone missing (an older browser, a page's polyfill gone wrong),
// navigator.sendBeacon removed (a privacy extension), and the page's fetch replaced by a wrapper that throws.
import { test, expect, type Page } from '@playwright/test';
import { ready, initBeforeLoad, watchConsole } from './helpers.ts';

type C = { track(e: string, p: object): void };
const CATCH = `window.__escaped = [];
addEventListener('unhandledrejection', (e) => { let s = '?'; try { s = String(e.reason && e.reason.stack || e.reason); } catch (x) {} __escaped.push('rejection: ' + s.slice(0, 300)); });
addEventListener('error', (e) => __escaped.push('error: ' + e.message + ' ' + e.filename));`;
const escaped = (page: Page) => page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped);

async function openWith(page: Page, hostile: string, forward: Record<string, unknown>) {
  await page.addInitScript((s) => (0, eval)(s), `${CATCH}\n${hostile}`);
  await initBeforeLoad(page, { autocapture: false, forward: { consent: 'unless-refused', events: ['cart'], ...forward } });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
}

// Before the fix: the callback's copy was made with structuredClone: missing, it threw, the callback never got the
// events, and the message blamed the callback ("your config.forward.callback threw: structuredClone is not defined").
test('structuredClone missing: the forward callback still gets each event, and no message blames it', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await page.addInitScript(() => {
    (window as unknown as { __got: string[] }).__got = [];
    (window as unknown as { __cb: unknown }).__cb = (events: Array<{ event: string }>) => (window as unknown as { __got: string[] }).__got.push(...events.map((e) => e.event));
  });
  await page.addInitScript((s) => (0, eval)(s), `${CATCH}\ndelete window.structuredClone;`);
  // The callback is a function: the config goes through init() in a script of the page, not through JSON.
  await page.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ autocapture: false, forward: { consent: 'unless-refused', events: ['cart'], callback: (window as unknown as { __cb: unknown }).__cb } }]]]; });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { for (let i = 0; i < 3; i++) (window as unknown as { clientele: C }).clientele.track('Product Added', { product_id: `SKU-${i}`, price: 2, quantity: 1 }); });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __got: string[] }).__got.length), { timeout: 10_000 }).toBe(3).catch(() => undefined);
  expect(await page.evaluate(() => (window as unknown as { __got: string[] }).__got)).toEqual(['Product Added', 'Product Added', 'Product Added']);
  expect(warnings.filter((w) => /callback/.test(w))).toEqual([]);
  expect(await escaped(page)).toEqual([]);
});

// sendBeacon removed: the fallback fetch delivers the batch.
test('navigator.sendBeacon removed: the endpoint still gets the events', async ({ page }) => {
  const bodies: string[] = [];
  await page.route('**/collect39d', (route) => { bodies.push(route.request().postData() ?? ''); return route.fulfill({ status: 204 }); });
  await openWith(page, `delete Navigator.prototype.sendBeacon;`, { endpoint: '/collect39d', batchSize: 3 });
  await page.evaluate(() => { for (let i = 0; i < 3; i++) (window as unknown as { clientele: C }).clientele.track('Product Added', { product_id: `SKU-${i}`, price: 2, quantity: 1 }); });
  await expect.poll(() => bodies.join('').split('\n').filter(Boolean).length, { timeout: 10_000 }).toBe(3);
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: the fallback fetch was called unguarded: a page's fetch wrapper that throws (or answers something
// that is not a promise) threw out of the forwarder's timer and the page's own pagehide: an uncaught error in the page.
test('sendBeacon removed and the page\'s fetch throws: nothing is thrown into the page', async ({ page }) => {
  await openWith(page, `delete Navigator.prototype.sendBeacon; const f = window.fetch; window.fetch = function (u) { if (String(u).includes('collect39d')) throw new TypeError('blocked by the page'); return f.apply(this, arguments); };`, { endpoint: '/collect39d', batchSize: 3 });
  await page.evaluate(() => { for (let i = 0; i < 3; i++) (window as unknown as { clientele: C }).clientele.track('Product Added', { product_id: `SKU-${i}`, price: 2, quantity: 1 }); });
  await page.waitForTimeout(4000);
  expect(await escaped(page)).toEqual([]);
});
