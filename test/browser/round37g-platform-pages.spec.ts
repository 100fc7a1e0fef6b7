// Round 37 (tester G): product pages as big platforms publish them, served whole to the built script in Chromium:
// each view records exactly one Product Viewed with the right id, name, price, currency, image and category, a
// listing records none (protocol-relative images take the page's http:), and a single-page app that swaps its JSON-LD on each route records each product once per view.
// Seen on main (its dist served): the Shopify group page recorded no image_url and the /*<![CDATA[*/ page no product view.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const head = (title: string, lang = 'en', extra = '') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${title}</title>${extra}
<script>window.clientele = [['init', [{ siteId: 'r37g-' + location.pathname.replace(/\\W+/g, '-') }]]];</script>
<script async src="/dist/clientele.js"></script></head>`;

const PAGES: Record<string, string> = {
  // Magento 2 (Luma): microdata on the wrapper, price as content on a nested span printed the German way, currency
  // in a meta, the image an <img>, breadcrumbs in microdata.
  'magento.html': `${head('Espressomaschine', 'de-DE')}<body>
<ul class="items" itemscope itemtype="https://schema.org/BreadcrumbList">
 <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/"><span itemprop="name">Startseite</span></a><meta itemprop="position" content="1"></li>
 <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><a itemprop="item" href="/kueche.html"><span itemprop="name">Küche</span></a><meta itemprop="position" content="2"></li>
 <li itemprop="itemListElement" itemscope itemtype="https://schema.org/ListItem"><span itemprop="name">Espressomaschine Deluxe</span><meta itemprop="position" content="3"></li>
</ul>
<div class="column main" itemscope itemtype="http://schema.org/Product">
 <h1 class="page-title"><span class="base" data-ui-id="page-title-wrapper" itemprop="name">Espressomaschine Deluxe</span></h1>
 <div class="product-info-price"><div class="price-box" itemprop="offers" itemscope itemtype="http://schema.org/Offer">
  <span class="price-container"><span id="product-price-42" data-price-amount="1299" class="price-wrapper"><span class="price">1.299,00&nbsp;€</span></span>
  <meta itemprop="price" content="1299"><meta itemprop="priceCurrency" content="EUR"></span>
  <link itemprop="availability" href="http://schema.org/InStock">
 </div></div>
 <div class="product attribute sku"><strong class="type">Art.-Nr.</strong><div class="value" itemprop="sku">ESP-01</div></div>
 <div class="gallery-placeholder"><img itemprop="image" src="/media/catalog/product/e/s/espresso.jpg" alt=""></div>
</div></body></html>`,
  // OpenGraph alone, as Shopify themes print it next to their JSON-LD.
  'og.html': `${head('Blue Scarf', 'fr-FR', `<meta property="og:type" content="product"><meta property="og:title" content="Blue Scarf"><meta property="og:url" content="/shop/og.html">
<meta property="og:image" content="//cdn.shop.test/scarf.jpg"><meta property="og:price:amount" content="1 299,90"><meta property="og:price:currency" content="EUR"><meta property="product:retailer_item_id" content="SC-9">`)}<body><h1>Blue Scarf</h1></body></html>`,
  // A listing: three microdata products in a grid, no h1 naming one of them.
  'listing.html': `${head('All lamps')}<body><h1>All lamps</h1><ol class="products">${[1, 2, 3].map((i) => `<li class="product-item"><div itemscope itemtype="http://schema.org/Product"><a itemprop="url" href="/p/${i}"><span itemprop="name">Lamp ${i}</span></a><meta itemprop="sku" content="L${i}"><div itemprop="offers" itemscope itemtype="http://schema.org/Offer"><meta itemprop="price" content="${i}9.00"><meta itemprop="priceCurrency" content="USD"></div></div></li>`).join('')}</ol></body></html>`,
  // Shopify's ProductGroup (pictures on the variants) in a Drupal-style wrapper-free block, variant picked by ?variant=.
  'shopify.html': `${head('Linen Shirt')}<body><h1>Linen Shirt</h1><script type="application/ld+json">${JSON.stringify({ '@context': 'http://schema.org/', '@type': 'ProductGroup', productGroupID: '7788', name: 'Linen Shirt', url: '/shop/shopify.html', category: 'Shirts',
    hasVariant: [111, 222].map((id, i) => ({ '@type': 'Product', sku: `LS-${id}`, image: `//cdn.shop.test/${id}.jpg`, offers: { '@type': 'Offer', price: `${45 + i * 4}.00`, priceCurrency: 'USD', availability: 'http://schema.org/InStock', url: `/shop/shopify.html?variant=${id}` } })) })}</script></body></html>`,
  // A theme that hides its JSON-LD from old parsers in a block comment and CDATA.
  'cdata.html': `${head('Lamp')}<body><h1>Lamp</h1><script type="application/ld+json">/*<![CDATA[*/${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp', sku: 'L1', image: [{ '@type': 'ImageObject', url: '/img/lamp.jpg' }], category: 'Lighting', offers: { '@type': 'Offer', price: '19.00', priceCurrency: 'USD' } })}/*]]>*/</script></body></html>`,
};

