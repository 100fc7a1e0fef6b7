// Rows that respect each other and the visitor: no item twice on a page, never the product on screen,
// "Buy again" only with bought items, and no stored history used once personalization is off.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

type Rec = { item: { product_id: string }; source: string; reason: string; why?: { key: string } };
type Api = { recommend(r: object): Promise<Rec[]>; mount(e: Element, o: object): void; consent(g: boolean): void; init(c: object): void; track(e: string, p: object): void };
const cl = (page: Page) => ({
  recommend: (r: object) => page.evaluate((req) => (window as unknown as { clientele: Api }).clientele.recommend(req), r),
});
const ids = (page: Page, host: string) => page.locator(`${host} [data-clientele-widget-item]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')!));
const reasons = (page: Page, host: string) => page.locator(host).evaluate((el) => [...(el.shadowRoot?.querySelectorAll('.why') ?? [])].map((e) => e.textContent!.trim()).filter(Boolean));
const settledState = (page: Page, host: string) => expect(page.locator(host)).toHaveAttribute('data-clientele-state', /^(ready|empty)$/, { timeout: 20_000 });
const HISTORY = /because you|you viewed|you bought|you added|you looked|recommended for you/i;
const HISTORY_KEYS = ['reason.viewed', 'reason.added', 'reason.bought', 'reason.for-you', 'reason.viewed-ago', 'reason.bought-ago', 'reason.bought-times', 'reason.looked-together'];

async function view(page: Page, id: string) {
  await page.goto(`/demo/product.html?id=${encodeURIComponent(id)}`);
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').some((e) => e.properties.product_id === id)).toBe(true);
}
const VIEWED = ['85123A', '22423', '47566', '84879'];

test('no item is repeated across the rows of one page, and none is the product on screen', async ({ page }) => {
  test.setTimeout(90_000);
  for (const id of VIEWED) await view(page, id);
  // The home page: a new visitor's "for you" and the popular row were the same six items before.
  await page.goto('/demo/index.html');
  await ready(page);
  const home = ['[data-clientele-widget="for-you"]', '[data-clientele-widget="trending"]', '[data-clientele-widget="popular"]'];
  for (const h of home) await settledState(page, h);
  const homeIds = await Promise.all(home.map((h) => ids(page, h)));
  for (const row of homeIds) expect(row.length).toBe(6);
  expect(new Set(homeIds.flat()).size).toBe(18);

  // A product page: similar, bought together and recently viewed share nothing, and leave out the product shown.
  const onScreen = '22423';
  await page.goto(`/demo/product.html?id=${onScreen}`);
  await ready(page);
  const pdp = ['#row-similar', '#row-bought-together', '#row-recent'];
  for (const h of pdp) await settledState(page, h);
  const pdpIds = await Promise.all(pdp.map((h) => ids(page, h)));
  expect(pdpIds[0].length).toBe(6);
  expect(pdpIds[1].length).toBe(4);
  expect(pdpIds.flat()).not.toContain(onScreen);
  expect(new Set(pdpIds.flat()).size).toBe(pdpIds.flat().length);
  // Recently viewed: the other products this visitor viewed that the rows above did not already show.
  for (const id of pdpIds[2]) expect(VIEWED).toContain(id);
  expect(pdpIds[2].length).toBeGreaterThan(0);
});

test('"Buy again" shows only items the visitor bought, and otherwise hides itself', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.init({ catalogUrl: '/demo/data/catalog.json', siteModelUrl: '/demo/model/manifest.json' });
    for (const [id, sel] of [['plain', {}], ['fallback', { 'data-fallback': 'popular', 'data-fallback-title': 'Our bestsellers' }]] as const) {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = id;
      for (const [k, v] of Object.entries(sel)) el.setAttribute(k, v);
      c.mount(el, { type: 'buy-again', limit: 6, title: 'Buy again' });
    }
    c.track('Product Viewed', { product_id: '85123A' });
    c.track('Product Added', { product_id: '85123A' });
  });
  await ready(page);
  expect(await cl(page).recommend({ type: 'buy-again', limit: 6 })).toEqual([]);
  await settledState(page, '#plain');
  await expect(page.locator('#plain')).toHaveAttribute('data-clientele-state', 'empty');
  expect(await ids(page, '#plain')).toEqual([]);
  // The owner's fallback: another row, under its own honest title, never "Buy again".
  await settledState(page, '#fallback');
  await expect.poll(() => page.locator('#fallback').evaluate((el) => el.shadowRoot!.querySelector('h2')?.textContent)).toBe('Our bestsellers');
  expect((await ids(page, '#fallback')).length).toBe(6);

  // After an order: exactly what was bought. (The rows above leave the page first: rows never repeat each other.)
  await page.evaluate(() => document.querySelectorAll('#plain, #fallback').forEach((e) => e.remove()));
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Order Completed', { order_id: 'B-1', products: [{ product_id: '22423', price: 12.75, quantity: 1 }, { product_id: '47566', price: 4.95, quantity: 2 }] }));
  await expect.poll(async () => (await cl(page).recommend({ type: 'buy-again', limit: 6 })).map((r) => r.item.product_id).sort()).toEqual(['22423', '47566']);
  await page.evaluate(() => {
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'after';
    (window as unknown as { clientele: Api }).clientele.mount(el, { type: 'buy-again', limit: 6 });
  });
  await expect.poll(async () => (await ids(page, '#after')).sort(), { timeout: 20_000 }).toEqual(['22423', '47566']);
  for (const r of await reasons(page, '#after')) expect(r).toMatch(/^you bought this/);
});

test('consent off: rows use no stored history and give no history-based reasons; the privacy page says so', async ({ page }) => {
  test.setTimeout(90_000);
  for (const id of VIEWED.slice(0, 3)) await view(page, id);
  await page.goto('/demo/index.html');
  await ready(page);
  await settledState(page, '[data-clientele-widget="for-you"]');
  expect((await reasons(page, '[data-clientele-widget="for-you"]')).some((r) => /^because you viewed/.test(r))).toBe(true);

  // The shopper switches personalisation off on the privacy page.
  await page.goto('/demo/account.html');
  await ready(page);
  await page.locator('#consent').uncheck();
  await expect(page.locator('#consent-status')).toHaveText(/nothing new is stored, what is already stored is not used.*same shop as everyone else/);
  await expect.poll(async () => (await exported(page)).consent).toBe(false);

  await page.goto('/demo/index.html');
  await ready(page);
  const rows = ['[data-clientele-widget="for-you"]', '[data-clientele-widget="trending"]', '[data-clientele-widget="popular"]'];
  for (const h of rows) await settledState(page, h);
  for (const h of rows) {
    const rs = await reasons(page, h);
    expect(rs.length).toBeGreaterThan(0); // one per card, or one for the row when all six share it
    for (const r of rs) expect(r, h).not.toMatch(HISTORY);
  }
  for (const type of ['for-you', 'similar', 'bought-together', 'trending', 'popular', 'recently-viewed', 'buy-again']) {
    const recs = await cl(page).recommend({ type, limit: 6 });
    if (type === 'recently-viewed' || type === 'buy-again') expect(recs, type).toEqual([]);
    for (const r of recs) {
      expect(HISTORY_KEYS, `${type}: ${r.reason}`).not.toContain(r.why?.key);
      expect(r.reason).not.toMatch(HISTORY);
    }
  }
  // The hero shows everyone's default, not the visitor's audience variant.
  await expect(page.locator('[data-clientele-slot="hero"]')).toHaveAttribute('data-clientele-variant', 'classic');
  // A product page: items like the product on screen, but no "recently viewed".
  await page.goto('/demo/product.html?id=85123A');
  await ready(page);
  await settledState(page, '#row-similar');
  await settledState(page, '#row-recent');
  await expect(page.locator('#row-recent')).toHaveAttribute('data-clientele-state', 'empty');
  for (const r of await reasons(page, '#row-similar')) expect(r).toBe('similar to White Hanging Heart T-Light Holder');
  // The history is still stored (consent withdrawal is not erasure) until "Forget me".
  expect(eventsNamed((await exported(page)).events, 'Product Viewed').length).toBeGreaterThanOrEqual(3);
});

test('personalization: false in config: the same rows as anyone gets, whatever the history', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.init({ catalogUrl: '/demo/data/catalog.json', siteModelUrl: '/demo/model/manifest.json', personalization: false });
    for (const id of ['85123A', '22423', '47566']) c.track('Product Viewed', { product_id: id });
  });
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').length).toBe(3);
  const forYou = await cl(page).recommend({ type: 'for-you', limit: 6 });
  const popular = await cl(page).recommend({ type: 'popular', limit: 6 });
  expect(forYou.map((r) => r.item.product_id)).toEqual(popular.map((r) => r.item.product_id));
  for (const r of forYou) expect(r.reason).toBe('popular with other shoppers');
  expect(await cl(page).recommend({ type: 'recently-viewed' })).toEqual([]);
});
