// Lead 1 of round 41b: a JSON-LD `offers` list in several currencies (a multi-currency plugin lists one offer per
// currency, or one per seller) is read into the price and currency the page shows. Seen on main
// (src/contract/markup/schemaProduct.ts offerFields, src/contract/productMarkup.ts): the currency kept was the one
// OpenGraph names, else the first offer's, whatever that offer's availability and whatever else the page says:
// - an out-of-stock offer listed first in another currency was taken: the product was recorded at that offer's price
//   and currency with in_stock false, though the page sells it in stock in the other;
// - the owner's own `data-clientele-product` currency was not used to pick the offer (the pair came from the first offer);
// - the microdata the page shows the shopper (itemprop=priceCurrency beside the visible price) was not used either;
// - offers whose currency is written as a symbol ("$", "€") were never matched with the page's code.
// Held on main, kept as the lead listed them: an AggregateOffer's lowPrice, and OpenGraph's currency picking the offer.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const head = (lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Mug</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script>`;
const ld = (offers: object) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Mug', sku: 'M1', offers })}</script>`;
const offer = (price: number, priceCurrency: string, stock?: string) => ({ '@type': 'Offer', price, priceCurrency, ...(stock ? { availability: `https://schema.org/${stock}` } : {}) });
const EUR_USD = [offer(10, 'EUR'), offer(12, 'USD')];

const CASES: Array<{ name: string; lang?: string; head?: string; body: string; want: { price: number; currency: string; in_stock?: boolean } }> = [
  { name: 'out-of-stock-first', lang: 'de-DE', body: ld([offer(10, 'USD', 'OutOfStock'), offer(12, 'EUR', 'InStock')]), want: { price: 12, currency: 'EUR', in_stock: true } },
  { name: 'owner-currency', body: `<div data-clientele-product='{"product_id":"M1","currency":"USD"}'></div>${ld(EUR_USD)}`, want: { price: 12, currency: 'USD' } },
  {
    name: 'microdata-shown', body: `${ld(EUR_USD)}<div itemscope itemtype="https://schema.org/Product"><meta itemprop="sku" content="M1">
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><meta itemprop="priceCurrency" content="USD">$<span itemprop="price">12.00</span></div></div>`,
    want: { price: 12, currency: 'USD' },
  },
  { name: 'opengraph-currency', head: '<meta property="og:type" content="product"><meta property="product:price:currency" content="USD">', body: ld(EUR_USD), want: { price: 12, currency: 'USD' } },
  // Currencies written as symbols (as field case 03 has one), compared as the codes they are.
  { name: 'symbols', head: '<meta property="og:type" content="product"><meta property="product:price:currency" content="EUR">', body: ld([offer(12, '$'), offer(10, '€')]), want: { price: 10, currency: 'EUR' } },
  { name: 'aggregate-low-price', lang: 'de-DE', body: ld({ '@type': 'AggregateOffer', lowPrice: '10,00', highPrice: '20,00', priceCurrency: 'EUR', offerCount: 3 }), want: { price: 10, currency: 'EUR' } },
];

for (const c of CASES) test(`offers in several currencies, ${c.name}: the product is read at the price and currency the page sells it`, async ({ page }) => {
  test.setTimeout(30_000);
  await page.route(`**/r41b-offers/${c.name}`, (r) => r.fulfill({ contentType: 'text/html', body: `${head(c.lang)}${c.head ?? ''}</head><body><h1>Mug</h1>${c.body}</body></html>` }));
  await page.goto(`/r41b-offers/${c.name}`);
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id), { timeout: 10_000 }).toEqual(['M1']);
  const p = eventsNamed((await exported(page)).events, 'Product Viewed')[0].properties;
  expect({ price: p.price, currency: p.currency, ...('in_stock' in c.want ? { in_stock: p.in_stock } : {}) }).toEqual(c.want);
});
