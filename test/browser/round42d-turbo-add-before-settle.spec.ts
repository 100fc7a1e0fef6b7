// Round 42d (found beside the row fault, not fixed): Turbo renders the new body, then its title and aria-busy follow
// (400 ms here); autocapture reads the route's product only once the route has settled (src/autocapture/index.ts,
// navigated). An add-to-cart button with no id of its own, clicked on the new page in that gap, adds the page's product:
// the page before's was dropped at the push (its own route's, round 41b's rule), and the add, with no read in flight,
// goes at once with no product: nothing is recorded (0 of 1 Product Added for 22423; its Product Viewed is recorded).
// Held as test.fail: waiting for the settling's read is not enough, since a click during Turbo's fetch (aria-busy, the
// old page still shown) is on the page before and must add its product; the add has to go by the button's own page
// (which body it is in), in the page chunk (71 B left). If the page before's read was still in flight at the push, the
// same click adds 85123A instead (its late view makes it the product on screen; by the code, not run).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const pageHtml = (sku: string) => `<!doctype html><html lang="en-GB"><head><title>${sku} | Shop</title>
<script>window.clientele = window.clientele || [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>
</head><body><h1>Product ${sku}</h1>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name: 'Product ' + sku, offers: { '@type': 'Offer', price: '5.00', priceCurrency: 'GBP' } })}</script>
<button data-clientele-add>Add to basket</button></body></html>`;

test.fail('an add-to-cart clicked on a Turbo page rendered before its route settles adds that page\'s product', async ({ page }) => {
  test.setTimeout(30_000);
  await page.route('**/r42d-turbo/p/*', (r) => r.fulfill({ contentType: 'text/html', body: pageHtml(r.request().url().split('/').pop()!) }));
  await page.goto('/r42d-turbo/p/85123A');
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(['85123A']);
  await page.evaluate(async () => {
    document.documentElement.setAttribute('aria-busy', 'true');
    history.pushState({}, '', '/r42d-turbo/p/22423');
    const doc = new DOMParser().parseFromString(await (await fetch('/r42d-turbo/p/22423')).text(), 'text/html');
    document.body.replaceWith(document.adoptNode(doc.body));
    document.querySelector('button')!.click();
    await new Promise((r) => setTimeout(r, 400));
    document.title = doc.title;
    document.documentElement.removeAttribute('aria-busy');
  });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(['85123A', '22423']);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').map((e) => e.properties.product_id), { timeout: 3_000 }).toEqual(['22423']);
});
