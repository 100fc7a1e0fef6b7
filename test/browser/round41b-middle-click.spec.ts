// Round 41b: a product link opened in a new tab with the middle button (how shoppers compare products from a listing)
// fires no click, only auxclick. The widget's cards count it (widget/RecRow.tsx, ContentSlot.tsx), but autocapture's
// Product Clicked listened to click alone (src/autocapture/index.ts): a listing's middle-clicked product cards recorded
// nothing (2 middle clicks, 0 Product Clicked before). A right button (the context menu) is not a click.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

test('a product link opened with the middle button records Product Clicked, as a left click does', async ({ page, context }) => {
  test.setTimeout(30_000);
  await context.route('**/r41b-p/**', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>P</title>' }));
  await page.route('**/r41b-listing', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mugs</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body><h1>Mugs</h1><ul>
${['A1', 'A2', 'A3', 'A4'].map((id) => `<li data-product-id="${id}"><a id="${id}" href="/r41b-p/${id}">Mug ${id}</a></li>`).join('')}</ul></body></html>` }));
  await page.goto('/r41b-listing');
  await ready(page);
  await page.click('#A1', { button: 'middle' });
  await page.click('#A2', { button: 'middle' });
  await page.click('#A3', { button: 'right' });
  await page.keyboard.press('Escape');
  await page.click('#A4', { modifiers: ['ControlOrMeta'] });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Clicked').map((e) => e.properties.product_id).sort(), { timeout: 10_000 }).toEqual(['A1', 'A2', 'A4']);
  await page.waitForTimeout(300);
  expect(eventsNamed((await exported(page)).events, 'Product Clicked').length).toBe(3);
});
