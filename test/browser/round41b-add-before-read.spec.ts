// Lead 3 of round 41b: an add-to-cart button with no id of its own (the product page's main button, data-clientele-add
// bare) takes the product the page shows, which the worker reads from the markup with its reader chunk. A shopper who
// clicked before that read was done (the reader file still on its way, as on a first visit over a slow network: 1.5 s
// here) had the add recorded as nothing (src/autocapture/index.ts: no id, no event): 0 of 1 Product Added before.
// The add waits for the read in flight.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

test('an add-to-cart clicked before the page\'s product is read is recorded with that product', async ({ page }) => {
  test.setTimeout(30_000);
  await page.route('**/dist/clientele-reader.js', async (r) => { await new Promise((d) => setTimeout(d, 1500)); await r.continue(); });
  await page.route('**/r41b-early-add', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mug</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Mug', sku: 'M1', offers: { price: 9.5, priceCurrency: 'USD' } })}</script>
</head><body><h1>Mug</h1><button data-clientele-add>Add to cart</button></body></html>` }));
  await page.goto('/r41b-early-add');
  await ready(page);
  // Autocapture runs (its page view is stored), the product not yet read.
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Page Viewed').length, { timeout: 10_000 }).toBe(1);
  expect(eventsNamed((await exported(page)).events, 'Product Viewed')).toHaveLength(0);
  await page.click('button');
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length, { timeout: 10_000 }).toBe(1);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').map((e) => [e.properties.product_id, e.properties.price, e.properties.quantity]), { timeout: 5_000 }).toEqual([['M1', 9.5, 1]]);
});
