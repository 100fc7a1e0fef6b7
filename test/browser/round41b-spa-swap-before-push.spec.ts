// Lead 4 of round 41b: routers that put the new page in before they push its URL. htmx swaps the content, then pushes
// the URL after its settle delay (20 ms by default, longer with hx-swap="... settle:150ms" for CSS transitions); Astro's
// view transitions swap, then push. Seen on main (src/autocapture/index.ts navigated): the new product was read and
// viewed under the route before; the route change that followed then dropped it as "the previous route's product", so
// on its own route the product on screen was none: an add-to-cart button with no id of its own recorded nothing, and
// no dwell was recorded on it (2 products, 2 clicks: 0 Product Added, 0 Product Dwell before).
import { test, expect, type Page } from '@playwright/test';
import { exported, spaHome, trackMarker } from './helpers.ts';

/** htmx-like: the product's content swapped in, its URL pushed `settle` ms later. */
const visit = (page: Page, id: string, settle: number) => page.evaluate(([id, settle]) => {
  document.title = `${id} - Shop`;
  document.body.innerHTML = `<h1>${id}</h1><script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', name: id, sku: id, offers: { price: 5, priceCurrency: 'USD' } })}</script><button data-clientele-add>Add to cart</button>`;
  setTimeout(() => history.pushState(null, '', `/spa/${id.toLowerCase()}`), settle as number);
}, [id, settle] as const);

test('content swapped in before its URL is pushed: its product is the route\'s, for add-to-cart and dwell', async ({ page }) => {
  test.setTimeout(40_000);
  await spaHome(page);
  for (const id of ['P1', 'P2']) {
    await visit(page, id, 150);
    await page.waitForTimeout(1600);
    await page.click('button');
  }
  await visit(page, 'P3', 150);
  await page.waitForTimeout(1200);
  await trackMarker(page);
  const events = (await exported(page)).events.sort((a, b) => a.timestamp - b.timestamp);
  const of = (name: string, key: string) => events.filter((e) => e.event === name).map((e) => e.properties[key]);
  expect(of('Page Viewed', 'path')).toEqual(['/spa/home', '/spa/p1', '/spa/p2', '/spa/p3']);
  expect(of('Product Viewed', 'product_id')).toEqual(['P1', 'P2', 'P3']);
  expect(of('Product Added', 'product_id')).toEqual(['P1', 'P2']);
  expect(of('Product Dwell', 'product_id')).toEqual(['P1', 'P2']);
});
