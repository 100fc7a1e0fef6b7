// Round 38 (tester C). Round 38's rule: a page's polluted Object.prototype is never taken as data. A shop's
// prototype-pollution bug (`?__proto__[image]=...` merged from the query string) sets string keys on
// Object.prototype; the product a page describes in JSON-LD without an image, a brand, a url or a category must be
// recorded without them, not with the attacker's.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, eventsNamed } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

for (const polluted of [false, true]) {
  test(`${polluted ? 'Object.prototype.image / .brand / .url / .category / .price polluted' : 'control'}: a JSON-LD product is recorded as its markup says`, async ({ page }) => {
    if (polluted) await page.addInitScript(`for (const k of ['image', 'brand', 'url', 'category', 'price', 'priceCurrency', 'offers', 'name', 'sku', 'description']) Object.prototype[k] = 'https://evil.example/' + k;`);
    await page.route('**/hostile38c/product.html', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><html lang="en"><head><title>Mug</title><script>${SNIPPET}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"Plain Mug","sku":"PM-1","offers":{"@type":"Offer","price":"7.50","priceCurrency":"GBP"}}</script>
<script async src="/dist/clientele.js" data-autocapture='{"clicks":false,"dwell":false}'></script></head><body><h1>Plain Mug</h1></body></html>`,
    }));
    await page.goto('/hostile38c/product.html');
    await ready(page);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length, { timeout: 15_000 }).toBe(1);
    const e = eventsNamed((await exported(page)).events, 'Product Viewed')[0];
    expect(JSON.stringify(e.properties)).not.toContain('evil.example');
    expect(e.properties).toMatchObject({ product_id: 'PM-1', name: 'Plain Mug', price: 7.5, currency: 'GBP' });
  });
}