async function views(page: Page) {
  return eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties);
}
/**
 * Waits for the page's scans to finish: an owner attribute added last wins and is recorded after them. It names a
 * product of its own (name, URL): one that kept the page's name and URL would be a variant of the product on screen,
 * not viewed again (round40b-variant-picker).
 */
async function settle(page: Page, mark: string) {
  await page.evaluate((id) => { const d = document.createElement('div'); d.setAttribute('data-clientele-product', JSON.stringify({ product_id: id, name: id, url: '/' + id })); document.body.prepend(d); }, mark);
  await expect.poll(async () => (await views(page)).map((p) => p.product_id), { timeout: 15_000 }).toContain(mark);
  await page.evaluate(() => document.querySelector('[data-clientele-product]')?.remove());
  return (await views(page)).filter((p) => !String(p.product_id).startsWith('mark-'));
}

test.beforeEach(async ({ page }) => {
  await page.route('**/shop/*.html*', (route) => {
    const file = new URL(route.request().url()).pathname.split('/').pop()!;
    return PAGES[file] ? route.fulfill({ contentType: 'text/html', body: PAGES[file] }) : route.fallback();
  });
});

const EXPECTED: Array<[string, Record<string, unknown> | null]> = [
  ['magento.html', { product_id: 'ESP-01', name: 'Espressomaschine Deluxe', price: 1299, currency: 'EUR', image_url: '@/media/catalog/product/e/s/espresso.jpg', category: 'Küche', in_stock: true }],
  ['og.html', { product_id: 'SC-9', name: 'Blue Scarf', price: 1299.9, currency: 'EUR', image_url: 'http://cdn.shop.test/scarf.jpg' }],
  ['listing.html', null],
  ['shopify.html?variant=222', { product_id: '7788', name: 'Linen Shirt', price: 49, currency: 'USD', image_url: 'http://cdn.shop.test/222.jpg', category: 'Shirts', variant: 'LS-222' }],
  ['cdata.html', { product_id: 'L1', name: 'Lamp', price: 19, currency: 'USD', image_url: '@/img/lamp.jpg', category: 'Lighting' }],
];

for (const [path, want] of EXPECTED) test(`${path}: ${want ? 'one Product Viewed with the right fields' : 'no product view'}`, async ({ page, baseURL }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto(`/shop/${path}`);
  await ready(page);
  const own = await settle(page, 'mark-1');
  if (!want) expect(own).toEqual([]);
  else {
    expect(own).toHaveLength(1);
    expect(own[0]).toMatchObject(Object.fromEntries(Object.entries(want).map(([k, v]) => [k, typeof v === 'string' && v.startsWith('@/') ? baseURL + v.slice(1) : v])));
  }
  expect(pageErrors).toEqual([]);
});

