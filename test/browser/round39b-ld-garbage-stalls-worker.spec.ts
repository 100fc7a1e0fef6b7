// A page whose JSON-LD holds a block of garbage: 100,000 "<!-- -->" wrappers (900 KB; a broken template loop, or a
// hostile page) beside its real Product block. The worker's reader (src/contract/markup/graph.ts parseJsonLd) took the
// wrappers off one at a time, each time over the whole text: quadratic, about 5 s for 20,000 and two minutes for
// 100,000, in the engine worker, so the page's product view and every event tracked meanwhile waited that long.
// (The comment repair added in this round was quadratic too on a text of many unterminated strings: "\"\"\"...".)
// Text values too: another product's name of 200,000 unclosed "{{" (src/contract/markup/text.ts isPlaceholder) or
// unclosed tags ("<a<a<a...", cleanText) held the worker for more than 20 s (about 40 s for four such fields of 100,000).
// Expected: the product view and an event tracked after it are stored within 20 s (with the fix: well under a second).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

const other = (name: string) => JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku: 'G1', url: '/elsewhere', name });
for (const [name, garbage] of [['wrappers', '<!-- -->\n'.repeat(100_000) + '{}'], ['open strings', '{' + '"\\'.repeat(200_000)],
  ['a name of unclosed "{{"', other('{{'.repeat(200_000))], ['a name of unclosed tags', other('<a'.repeat(200_000))]] as const) test(`a JSON-LD block of ${name} does not hold up the worker`, async ({ page }) => {
  test.setTimeout(60_000);
  const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: 'Mug', sku: 'M1', offers: { '@type': 'Offer', price: '5.00', priceCurrency: 'USD' } });
  await page.route('**/r39b-garbage', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>Mug</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body><h1>Mug</h1>
<script type="application/ld+json">${garbage}</script><script type="application/ld+json">${ld}</script></body></html>` }));
  await page.goto('/r39b-garbage');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After', {}));
  await expect.poll(async () => {
    // exportData() itself gives null while the worker is held up.
    const events = (await exported(page))?.events ?? [];
    return [eventsNamed(events, 'Product Viewed').map((e) => e.properties.product_id), eventsNamed(events, 'After').length];
  }, { timeout: 20_000 }).toEqual([['M1'], 1]);
});
