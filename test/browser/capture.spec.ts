import { test, expect, chromium } from '@playwright/test';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, exported, eventsNamed, demoCatalog, watchConsole } from './helpers.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

// The demo's product page mounts its rows with clientele.mount() into these elements.
const rowIds = (page: import('@playwright/test').Page, row: string) =>
  page.locator(`${row} [data-clientele-widget-item]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));

test('a shopper views five products: exactly those five are stored, rows show them, and nothing is lost across reloads and restarts', async ({ baseURL }) => {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-profile-'));
  try {
    const catalog = demoCatalog();
    const five = catalog.filter((p) => p.category === catalog[0].category).slice(0, 5);
    expect(five).toHaveLength(5);

    let ctx = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs, baseURL });
    let page = ctx.pages()[0] ?? (await ctx.newPage());
    const { pageErrors } = watchConsole(page);
    for (const p of five) {
      await page.goto(`/demo/product.html?id=${encodeURIComponent(p.product_id)}`);
      await ready(page);
      await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').some((e) => e.properties.product_id === p.product_id)).toBe(true);
    }
    const check = async () => {
      const views = eventsNamed((await exported(page)).events, 'Product Viewed');
      expect(views.map((e) => e.properties.product_id)).toEqual(five.map((p) => p.product_id));
      for (const [i, p] of five.entries()) {
        expect(views[i].properties.name).toBe(p.name);
        expect(views[i].properties.price).toBe(p.price);
        expect(views[i].session_id).toBeTruthy();
        expect(views[i].anonymous_id).toBeTruthy();
      }
    };
    await check();

    // The "recently viewed" row on the last product page shows the other four, most recent first.
    await expect.poll(() => rowIds(page, '#row-recent'), { timeout: 20_000 }).toEqual(expect.arrayContaining(five.slice(0, 4).map((p) => p.product_id)));
    // The "similar" row shows related items, never the product itself.
    await expect.poll(async () => (await rowIds(page, '#row-similar')).length, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await rowIds(page, '#row-similar')).not.toContain(five[4].product_id);

    // Reload a page that is not a product page (reloading a product page is, rightly, another view).
    await page.goto('/demo/index.html');
    await ready(page);
    await check();
    await page.reload();
    await ready(page);
    await check();
    await ctx.close();

    ctx = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs, baseURL });
    page = ctx.pages()[0] ?? (await ctx.newPage());
    await page.goto('/demo/index.html');
    await ready(page);
    await check();
    await ctx.close();
    expect(pageErrors).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
});

const FIXTURES = ['jsonld', 'microdata', 'opengraph', 'data-attrs'];

for (const name of FIXTURES) {
  test(`a page with only ${name} product markup records a Product Viewed with id, name, price and currency`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await page.goto(`/demo/fixtures/${name}.html`);
    await ready(page);
    const expected = (JSON.parse(readFileSync(new URL('../../demo/fixtures/expected.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>)[`${name}.html`];
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length).toBe(1);
    const [view] = eventsNamed((await exported(page)).events, 'Product Viewed');
    for (const key of ['product_id', 'name', 'price', 'currency']) expect(view.properties[key], key).toEqual(expected[key]);
    expect(pageErrors).toEqual([]);
  });
}
