// Lead 2 of round 40b: a product page whose variant picker re-renders the product markup. Shopify's Dawn (and themes
// built on its section rendering) prints the selected variant's sku as the Product's sku and writes ?variant= with
// replaceState; a new size re-renders the section, JSON-LD and all. WooCommerce's variations script writes the chosen
// variation's sku into the page's <span itemprop="sku">. The product read from the new markup has the variant's sku,
// so src/autocapture/index.ts, which counted one view per product id and route, recorded a second Product Viewed for the
// same product on the same view, one more per size tried; a microdata value rewritten in place was not read again at all,
// so the add-to-cart after the pick carried the size first shown (src/autocapture/markup.ts MARKUP). Expected: one Product Viewed per product view, however many
// variants are picked; a product of its own on the same route (another name, another URL) is still a view; and the
// add-to-cart after the pick carries the variant picked.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker, watchConsole } from './helpers.ts';

const ORIGIN = 'https://shop.example';
const sizes = ['S', 'M', 'L'];
const dawnLd = (i: number) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Linen Shirt', sku: `SHIRT-${sizes[i]}`, url: `${ORIGIN}/products/linen-shirt`,
  offers: sizes.map((s, j) => ({ '@type': 'Offer', sku: `SHIRT-${s}`, url: `${ORIGIN}/products/linen-shirt?variant=${j + 1}`, price: '40.00', priceCurrency: 'USD', availability: 'https://schema.org/InStock' })) });

const MODES: Record<string, { body: string; pick: string }> = {
  // Dawn: the section comes back from the Section Rendering API and replaces the old one, its JSON-LD a new element.
  'JSON-LD section re-rendered, ?variant= by replaceState (Shopify Dawn)': {
    body: `<main id="sec"><h1>Linen Shirt</h1><script type="application/ld+json">${dawnLd(0)}</script></main>`,
    pick: `history.replaceState({}, '', location.pathname + '?variant=' + (i + 1));
      const sec = document.createElement('main'); sec.id = 'sec'; sec.innerHTML = '<h1>Linen Shirt</h1>';
      const s = document.createElement('script'); s.type = 'application/ld+json'; s.textContent = window.dawnLd(i); sec.append(s);
      document.getElementById('sec').replaceWith(sec);`,
  },
  'JSON-LD text rewritten in place, URL unchanged': {
    body: `<main><h1>Linen Shirt</h1><script id="ld" type="application/ld+json">${dawnLd(0)}</script></main>`,
    pick: `document.getElementById('ld').textContent = window.dawnLd(i);`,
  },
  // WooCommerce: wc_variations_form updates .sku's text; the page's microdata names it.
  'microdata sku written by the variations script (WooCommerce)': {
    body: `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Linen Shirt</h1><span class="sku" itemprop="sku">SHIRT-S</span>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="price" content="40.00"><meta itemprop="priceCurrency" content="USD"></div></div>`,
    pick: `document.querySelector('.sku').textContent = 'SHIRT-' + ['S', 'M', 'L'][i];`,
  },
};

for (const [mode, { body, pick }] of Object.entries(MODES)) {
  test(`variant picker, ${mode}: one Product Viewed for three sizes picked, the cart gets the size picked`, async ({ page }) => {
    test.setTimeout(60_000);
    const { pageErrors } = watchConsole(page);
    await page.route('**/products/linen-shirt*', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>Linen Shirt</title>
<link rel="canonical" href="${ORIGIN}/products/linen-shirt">
<script>window.clientele = []; window.dawnLd = (i) => ${JSON.stringify(sizes.map((_, i) => dawnLd(i)))}[i];
window.pick = (i) => { ${pick} };</script>
<script async src="/dist/clientele.js"></script></head><body>${body}<button data-clientele-add>Add to cart</button></body></html>` }));
    await page.goto('/products/linen-shirt?variant=1');
    await ready(page);
    const views = async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id);
    await expect.poll(views, { timeout: 10_000 }).toEqual(['SHIRT-S']);
    for (const i of [1, 2]) {
      await page.evaluate((i) => (window as unknown as { pick(i: number): void }).pick(i), i);
      // The markup is read 30 ms after it changes; a page view waiting for its title settles within 1 s.
      await page.waitForTimeout(1500);
    }
    await page.click('[data-clientele-add]');
    await trackMarker(page);
    const events = (await exported(page)).events;
    expect(eventsNamed(events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(['SHIRT-S']);
    expect(eventsNamed(events, 'Page Viewed').length).toBe(1);
    expect(eventsNamed(events, 'Product Added').map((e) => e.properties.product_id)).toEqual(['SHIRT-L']);
    expect(pageErrors).toEqual([]);
  });
}

test('a different product on the same route (a quick view of another product) is still viewed', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/products/linen-shirt', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>Linen Shirt</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body>
<main><h1>Linen Shirt</h1><script id="ld" type="application/ld+json">${dawnLd(0)}</script></main></body></html>` }));
  await page.goto('/products/linen-shirt');
  await ready(page);
  const views = async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id);
  await expect.poll(views, { timeout: 10_000 }).toEqual(['SHIRT-S']);
  await page.evaluate((o) => {
    document.querySelector('h1')!.textContent = 'Wool Scarf';
    document.getElementById('ld')!.textContent = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Wool Scarf', sku: 'SCARF', url: `${o}/products/wool-scarf`, offers: { '@type': 'Offer', price: '25.00', priceCurrency: 'USD' } });
  }, ORIGIN);
  await expect.poll(views, { timeout: 10_000 }).toEqual(['SHIRT-S', 'SCARF']);
});
