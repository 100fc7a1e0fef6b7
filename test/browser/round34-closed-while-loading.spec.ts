// Issue #8 (1): "on pagehide/visibilitychange whatever is not acknowledged is parked". A page that has not finished
// loading (an image, an ad, a tag, or clientele.js itself still on its way: an async script holds the load event back)
// gets neither when its tab is closed: the HTML spec fires them only for a page shown. Such a tab lost every call not
// yet stored: 100 of 100 tracked after the engine was ready, and every call the snippet queued before the script came.
// Closing a tab runs beforeunload, so the engine and the snippet park on it too, until the page has loaded.
import { test, expect, type Page } from '@playwright/test';
import { ready, closeTab, exported, eventsNamed, openReady, parkSnippetQueue, watchConsole } from './helpers.ts';

/** The event types of the listeners on `page`'s window (Chromium's DevTools protocol). */
async function windowListeners(page: Page): Promise<string[]> {
  const cdp = await page.context().newCDPSession(page);
  const { result } = await cdp.send('Runtime.evaluate', { expression: 'window' });
  const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
  await cdp.detach();
  return listeners.map((l) => l.type);
}

test('a tab closed while its page still loads (an image that never arrives): the next page stores all 100 calls once', async ({ context }) => {
  const b = await context.newPage();
  const errs = watchConsole(b).pageErrors;
  await b.route('**/hang.png', () => new Promise(() => undefined));
  await b.route('**/loading.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Loading</title><script src="/dist/clientele.js" data-autocapture="false"></script><img src="/hang.png" alt="">' }));
  await b.goto('/loading.html', { waitUntil: 'domcontentloaded' });
  await ready(b);
  expect(await b.evaluate(() => document.readyState)).toBe('interactive');
  await b.evaluate(() => { for (let i = 0; i < 100; i++) (window as any).clientele.track('Closed While Loading', { i }); });
  await closeTab(b);
  const next = await openReady(context);
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Closed While Loading').length, { timeout: 15_000 }).toBe(100);
  await next.waitForTimeout(1000);
  const s = eventsNamed((await exported(next)).events, 'Closed While Loading');
  expect(new Set(s.map((e) => e.properties.i)).size).toBe(100);
  expect(s.length).toBe(100);
  expect(errs).toEqual([]);
});

test('a tab closed before clientele.js arrived (the snippet\'s queue): the next page stores all 30 calls once', async ({ context }) => {
  const b = await parkSnippetQueue(context, "for (var i = 0; i < 30; i++) clientele.track('Queued Then Closed', { i });", 'closed');
  expect(await b.evaluate(() => document.readyState)).not.toBe('complete');
  await closeTab(b);
  const next = await openReady(context);
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Queued Then Closed').length, { timeout: 15_000 }).toBe(30);
  await next.waitForTimeout(1000);
  expect(eventsNamed((await exported(next)).events, 'Queued Then Closed').length).toBe(30);
});

test('once the page has loaded, neither the snippet nor the engine keeps a beforeunload listener (back-forward cache)', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  await page.waitForFunction(() => document.readyState === 'complete');
  const types = await windowListeners(page);
  // The check can fail: the listeners it lists include ours.
  expect(types).toContain('pagehide');
  expect(types).not.toContain('beforeunload');
  // Each batch adds the listeners again (document.open() erases them): still none for beforeunload after one.
  await page.evaluate(() => (window as any).clientele.track('After Load', {}));
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'After Load').length).toBe(1);
  expect(await windowListeners(page)).not.toContain('beforeunload');
});
