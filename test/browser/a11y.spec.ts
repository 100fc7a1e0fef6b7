// Accessibility of every demo page with its widgets, by axe-core (shadow roots included), on a desktop and
// a phone viewport; and the keyboard path through a row on a phone: previous/next buttons, whole cards in view.
import { test, expect, type Page } from '@playwright/test';
import { axeViolations, describeViolations } from './axe.ts';
import { ready } from './helpers.ts';

const PAGES = [
  '/demo/index.html',
  '/demo/category.html?c=kitchen',
  '/demo/product.html?id=85123A',
  '/demo/cart.html',
  '/demo/checkout.html',
  '/demo/account.html',
  '/demo/owner.html',
  '/demo/zh-CN/index.html',
  '/demo/zh-CN/category.html?c=kitchen',
  '/demo/zh-CN/product.html?id=85123A',
  '/demo/zh-CN/cart.html',
  '/demo/zh-CN/checkout.html',
  '/demo/zh-CN/account.html',
];

/** Waits until every widget on the page has settled (drawn its items, or hidden itself). */
async function settled(page: Page) {
  await ready(page);
  await expect.poll(() => page.evaluate(() => [...document.querySelectorAll('[data-clientele-widget], [data-clientele-slot], [id^="row-"]')]
    .filter((el) => el.shadowRoot || el.hasAttribute('data-clientele-widget') || el.hasAttribute('data-clientele-slot'))
    .every((el) => ['ready', 'empty'].includes(el.getAttribute('data-clientele-state') ?? ''))), { timeout: 20_000 }).toBe(true);
}

// One load per page, checked at a desktop width and then at a phone's: the rows lay themselves out again on resize
// (their previous/next buttons follow the row's width), and a second load per viewport cost CI about a minute.
const VIEWPORTS = [{ width: 1280, height: 900, name: 'desktop' }, { width: 390, height: 844, name: 'phone' }];
for (const path of PAGES) {
  test(`${path}: no violations on a desktop or a phone`, async ({ page }) => {
    await page.setViewportSize(VIEWPORTS[0]);
    await page.goto(path);
    await settled(page);
    for (const { name, ...size } of VIEWPORTS) {
      await page.setViewportSize(size);
      // two frames: the resize observers run, then the layout they changed
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
      await settled(page);
      const violations = await axeViolations(page);
      expect(violations, `${name} ${size.width}x${size.height}\n${describeViolations(violations)}`).toEqual([]);
    }
  });
}

test('a visitor with history: rows, reasons and the cart, still no violations', async ({ page }) => {
  // Views and an order give every row (recently viewed, buy again) and every reason kind something to show.
  for (const id of ['85123A', '22423', '47566']) {
    await page.goto(`/demo/product.html?id=${id}`);
    await settled(page);
  }
  await page.locator('#product [data-clientele-add]').first().click();
  for (const path of ['/demo/product.html?id=85123A', '/demo/cart.html', '/demo/index.html']) {
    await page.goto(path);
    await settled(page);
    const violations = await axeViolations(page);
    expect(violations, `${path}\n${describeViolations(violations)}`).toEqual([]);
  }
});

test.describe('a row on a 390 px phone', () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });
  test('has previous/next buttons, and Tab brings each card wholly into view', async ({ page }) => {
    // Some 40 steps, each a wait on the page: beside three other lanes on two cores it ran out of 60 s once in CI.
    test.setTimeout(120_000);
    await page.goto('/demo/index.html');
    await settled(page);
    const row = page.locator('[data-clientele-widget="for-you"]');
    const prev = row.locator('.nav button').first();
    const next = row.locator('.nav button').last();
    await expect(prev).toBeVisible();
    await expect(prev).toBeDisabled();
    await expect(next).toBeEnabled();
    await expect(next).toHaveAttribute('aria-label', 'Next items');

    // Keyboard: focus each card in turn; the whole card must be inside the row's visible box.
    const cards = row.locator('[data-clientele-widget-item]');
    const n = await cards.count();
    expect(n).toBe(6);
    const wholly = (k: number) => page.evaluate((k) => {
      const host = document.querySelector('[data-clientele-widget="for-you"]')!;
      const list = host.shadowRoot!.querySelector('ul')!.getBoundingClientRect();
      const card = host.shadowRoot!.querySelectorAll('li')[k].getBoundingClientRect();
      return card.left >= list.left - 1 && card.right <= list.right + 1 && card.top >= -1 && card.bottom <= innerHeight + 1;
    }, k);
    await cards.first().focus();
    for (let i = 0; i < n; i++) {
      if (i) {
        // Between two cards, Tab stops at the first one's "not interested" button: its card stays wholly in view.
        await page.keyboard.press('Tab');
        await expect(row.locator('[data-clientele-dismiss]').nth(i - 1)).toBeFocused();
        await expect.poll(() => wholly(i - 1), { message: `card ${i} wholly visible while its "not interested" button has focus` }).toBe(true);
        await page.keyboard.press('Tab');
      }
      await expect(cards.nth(i)).toBeFocused();
      await expect.poll(() => wholly(i), { message: `card ${i + 1} wholly visible when focused` }).toBe(true);
    }
    // The buttons page through the row and stop at its ends.
    await page.evaluate(() => document.querySelector('[data-clientele-widget="for-you"]')!.shadowRoot!.querySelector('ul')!.scrollTo({ left: 0, behavior: 'instant' as ScrollBehavior }));
    await expect(prev).toBeDisabled();
    const scrollLeft = () => page.evaluate(() => document.querySelector('[data-clientele-widget="for-you"]')!.shadowRoot!.querySelector('ul')!.scrollLeft);
    await next.click();
    await expect.poll(scrollLeft).toBeGreaterThan(200);
    await expect(prev).toBeEnabled();
    // Page on until the end: each click moves the row on, and at the end "next" is disabled.
    for (let k = 0; k < 5; k++) {
      const before = await scrollLeft();
      const max = await page.evaluate(() => { const ul = document.querySelector('[data-clientele-widget="for-you"]')!.shadowRoot!.querySelector('ul')!; return ul.scrollWidth - ul.clientWidth; });
      if (before >= max - 1) break;
      await next.click();
      await expect.poll(scrollLeft).toBeGreaterThan(before);
      await expect.poll(async () => { const a = await scrollLeft(); await page.waitForTimeout(100); return a === (await scrollLeft()); }).toBe(true);
    }
    await expect(next).toBeDisabled();
    await expect(prev).toBeEnabled();
  });
});
