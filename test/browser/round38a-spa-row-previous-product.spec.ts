// README: "`similar` (to `itemId`, else the product on the page)", "No row shows the product on screen (`itemId`, else
// the product the page records)", and "a single-page app mounts the rows its views render later with mount()".
// A single-page shop's product view renders its markup (JSON-LD) and mounts a `similar` row in the same task, as a
// React/Vue product component does on each route. src/client.ts keeps the page's product (currentItemId) from the
// first Product Viewed for the page's whole life and waits for a product read only once, at the start: on every route
// after the first, the row was asked at once with the previous route's product as its seed, so it showed the items
// similar to the product before, the product on screen among them. Expected: on each route the row is the one the
// engine serves for that route's product (recommend({ type: 'similar', itemId })), without that product.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const PRODUCTS = ['85123A', '22423', '85099B'];

const rowIds = (page: Page) => page.locator('#view [data-clientele-widget-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));

for (const routing of ['path', 'hash'] as const) test(`SPA (${routing} routes): a similar row mounted with each route's product markup is seeded by that product, never the previous one`, async ({ page }) => {
  test.setTimeout(90_000);
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/spa-rows/**', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><head><title>Home</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>
</head><body><main id="view"><h1>Home</h1></main>
<script>
let off = null, ld = null;
window.go = (sku) => {
  history.pushState({}, '', '${routing}' === 'hash' ? '#/p/' + sku : '/spa-rows/p/' + sku);
  document.title = sku + ' | Shop';
  setTimeout(() => {
    // The product component: unmount the old view's row, render the new markup and mount its row, in one task.
    if (off) off();
    ld?.remove();
    ld = document.createElement('script');
    ld.type = 'application/ld+json';
    ld.textContent = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name: 'Product ' + sku, offers: { '@type': 'Offer', price: '5.00', priceCurrency: 'GBP' } });
    document.head.appendChild(ld);
    const view = document.getElementById('view');
    view.innerHTML = '<h1>Product ' + sku + '</h1><div id="similar"></div>';
    off = window.clientele.mount(view.querySelector('#similar'), { type: 'similar', limit: 4 });
  }, 200);
};
</script></body></html>` }));
  await page.goto('/spa-rows/home');
  await ready(page);
  for (const [i, sku] of PRODUCTS.entries()) {
    await page.evaluate((s) => (window as unknown as { go(s: string): void }).go(s), sku);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(PRODUCTS.slice(0, i + 1));
    const expected = await page.evaluate((s) => (window as unknown as { clientele: { recommend(r: object): Promise<Array<{ item: { product_id: string } }>> } }).clientele.recommend({ type: 'similar', itemId: s, limit: 4 }).then((r) => r.map((x) => x.item.product_id)), sku);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => rowIds(page), { message: `the row on ${sku}'s route` }).toHaveLength(expected.length);
    const shown = await rowIds(page);
    expect(shown, `the row on ${sku}'s route`).not.toContain(sku);
    expect(shown, `the row on ${sku}'s route`).toEqual(expected);
  }
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
