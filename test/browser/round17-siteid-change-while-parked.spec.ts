// Round 17. README (Config, siteId): "Calls not yet stored when an init() changes it are stored under the new one".
// Issue #8 item 1: nothing stored twice. A page parks its unsent calls on hiding (keys clientele:<siteId>:unsent:*),
// then an init() changes siteId while it is hidden (a shop's script that picks the site id late). The calls are
// stored under the new site, but the chunk parked under the old site's prefix is never removed: neither by the park
// that follows the acknowledgement nor on the page's return (both remove keys under the new prefix). The old site's
// next page then replays it: the same events are stored in the old site's store too.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

test('siteId changed by init() while the page is hidden with parked calls: no chunk is left under the old prefix, and the old site stores none of them', async ({ context }) => {
  test.setTimeout(90_000);
  const page = await context.newPage();
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const parkedAfterHide = await page.evaluate(() => {
    const c = (window as any).clientele;
    for (let i = 0; i < 5; i++) c.track('Hidden', { i });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    const keys = Object.keys(localStorage).filter((k) => /:unsent/.test(k));
    c.init({ siteId: 'b' });
    return keys;
  });
  // Stored under b while hidden.
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Hidden').length, { timeout: 20_000 }).toBe(5);
  await page.waitForTimeout(500);
  await page.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  });
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => /:unsent/.test(k)));
  await page.close();
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Next');
  const d = await exported(next);
  console.log(JSON.stringify({ parkedAfterHide, left, hiddenInDefault: eventsNamed(d.events, 'Hidden').length }));
  expect(left).toEqual([]);
  expect(eventsNamed(d.events, 'Hidden')).toHaveLength(0);
});
