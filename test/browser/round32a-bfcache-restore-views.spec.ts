// Round 32 (tester A). README, "The snippet": "With no code beyond the snippet, Clientele records page views ... [and]
// product views". The shopper goes from a product page to another and back. Where the browser keeps no copy of the
// page (Playwright's default, or a page it will not cache) the back navigation loads it afresh: its page view and its
// product view are recorded again. Every shopper's Chrome restores it from the back-forward cache instead, and
// autocapture, which read the page once at its start, recorded nothing: the same visit was stored differently by the
// cache (1 view of the first product against 2), and the visitor's return to a product was lost to the models.
// Expected: the same events with the cache on as with it off.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

test.use({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });

for (const cache of [true, false]) {
  test.describe(`back-forward cache ${cache ? 'on' : 'off for the page (control: an unload handler keeps it out)'}`, () => {
    test('product A, product B, back to A: A\'s page view and product view are recorded twice', async ({ page }) => {
      await page.goto('/demo/fixtures/jsonld.html?a');
      await ready(page);
      await page.evaluate((cache) => {
        addEventListener('pageshow', (e: PageTransitionEvent) => { (window as unknown as { __restored: boolean }).__restored = e.persisted; });
        if (!cache) addEventListener('unload', () => undefined);
      }, cache);
      await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length).toBe(1);
      await page.goto('/demo/fixtures/microdata.html');
      await ready(page);
      await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length).toBe(2);
      await page.goBack({ waitUntil: 'commit' });
      await ready(page);
      // The cache did what this test says it does.
      expect(await page.evaluate(() => (window as unknown as { __restored?: boolean }).__restored === true)).toBe(cache);
      await page.waitForTimeout(1000);
      await trackMarker(page, 'End');
      const events = (await exported(page)).events;
      expect({
        pages: eventsNamed(events, 'Page Viewed').map((e) => `${e.properties.path}${new URL(String(e.properties.url)).search}`),
        products: eventsNamed(events, 'Product Viewed').map((e) => e.properties.product_id),
      }).toEqual({
        pages: ['/demo/fixtures/jsonld.html?a', '/demo/fixtures/microdata.html', '/demo/fixtures/jsonld.html?a'],
        products: ['85123A', expect.any(String), '85123A'],
      });
    });
  });
}
