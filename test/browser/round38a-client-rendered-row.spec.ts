// README: "`similar` (to `itemId`, else the product on the page)" and "No row shows the product on screen". A
// client-rendered product page (the app's bundle fetches the product and renders its view after Clientele has
// started): the product component writes its JSON-LD and mounts a `similar` row in one task. src/client.ts decided
// whether rows wait for the page's product once, when the config was applied (showsProduct() then: no markup yet),
// so the row was asked at once with no product and showed no row similar to it (the fallback, the product itself
// among it). Expected: the row is the one the engine serves for that product (recommend({ type: 'similar', itemId })).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

test('a client-rendered product page: a similar row mounted with the markup, after Clientele started, is seeded by that product', async ({ page }) => {
  test.setTimeout(60_000);
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/csr/p/*', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><head><title>Shop</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>
</head><body><main id="view">Loading...</main>
<script>
window.render = () => {
  const sku = location.pathname.split('/').pop();
  const ld = document.createElement('script');
  ld.type = 'application/ld+json';
  ld.textContent = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name: 'Product ' + sku, offers: { '@type': 'Offer', price: '5.00', priceCurrency: 'GBP' } });
  document.head.appendChild(ld);
  const view = document.getElementById('view');
  view.innerHTML = '<h1>Product ' + sku + '</h1><div id="similar"></div>';
  window.clientele.mount(view.querySelector('#similar'), { type: 'similar', limit: 4 });
};
</script></body></html>` }));
  const sku = '22423';
  await page.goto(`/csr/p/${sku}`);
  await ready(page);
  await page.waitForTimeout(500);
  await page.evaluate(() => (window as unknown as { render(): void }).render());
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual([sku]);
  const expected = await page.evaluate((s) => (window as unknown as { clientele: { recommend(r: object): Promise<Array<{ item: { product_id: string } }>> } }).clientele.recommend({ type: 'similar', itemId: s, limit: 4 }).then((r) => r.map((x) => x.item.product_id)), sku);
  const rowIds = () => page.locator('#view [data-clientele-widget-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
  await expect.poll(rowIds).toHaveLength(expected.length);
  expect(await rowIds()).not.toContain(sku);
  expect(await rowIds()).toEqual(expected);
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