test('a single-page app swapping its JSON-LD on each route records each product once per view, never the last route\'s', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  const ld = (sku: string, name: string, price: number) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name, image: `/img/${sku}.jpg`, offers: { '@type': 'Offer', price: price.toFixed(2), priceCurrency: 'GBP' } });
  await page.route('**/app/**', (route) => route.fulfill({ contentType: 'text/html', body: `${head('Shop')}<body><h1>Shop</h1><script id="ld" type="application/ld+json">${ld('A1', 'Red Mug', 9.5)}</script>
<script>
window.go = (path, sku, name, price, replace) => {
  history.pushState({}, '', path);
  setTimeout(() => {
    document.title = name; document.querySelector('h1').textContent = name;
    const json = ${ld.toString().replace(/^[^=]*=>\s*/, '(function(sku, name, price){return ').replace(/\)$/, ')})')}(sku, name, price);
    if (replace) { const s = document.createElement('script'); s.type = 'application/ld+json'; s.id = 'ld'; s.text = json; document.getElementById('ld').replaceWith(s); }
    else document.getElementById('ld').textContent = json;
  }, 50);
};
</script></body></html>` }));
  await page.goto('/app/a1');
  await ready(page);
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1']);
  await page.evaluate(() => (window as any).go('/app/b2', 'B2', 'Blue Bowl', 1299.99, false));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2']);
  await page.evaluate(() => (window as any).go('/app/c3', 'C3', 'Green Jug', 4, true));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2', 'C3']);
  await page.evaluate(() => (window as any).go('/app/a1', 'A1', 'Red Mug', 9.5, true));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2', 'C3', 'A1']);
  const all = await settle(page, 'mark-2');
  expect(all.map((p) => [p.product_id, p.name, p.price, p.currency])).toEqual([['A1', 'Red Mug', 9.5, 'GBP'], ['B2', 'Blue Bowl', 1299.99, 'GBP'], ['C3', 'Green Jug', 4, 'GBP'], ['A1', 'Red Mug', 9.5, 'GBP']]);
  expect(all[1].image_url).toMatch(/\/img\/B2\.jpg$/);
  expect(pageErrors).toEqual([]);
});

test('a router that swaps the JSON-LD before it pushes the route (Next.js commits, then pushState), and a variant picker that rewrites it in place, record each product once per view', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.route('**/next/**', (route) => route.fulfill({ contentType: 'text/html', body: `${head('Red Mug')}<body><h1>Red Mug</h1><script id="ld" type="application/ld+json"></script>
<script>
const ld = (sku, name, price) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name, offers: { '@type': 'Offer', price: String(price), priceCurrency: 'EUR' } });
document.getElementById('ld').textContent = ld('A1', 'Red Mug', 9.5);
window.nav = (path, sku, name, price) => {
  document.getElementById('ld').textContent = ld(sku, name, price);
  document.querySelector('h1').textContent = name; document.title = name;
  history.pushState({}, '', path);
};
window.pick = (price) => { document.getElementById('ld').textContent = ld('A1', 'Red Mug', price); };
</script></body></html>` }));
  await page.goto('/next/a1');
  await ready(page);
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1']);
  await page.evaluate(() => (window as any).nav('/next/b2', 'B2', 'Blue Bowl', 20));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2']);
  await page.evaluate(() => (window as any).nav('/next/c3', 'C3', 'Green Jug', 30));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2', 'C3']);
  await page.evaluate(() => (window as any).nav('/next/a1', 'A1', 'Red Mug', 9.5));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1', 'B2', 'C3', 'A1']);
  await page.evaluate(() => (window as any).pick(11));
  const all = await settle(page, 'mark-3');
  expect(all.map((p) => p.product_id)).toEqual(['A1', 'B2', 'C3', 'A1']);
  const pages = eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => new URL(String(e.properties.url)).pathname);
  expect(pages).toEqual(['/next/a1', '/next/b2', '/next/c3', '/next/a1']);
  expect(pageErrors).toEqual([]);
});

test('a route whose product markup comes 2.5 s after the route (data fetched first, the old JSON-LD left meanwhile) records the new product once and never the old one again', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.route('**/slow/**', (route) => route.fulfill({ contentType: 'text/html', body: `${head('Red Mug')}<body><h1>Red Mug</h1><script id="ld" type="application/ld+json"></script>
<script>
const ld = (sku, name, price) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name, offers: { '@type': 'Offer', price: String(price), priceCurrency: 'EUR' } });
document.getElementById('ld').textContent = ld('A1', 'Red Mug', 9.5);
window.nav = (path, sku, name, price) => {
  history.pushState({}, '', path);
  document.title = 'Loading…';
  setTimeout(() => { document.getElementById('ld').textContent = ld(sku, name, price); document.querySelector('h1').textContent = name; document.title = name; }, 2500);
};
</script></body></html>` }));
  await page.goto('/slow/a1');
  await ready(page);
  await expect.poll(async () => (await views(page)).map((p) => p.product_id)).toEqual(['A1']);
  await page.evaluate(() => (window as any).nav('/slow/b2', 'B2', 'Blue Bowl', 20));
  await expect.poll(async () => (await views(page)).map((p) => p.product_id), { timeout: 15_000 }).toContain('B2');
  await page.waitForTimeout(1500);
  const all = await settle(page, 'mark-4');
  expect(all.map((p) => p.product_id)).toEqual(['A1', 'B2']);
  expect(pageErrors).toEqual([]);
});
