// Every word a shopper sees on the zh-CN shop is Chinese (row titles, buttons, loading text, reasons), the
// owner can reword any message, and a right-to-left page mirrors the rows.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

type Rec = { item: { product_id: string }; reason: string; why?: { key: string; params: Record<string, unknown> } };
const shadowTexts = (page: Page, host: string, sel: string) =>
  // Texts shown: a row keeps empty reason lines as room (skeletons hold the row's height), which say nothing.
  page.locator(host).evaluate((el, s) => [...el.shadowRoot!.querySelectorAll(s)].map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').trim()).filter(Boolean), sel);

async function view(page: Page, path: string, id: string) {
  await page.goto(`${path}?id=${encodeURIComponent(id)}`);
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').some((e) => e.properties.product_id === id)).toBe(true);
}

test('the zh-CN shop: Chinese row titles, labels and reasons, from the catalogue and the worker alike', async ({ page }) => {
  test.setTimeout(90_000);
  for (const id of ['85123A', '22423']) await view(page, '/demo/zh-CN/product.html', id);
  await page.goto('/demo/zh-CN/index.html');
  await ready(page);
  const forYou = '[data-clientele-widget="for-you"]';
  await expect(page.locator(`${forYou} [data-clientele-widget-item]`).first()).toBeVisible({ timeout: 20_000 });

  // Labels: the buttons' names from the zh-CN catalogue; the owner's data-title as given.
  expect(await shadowTexts(page, forYou, '.nav button')).toEqual(['上一组商品', '下一组商品']);
  expect(await shadowTexts(page, forYou, 'h2')).toEqual(['为你精选']);
  // Reasons: visible text under each card, in Chinese, naming what this visitor viewed.
  const reasons = await shadowTexts(page, forYou, '.why');
  expect(reasons.length).toBeGreaterThan(0); // one per card, or one for the row when all six share it
  for (const r of reasons) expect(r).toMatch(/[\u4e00-\u9fff]/);
  expect(reasons.some((r) => /^因为你浏览过“.+”$/.test(r)), reasons.join(' | ')).toBe(true);
  // The API says the same, with the reason as data for your own renderer.
  const recs = await page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<Rec[]> } }).clientele.recommend({ type: 'for-you', limit: 6 }));
  expect(recs.some((r) => r.why?.key === 'reason.viewed' && r.reason === `因为你浏览过“${r.why.params.name}”`)).toBe(true);

  // A row with no title of the owner's gets the catalogue's, and its loading text is Chinese too.
  await page.evaluate(() => {
    const el = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'extra' }));
    (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele.mount(el, { type: 'trending', limit: 4 });
  });
  await expect(page.locator('#extra')).toHaveAttribute('data-clientele-state', 'ready', { timeout: 20_000 });
  expect(await shadowTexts(page, '#extra', 'h2')).toEqual(['当下热门']);
  const trending = await shadowTexts(page, '#extra', '.why');
  expect(trending.length).toBeGreaterThan(0);
  for (const r of trending) expect(r).toMatch(/^(本周关注度是上周的[\d.]+倍|本周热卖|深受其他顾客喜爱)$/);

  // Prices in the zh-CN format, the shop's currency.
  const price = await page.locator(forYou).evaluate((el) => el.shadowRoot!.querySelector('.price')!.textContent);
  expect(price).toMatch(/^£\d+\.\d{2}$/);
  // Links go to the Chinese product pages.
  const href = await page.locator(forYou).evaluate((el) => el.shadowRoot!.querySelector('a.card')!.getAttribute('href'));
  expect(href).toMatch(/^\/demo\/zh-CN\/product\.html\?id=/);
});

test('the owner rewords any message in config.messages, per language', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { init(o: object): void; track(e: string, p: object): void; mount(e: Element, o: object): void } }).clientele;
    c.init({ catalogUrl: '/demo/data/catalog.json', locale: 'de-DE', messages: { 'row.popular': 'Bestseller', 'reason.popular': 'bei allen beliebt', fr: { 'row.popular': 'Meilleures ventes' } } });
    const el = document.body.appendChild(Object.assign(document.createElement('div'), { id: 'row' }));
    c.mount(el, { type: 'popular', limit: 3 });
  });
  await ready(page);
  await expect(page.locator('#row')).toHaveAttribute('data-clientele-state', 'ready', { timeout: 20_000 });
  expect(await shadowTexts(page, '#row', 'h2')).toEqual(['Bestseller']);
  expect(await shadowTexts(page, '#row', '.nav button')).toEqual(['Vorherige Artikel', 'Weitere Artikel']);
  expect(new Set(await shadowTexts(page, '#row', '.why'))).toEqual(new Set(['bei allen beliebt']));
});

test('a right-to-left page mirrors the row: first card on the right, "next" scrolls left, arrows flipped', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  // The demo home page as a Hebrew site would serve it.
  await page.route('**/demo/index.html', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (await res.text()).replace('<html lang="en-GB">', '<html lang="he" dir="rtl">') });
  });
  await page.goto('/demo/index.html');
  await ready(page);
  const row = page.locator('[data-clientele-widget="for-you"]');
  await expect(row.locator('[data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  const geometry = () => row.evaluate((el) => {
    const root = el.shadowRoot!;
    const ul = root.querySelector('ul')!, li = root.querySelector('li')!, h = root.querySelector('h2')!, nav = root.querySelector('.nav')!;
    const [u, l, hd, n] = [ul, li, h, nav].map((e) => e.getBoundingClientRect());
    return { dir: getComputedStyle(ul).direction, ulRight: u.right, ulLeft: u.left, liRight: l.right, headRight: hd.right, navLeft: n.left, scrollLeft: ul.scrollLeft, flipped: nav.classList.contains('rtl') };
  });
  const g = await geometry();
  expect(g.dir).toBe('rtl');
  expect(Math.abs(g.liRight - (g.ulRight - 4))).toBeLessThanOrEqual(2); // the first card starts at the right edge (4 px padding)
  expect(g.headRight).toBeGreaterThan(g.navLeft); // the title on the right, the buttons on the left
  expect(g.flipped).toBe(true);
  await row.locator('.nav button').last().click();
  await expect.poll(async () => (await geometry()).scrollLeft).toBeLessThan(-100); // leftwards, as RTL scrolling goes
  await expect(row.locator('.nav button').first()).toBeEnabled();
});
