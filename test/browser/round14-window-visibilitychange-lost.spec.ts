// Round 14: "every accepted call ... is kept until the worker has acknowledged it stored; on pagehide/visibilitychange
// whatever is not acknowledged is parked". A page that listens for visibilitychange on window (bubble phase, added
// after clientele.js, as much shop code does) and tracks there as the shopper leaves loses that event: Chromium fires
// pagehide, then visibilitychange, and the outbox's own window listener (registered first) parks before the page's
// runs; nothing parks after it. The same handler on document, or in the capture phase, or on pagehide, is kept
// (test/browser/leave-handlers.spec.ts covers those).
import { test, expect } from '@playwright/test';
import { countStored, openSettled, watchConsole, closeTab } from './helpers.ts';

test('track() from the page\'s own window visibilitychange handler (added after the script) as the shopper leaves: stored on the next page', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await openSettled(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
    addEventListener('visibilitychange', () => c.track('Left Window VC', { state: document.visibilityState }));
    // Controls: the same call from a document listener, and from the window's capture phase.
    document.addEventListener('visibilitychange', () => c.track('Left Document VC', { state: document.visibilityState }));
    addEventListener('visibilitychange', () => c.track('Left Window VC Capture', { state: document.visibilityState }), true);
  });
  await page.goto('/demo/fixtures/data-attrs.html');
  const got = await countStored(page, { window: 'Left Window VC', document: 'Left Document VC', capture: 'Left Window VC Capture' });
  console.log(JSON.stringify(got));
  expect(got).toEqual({ window: 1, document: 1, capture: 1 });
  expect(pageErrors).toEqual([]);
});

// The same root, seen from a background tab: the shopper switched to another tab (this one parked on hiding), then
// closes it. A tab already hidden gets no visibilitychange when it is closed (HTML: the visibility state does not
// change), only pagehide, and the outbox's pagehide listener runs before the page's own. Headless Chromium keeps every
// tab visible, so the hiding is emulated: visibilityState reads 'hidden', one visibilitychange is dispatched, and the
// trusted one Chromium fires at close (which a real background tab would not get) is held back.
test('a background tab closed: a track() made there just before, and one from the page\'s own pagehide handler, are stored on the next page', async ({ context }) => {
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await openSettled(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
    addEventListener('pagehide', () => c.track('Left PH', {}));
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    addEventListener('visibilitychange', (e) => { if (e.isTrusted) e.stopImmediatePropagation(); }, true);
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  await page.waitForTimeout(1500);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele.track('While Hidden', {}));
  await page.waitForTimeout(200);
  await closeTab(page);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/data-attrs.html');
  const got = await countStored(next, { pagehide: 'Left PH', whileHidden: 'While Hidden' });
  console.log(JSON.stringify(got));
  expect(got).toEqual({ pagehide: 1, whileHidden: 1 });
  expect(pageErrors).toEqual([]);
});
