// Lead 1 of round 40b: prices as shop pages print them, read by the built reader in Chromium, against what a shopper
// reads off the page. Seen on main (src/contract/markup/price.ts, currency.ts, schemaProduct.ts, items/microdata.ts):
// - a multi-buy ("2 for $10", grocery's "2/$10") was read as the count, 2 with no currency, or as the deal's total 10:
//   the unit price is 5;
// - an instalment line beside the price ("$19.99 or 4 interest-free payments of $5.00", Klarna, Afterpay, Shop Pay)
//   was read as 4, the number of payments, with no currency; a pack size ("Pack of 6 - $12") as 6;
// - "Sale price$9.50" (Shopify Dawn's visually hidden label, no space before the symbol) lost its currency;
// - cents in a <sup> ("$9<sup>99</sup>") were read as $999;
// - "1.299" or "1,299" in a currency with two minor digits (EUR, USD) was read as 1.299 where the page's language
//   took the mark for the decimal one: a price in euros has no third decimal, so the mark groups thousands;
// - a UnitPriceSpecification for a reference quantity ("19,96 € / kg", referenceQuantity) listed before the item's own
//   price was taken as the price.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const head = (lang = 'en') => `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Mug</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head>`;
const ld = (o: object) => `<script type="application/ld+json">${JSON.stringify(o)}</script>`;
const microdata = (price: string, currency = '') => `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Mug</h1><meta itemprop="sku" content="M1">
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">${price}</span>${currency && `<meta itemprop="priceCurrency" content="${currency}">`}</div></div>`;
const product = (offers: object) => `<h1>Mug</h1>${ld({ '@context': 'https://schema.org', '@type': 'Product', name: 'Mug', sku: 'M1', offers })}`;
const unit = (price: number, extra: object = {}) => ({ '@type': 'UnitPriceSpecification', price, priceCurrency: 'EUR', ...extra });

const CASES: Array<{ name: string; lang?: string; body: string; want: { price?: number; currency?: string } }> = [
  { name: 'multi-buy', body: microdata('2 for $10'), want: { price: 5, currency: 'USD' } },
  { name: 'multi-buy-slash', body: microdata('2/$10'), want: { price: 5, currency: 'USD' } },
  { name: 'multi-buy-beside-price', body: microdata('$6.00 <small>or 2 for $10.00</small>'), want: { price: 5, currency: 'USD' } },
  { name: 'instalments', body: microdata('$19.99 <small>or 4 interest-free payments of $5.00 with Klarna</small>'), want: { price: 19.99, currency: 'USD' } },
  { name: 'pack-size', body: microdata('Pack of 6 - $12.00'), want: { price: 12, currency: 'USD' } },
  { name: 'no-space-label', body: microdata('<span class="visually-hidden">Sale price</span>$9.50'), want: { price: 9.5, currency: 'USD' } },
  { name: 'sup-cents', body: microdata('$9<sup>99</sup>'), want: { price: 9.99, currency: 'USD' } },
  { name: 'sup-cents-thousands', lang: 'de-DE', body: microdata('1.299<sup>00</sup> €'), want: { price: 1299, currency: 'EUR' } },
  { name: 'eur-dot-thousands-en', body: product({ '@type': 'Offer', price: '1.299', priceCurrency: 'EUR' }), want: { price: 1299, currency: 'EUR' } },
  { name: 'usd-comma-thousands-de', lang: 'de-DE', body: product({ '@type': 'Offer', price: '1,299', priceCurrency: 'USD' }), want: { price: 1299, currency: 'USD' } },
  { name: 'unit-spec-first', lang: 'de-DE', body: product({ '@type': 'Offer', priceSpecification: [unit(19.96, { referenceQuantity: { '@type': 'QuantitativeValue', value: 1, unitCode: 'KGM' } }), unit(4.99)] }), want: { price: 4.99, currency: 'EUR' } },
  // Held on main, kept as the lead listed them.
  { name: 'from', lang: 'en-GB', body: microdata('From £8'), want: { price: 8, currency: 'GBP' } },
  { name: 'kr-space', lang: 'sv-SE', body: microdata('1 299,00 kr'), want: { price: 1299, currency: 'SEK' } },
  { name: 'usd-comma', body: microdata('$1,299'), want: { price: 1299, currency: 'USD' } },
  { name: 'eur-dot-de', lang: 'de-DE', body: microdata('1.299 €'), want: { price: 1299, currency: 'EUR' } },
];

for (const c of CASES) test(`markup ${c.name}: the product is read with the price and currency a shopper reads`, async ({ page }) => {
  test.setTimeout(30_000);
  await page.route(`**/r40b-prices/${c.name}`, (r) => r.fulfill({ contentType: 'text/html', body: `${head(c.lang)}<body>${c.body}</body></html>` }));
  await page.goto(`/r40b-prices/${c.name}`);
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id), { timeout: 10_000 }).toEqual(['M1']);
  const p = eventsNamed((await exported(page)).events, 'Product Viewed')[0].properties;
  expect({ price: p.price, currency: p.currency }).toEqual(c.want);
});
