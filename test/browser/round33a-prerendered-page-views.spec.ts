// Round 33 (tester A). README, "The snippet": autocapture records the pages and products the shopper views. Chrome
// prerenders pages the shopper may open next (Speculation Rules: WordPress turns speculative loading on by default,
// shop themes and the "moderate" eagerness prerender a link on hover): the page runs, scripts and workers included,
// while hidden, and is shown only if the shopper goes there (prerenderingchange). Expected: a page prerendered and
// never opened records nothing (a phantom view of a product feeds the models, the segments and the report as if seen);
// an opened one records its page view and product view once, as a page loaded normally does.
// Observed before this fix: the prerendered product page recorded its 'Page Viewed' and 'Product Viewed' at once,
// while prerendering. Playwright's DevTools connection turns Chromium's prerendering off
// ('PrerenderingDisabledByDevTools'), so the page is told it is prerendering as Chromium tells it: document.prerendering
// true, then false with a 'prerenderingchange' event on the document.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

test('a product page prerendered records no view until it is shown, then one page view and one product view', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { __pre: boolean };
    w.__pre = true;
    Object.defineProperty(Document.prototype, 'prerendering', { configurable: true, get: () => w.__pre });
  });
  await page.goto('/demo/fixtures/jsonld.html');
  await ready(page);
  // Time for autocapture to read the page and its product (a second scan follows rewritten markup).
  await page.waitForTimeout(2500);
  await trackMarker(page, 'Prerendered');
  const during = (await exported(page)).events.map((e) => e.event).filter((e) => e !== 'Prerendered');
  await page.evaluate(() => {
    (window as unknown as { __pre: boolean }).__pre = false;
    document.dispatchEvent(new Event('prerenderingchange'));
  });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length).toBe(1);
  await page.waitForTimeout(1500);
  await trackMarker(page, 'End');
  const events = (await exported(page)).events;
  expect({ during, pages: eventsNamed(events, 'Page Viewed').length, products: eventsNamed(events, 'Product Viewed').map((e) => e.properties.product_id) })
    .toEqual({ during: [], pages: 1, products: ['85123A'] });
});
