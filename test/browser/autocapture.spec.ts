import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const names = async (page: Page) => (await exported(page)).events.map((e) => e.event);

test('single-page-app navigation, product link clicks, add-to-cart buttons, dwell and data-clientele-ignore, with no code from the owner', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    // The shop's own router handles these links; autocapture listens in the capture phase regardless.
    document.addEventListener('click', (e) => { if ((e.target as Element).closest('a')) e.preventDefault(); });
    document.body.insertAdjacentHTML('beforeend', `
      <a id="card" href="#p/SKU-9" data-product-id="SKU-9">Blue Jug</a>
      <div data-clientele-ignore><a id="secret" href="#p/SKU-666" data-product-id="SKU-666">hidden</a></div>
      <button id="add" data-clientele-add data-product-id="SKU-9" data-quantity="2">Add</button>`);
  });
  await page.click('#card');
  await page.click('#secret');
  await page.click('#add');

  // A router changes the URL and renders a product view with JSON-LD; then leaves it.
  await page.evaluate(() => {
    history.pushState({}, '', '/demo/fixtures/app/product');
    const s = document.createElement('script');
    s.type = 'application/ld+json';
    s.textContent = JSON.stringify({ '@type': 'Product', sku: 'SPA-1', name: 'Routed Teapot', offers: { price: '21.00', priceCurrency: 'EUR' } });
    document.body.appendChild(s);
  });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(['SPA-1']);
  await page.waitForTimeout(1200);
  await page.evaluate(() => history.pushState({}, '', '/demo/fixtures/app/home'));

  await expect.poll(async () => (await exported(page)).events.filter((e) => e.event === 'Page Viewed').map((e) => String(e.properties.url))).toHaveLength(3);
  const events = (await exported(page)).events;
  expect(eventsNamed(events, 'Page Viewed').map((e) => new URL(String(e.properties.url)).pathname)).toEqual(['/demo/fixtures/blank.html', '/demo/fixtures/app/product', '/demo/fixtures/app/home']);
  const clicks = eventsNamed(events, 'Product Clicked');
  expect(clicks.map((e) => e.properties.product_id)).toEqual(['SKU-9']);
  expect(eventsNamed(events, 'Product Added').map((e) => [e.properties.product_id, e.properties.quantity])).toEqual([['SKU-9', 2]]);
  const [view] = eventsNamed(events, 'Product Viewed');
  expect(view.properties).toMatchObject({ product_id: 'SPA-1', name: 'Routed Teapot', price: 21, currency: 'EUR' });
  const dwell = eventsNamed(events, 'Product Dwell');
  expect(dwell).toHaveLength(1);
  expect(dwell[0].properties.product_id).toBe('SPA-1');
  expect(Number(dwell[0].properties.seconds)).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(events)).not.toContain('SKU-666');
  expect(pageErrors).toEqual([]);
});

test('autocapture switches: with autocapture off only explicit calls are stored', async ({ page }) => {
  // Config queued before the snippet runs, as an owner's inline init would be.
  await page.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ autocapture: false }]]]; });
  await page.goto('/demo/fixtures/jsonld.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Explicit', { n: 1 }));
  await expect.poll(() => names(page)).toEqual(['Explicit']);
});

test('field case 07: product links and add-to-cart buttons inside web components\' shadow roots are captured (composedPath)', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    customElements.define('shop-tile', class extends HTMLElement {
      connectedCallback() {
        const root = this.attachShadow({ mode: 'open' });
        root.innerHTML = `<a href="#p/SH-1" data-product-id="SH-1"><span>Shadow Mug</span></a><button data-clientele-add data-product-id="SH-2">Add</button>
          <div data-clientele-ignore><a id="hidden" href="#p/SH-9" data-product-id="SH-9">hidden</a></div>`;
        root.querySelector('a')!.addEventListener('click', (e) => e.preventDefault());
      }
    });
    document.body.insertAdjacentHTML('beforeend', '<a id="light" href="#p/LT-1" data-product-id="LT-1">Light Mug</a><shop-tile></shop-tile>');
  });
  await page.click('#light');
  await page.locator('shop-tile a[data-product-id="SH-1"] span').click();
  await page.locator('shop-tile button').click();
  await page.locator('shop-tile #hidden').click();
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').map((e) => e.properties.product_id)).toEqual(['SH-2']);
  expect(eventsNamed((await exported(page)).events, 'Product Clicked').map((e) => e.properties.product_id)).toEqual(['LT-1', 'SH-1']);
  expect(pageErrors).toEqual([]);
});

test('field case 11: typed data-* attributes on the script tag are applied without complaint; other tools\' attributes are ignored', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await page.goto('/test/fixtures/typed-attributes.html');
  await ready(page);
  // data-autocapture=\'{"clicks": false}\': a product link click is not recorded; data-require-consent="false": events are stored.
  await page.click('#card');
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After Click', {}));
  await expect.poll(async () => (await exported(page)).events.map((e) => e.event)).toEqual(['Page Viewed', 'After Click']);
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
});

test('a markup or reader chunk that does not load: one message naming the file, JSON-LD still read where the reader is there, the page unaffected', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/dist/clientele-markup.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('/test/fixtures/pages/microdata-nested-brand.html');
  await ready(page);
  await expect.poll(() => warnings.filter((w) => w.includes('clientele-markup.js did not load'))).toHaveLength(1);
  // A JSON-LD page needs no markup chunk.
  await page.goto('/test/fixtures/pages/jsonld-basic.html');
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toContain('FW-MUG-01');

  await page.route('**/dist/clientele-reader.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('/test/fixtures/pages/jsonld-numeric-sku.html');
  await ready(page);
  await expect.poll(() => warnings.filter((w) => w.includes('clientele-reader.js did not load'))).toHaveLength(1);
  expect(warnings.filter((w) => w.includes('[clientele]') && !/clientele-(markup|reader)\.js did not load/.test(w))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
