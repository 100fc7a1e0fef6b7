// Round 40 (tester E). The owner's data-clientele-product with an id that cannot be a product id: a list, "[[[...",
// an id of 300 characters, bare or in JSON. Only a typo in JSON starting with "{" was told; the rest were ignored
// without a word, or the view was recorded under the page's URL as if the owner had given no id.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { eventsNamed, exported, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
const LONG = 'L'.repeat(300);
const CASES: Array<[string, string, boolean]> = [
  ['a JSON id of 300 characters', JSON.stringify({ product_id: LONG, name: 'Long', price: 3 }), true],
  ['a bare id of 300 characters', LONG, true],
  ['a list', '["SKU-1", "SKU-2"]', true],
  ['an unclosed list of 10,000', '['.repeat(10_000), true],
  ['null', 'null', true],
  // Not JSON but could pass for a bare id of 8 characters: taken as one before the typo check above caught it.
  ['an unclosed list of one', '["SKU-1"', true],
  // Control: the owner's word as it should be, and JSON with no id (fields that fill the markup's gaps).
  ['a bare id', 'SKU-9', false],
  ['JSON with no id', '{"price": 9.5}', false],
];

for (const [name, attr, bad] of CASES) test(`data-clientele-product with ${name}: ${bad ? 'one message, no product view' : 'no message'}`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const esc = attr.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
  await page.route('**/round40e/attr.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>W</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>
<script type="application/ld+json">{"@type":"Product","name":"From LD","offers":{"price":"4.00","priceCurrency":"GBP"}}</script></head>
<body><h1>From LD</h1><div data-clientele-product='${esc}'></div></body></html>`,
  }));
  await page.goto('/round40e/attr.html');
  await page.waitForTimeout(3000);
  const told = warnings.filter((w) => /data-clientele-product must be a product id or JSON; the product view was not recorded/.test(w));
  const views = eventsNamed((await exported(page)).events, 'Product Viewed');
  // On main: no message for any of these, and the JSON id of 300 characters recorded a view under the page's URL.
  if (bad) {
    expect(told).toHaveLength(1);
    expect(told[0].length).toBeLessThan(400);
    expect(views).toHaveLength(0);
  } else {
    expect(told).toHaveLength(0);
    expect(views).toHaveLength(1);
  }
  expect(pageErrors).toEqual([]);
});
