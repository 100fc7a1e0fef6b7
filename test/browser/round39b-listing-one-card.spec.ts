// Lead: "several Product blocks on a listing page (which one is the product?)" and "a product page that is also a
// listing". A collection page that shows one product (a category with one item, a search with one hit) whose card
// carries its Product JSON-LD, with the URL of that product's own page. README: "a product ... sitting in a link, a list
// item or a block of related/recommended products is not chosen unless one of those says so. A page of several products
// with nothing to tell them apart (a listing) records no product view." Before: src/contract/markup/choose.ts took a
// lone product for the page's whatever its URL said, so the collection page recorded a Product Viewed of L1.
// Expected: none there; the product's own page (reached with ?variant=, without a canonical link, or under a
// /collections/ prefix) still records it.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

const card = (url: string) => `<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Lamp One', sku: 'L1', url, offers: { '@type': 'Offer', price: '19.00', priceCurrency: 'USD' } })}</script>`;
const page = (title: string, body: string) => `<!doctype html><html lang="en"><head><title>${title}</title><script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body>${body}</body></html>`;

const CASES: Array<[string, string, string[]]> = [
  ['/r39b-listing/collections/lamps', page('Lamps | Shop', `<h1>Lamps</h1><div class="grid"><div class="card"><img src="/l1.jpg" alt="">${card('/r39b-listing/products/l1')}<span>Lamp One</span></div></div>`), []],
  ['/r39b-listing/products/l1?variant=2', page('Shop', card('/r39b-listing/products/l1')), ['L1']],
  ['/r39b-listing/collections/lamps/products/l1', page('Shop', card('/r39b-listing/products/l1')), ['L1']],
];

for (const [path, html, want] of CASES) test(`one product card on ${path}: Product Viewed ${JSON.stringify(want)}`, async ({ page: p }) => {
  test.setTimeout(30_000);
  await p.route('**/r39b-listing/**', (r) => r.fulfill({ contentType: 'text/html', body: html }));
  await p.goto(path);
  await ready(p);
  // The page's markup is read at the start; a marker tracked after it is stored after its view.
  await p.waitForTimeout(1500);
  await trackMarker(p);
  expect(eventsNamed((await exported(p)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(want);
});
