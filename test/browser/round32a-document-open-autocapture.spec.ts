// Round 32 (tester A). README, "The snippet": "With no code beyond the snippet, Clientele records page views (including
// single-page-app navigation), product views from the schema.org JSON-LD ..., clicks on product links, add-to-cart
// clicks on data-clientele-add buttons". A page that rewrites itself with document.open()/write()/close() after the
// script has started (interstitials, age gates, legacy tag templates) erases every listener on its window and its
// document (HTML: document.open() "erase all event listeners and handlers"), and puts a new root element in place of
// the one autocapture's MutationObserver watched. Rounds 30-31 made the outbox and forwarding listen again; autocapture
// did not: after the rewrite, clicks on product links and add-to-cart buttons and back/forward navigation were not
// recorded, and the product the new document shows only once a later pushState() made autocapture read the page again
// (here: never; all of them without the rewrite, the control).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker, watchConsole } from './helpers.ts';

const PAGE = `<!doctype html><title>Rewritten</title>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Heart","sku":"85123A","offers":{"@type":"Offer","price":"2.95","priceCurrency":"GBP"}}</script>
<a id=l href="#x" data-product-id="22423">Cake stand</a><button id=b data-clientele-add="84879">Add</button>`;

for (const rewrite of [true, false]) {
  test(`${rewrite ? 'after document.open()/write()' : 'control, markup added without a rewrite'}: product view, add, click and a back navigation are recorded`, async ({ page }) => {
    const con = watchConsole(page);
    await page.goto('/demo/fixtures/blank.html?first');
    await ready(page);
    await trackMarker(page, 'Start');
    await page.evaluate(({ html, r }) => {
      if (r) { document.open(); document.write(html); document.close(); }
      else document.body.insertAdjacentHTML('beforeend', html.replace('<!doctype html><title>Rewritten</title>', ''));
    }, { html: PAGE, r: rewrite });
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(['85123A']);
    await page.click('#b');
    await page.click('#l');
    await page.evaluate(() => history.pushState({}, '', '/demo/fixtures/other-route'));
    await page.waitForTimeout(1200);
    await page.evaluate(() => history.back());
    await page.waitForTimeout(1200);
    await trackMarker(page, 'End');
    const events = (await exported(page)).events;
    expect({
      added: eventsNamed(events, 'Product Added').map((e) => e.properties.product_id),
      clicked: eventsNamed(events, 'Product Clicked').map((e) => e.properties.product_id),
      views: eventsNamed(events, 'Page Viewed').map((e) => e.properties.path),
    }).toEqual({ added: ['84879'], clicked: ['22423'], views: ['/demo/fixtures/blank.html', '/demo/fixtures/other-route', '/demo/fixtures/blank.html'] });
    expect(con.pageErrors).toEqual([]);
  });
}
