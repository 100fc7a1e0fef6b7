// Single-page apps: page views per pathname once the route has settled (its title set), product views
// from markup the router rewrites in place, never the previous route's product again; query-only and
// fragment changes count only when the owner asks (field cases 08 and 09).
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type Router = { router: { go(slug: string, titleDelay?: number, markupDelay?: number): void; filter(p: Record<string, string>): void } };
const SHOP = '/test/fixtures/spa/shop.html';
const go = (page: Page, slug: string, titleDelay?: number, markupDelay?: number) =>
  page.evaluate(([s, t, m]) => (window as unknown as Router).router.go(s as string, t as number | undefined, m as number | undefined), [slug, titleDelay, markupDelay] as const);
const filter = (page: Page, params: Record<string, string>) => page.evaluate((p) => (window as unknown as Router).router.filter(p), params);
const named = async (page: Page, name: string) => eventsNamed((await exported(page)).events, name);

test('three products via pushState, the router setting title and JSON-LD after a delay: exactly three Product Viewed with their own ids and titles; query-only replaceState adds no page view', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto(SHOP);
  await ready(page);
  await expect.poll(async () => (await named(page, 'Page Viewed')).length).toBe(1);

  await go(page, 'alpine-mug');
  await expect.poll(async () => (await named(page, 'Product Viewed')).map((e) => e.properties.product_id)).toEqual(['SPA-1']);
  // The filter panel rewrites the query string twice: no page view, no product view.
  await filter(page, { color: 'blue' });
  await filter(page, { color: 'blue', sort: 'price' });
  // The next route sets its title first and rewrites the JSON-LD later: the old product is not recorded again.
  await go(page, 'birch-tray', 100, 600);
  await expect.poll(async () => (await named(page, 'Product Viewed')).map((e) => e.properties.product_id)).toEqual(['SPA-1', 'SPA-2']);
  await go(page, 'clay-vase', 250);
  await expect.poll(async () => (await named(page, 'Product Viewed')).map((e) => e.properties.product_id)).toEqual(['SPA-1', 'SPA-2', 'SPA-3']);

  const views = await named(page, 'Product Viewed');
  expect(views.map((e) => [e.properties.product_id, e.properties.name, e.properties.price])).toEqual([
    ['SPA-1', 'Alpine Mug', 14], ['SPA-2', 'Birch Tray', 32.5], ['SPA-3', 'Clay Vase', 41],
  ]);
  const pages = await named(page, 'Page Viewed');
  expect(pages.map((e) => [new URL(String(e.properties.url)).pathname.split('/').pop(), e.properties.title])).toEqual([
    ['shop.html', 'Home | Router Shop'],
    ['alpine-mug', 'Alpine Mug | Router Shop'],
    ['birch-tray', 'Birch Tray | Router Shop'],
    ['clay-vase', 'Clay Vase | Router Shop'],
  ]);
  // An SPA page view's referrer is the route before it.
  expect(new URL(String(pages[2].properties.referrer)).pathname).toMatch(/\/p\/alpine-mug$/);
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('the owner can count query-string changes as page views; in-page anchors never count, hash routes do', async ({ page }) => {
  await page.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ autocapture: { pageViewsOnQuery: true } }]]]; });
  await page.goto(SHOP);
  await ready(page);
  await expect.poll(async () => (await named(page, 'Page Viewed')).length).toBe(1);
  await filter(page, { color: 'red' });
  await expect.poll(async () => (await named(page, 'Page Viewed')).map((e) => new URL(String(e.properties.url)).search)).toEqual(['', '?color=red']);
  await page.click('a[href="#reviews"]');
  await page.evaluate(() => { location.hash = '#/cart'; });
  await expect.poll(async () => (await named(page, 'Page Viewed')).map((e) => new URL(String(e.properties.url)).hash)).toEqual(['', '', '#/cart']);
});
