// Lead 3 of round 40b, widgets a single-page app re-renders in place: React, Vue and Preact keep the same element across
// routes and patch its attributes, so a product component's `<div data-clientele-widget="similar" data-item-id={id}>`
// gets the next product's id written into it. Seen on main: the row went on showing the first product's look-alikes
// on every later product (mountWidgets.ts mounts an element once; autocapture's observer watched no widget attribute).
// Expected: the row is asked again for the new product, once, and shows what recommend() answers for it.
import { test, expect, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

type Api = { recommend(r: object): Promise<Array<{ item: { product_id: string } }>> };
const rowIds = (page: Page) => page.evaluate(() => Array.from(document.querySelector('#row')?.shadowRoot?.querySelectorAll('[data-clientele-widget-item]') ?? []).map((e) => e.getAttribute('data-product-id')));
const similar = (page: Page, id: string) => page.evaluate((id) => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'similar', itemId: id, limit: 4 }).then((r) => r.map((x) => x.item.product_id)), id);

test('a row whose data-item-id the app rewrites in place is asked again for the new product', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/inplace-row/app', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><head><title>App</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-site-model-url="/demo/model/manifest.json"></script>
</head><body><main><h1>Product</h1><div id="row" data-clientele-widget="similar" data-limit="4" data-item-id="85123A"></div></main></body></html>` }));
  await page.goto('/inplace-row/app');
  await ready(page);
  const a = await similar(page, '85123A');
  const b = await similar(page, '22423');
  expect(a.length).toBeGreaterThan(0);
  expect(b).not.toEqual(a);
  await expect.poll(() => rowIds(page), { timeout: 10_000 }).toEqual(a);
  // The same value written again (a library that sets every attribute on each render): the row is not drawn again.
  await page.evaluate(() => { const el = document.getElementById('row')!; (window as unknown as { first: unknown }).first = el.shadowRoot!.firstElementChild; el.setAttribute('data-item-id', '85123A'); el.setAttribute('data-limit', '4'); });
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => document.getElementById('row')!.shadowRoot!.firstElementChild === (window as unknown as { first: unknown }).first)).toBe(true);
  expect(await rowIds(page)).toEqual(a);
  await page.evaluate(() => { history.pushState({}, '', '/inplace-row/app?p=22423'); document.getElementById('row')!.setAttribute('data-item-id', '22423'); });
  await expect.poll(() => rowIds(page), { timeout: 10_000 }).toEqual(b);
  expect(await page.evaluate(() => document.querySelectorAll('[data-clientele-widget]').length)).toBe(1);
});
