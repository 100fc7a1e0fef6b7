// Round 35 (tester B, shop markup). README, Product markup: `data-clientele-product` is the owner's own word, JSON with
// product fields or a bare id. A typo in its JSON (a missing brace) made the page record no product view and say
// nothing: every other attribute Clientele reads (the script tag's data-*, a row's) gets a message naming it. Before the
// fix: no Product Viewed and no console message.
// Expected: one message naming data-clientele-product, the value and the fix; the page still records its view, and a
// readable attribute on the next page records its product.
import { test, expect } from '@playwright/test';
import { exported, ready, watchConsole } from './helpers.ts';

const page$ = (attr: string) => `<!doctype html><html lang="en"><head><title>Lamp</title>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script></head>
<body><h1>Lamp</h1><div data-clientele-product='${attr}'></div></body></html>`;

test('data-clientele-product whose JSON cannot be read: one message naming it, the value and the fix', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/round35b/typo.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: page$('{"product_id": "DC-1", "price": 9.5') }));
  await page.route('**/round35b/good.html', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: page$('{"product_id": "DC-2", "price": 9.5}') }));
  await page.goto('/round35b/typo.html');
  await ready(page);
  await expect.poll(() => warnings.filter((w) => w.includes('data-clientele-product')), { timeout: 15_000 }).toHaveLength(1);
  expect(warnings.find((w) => w.includes('data-clientele-product'))).toMatch(/^\[clientele\] data-clientele-product must be a product id or JSON; the product view was not recorded, got "\{\\"product_id\\": \\"DC-1\\"/);
  const events = (await exported(page)).events;
  expect(events.filter((e) => e.event === 'Page Viewed')).toHaveLength(1);
  expect(events.filter((e) => e.event === 'Product Viewed')).toHaveLength(0);
  await page.goto('/round35b/good.html');
  await ready(page);
  await expect.poll(async () => (await exported(page)).events.filter((e) => e.event === 'Product Viewed').map((e) => [e.properties.product_id, e.properties.price]), { timeout: 15_000 }).toEqual([['DC-2', 9.5]]);
  expect(pageErrors).toEqual([]);
});
