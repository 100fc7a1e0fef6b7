// Round 30 (tester A). README, Privacy: "`consent(false)` stops recording and stops using what is stored: rows become
// what any visitor gets (popular, trending, items like the product on screen), no reason mentions the visitor's
// history, "recently viewed" and "buy again" hide, slots show their default". A page that shows a "recently viewed"
// row (cards built from the visitor's stored history, each reading "you viewed this just now") and then gets
// consent(false), from its own consent banner or from another tab of the site ("an answer given in another tab
// applies in this one"), keeps that row on screen with every card and reason: nothing asks the rows on screen again
// after a "no", as forget() does ("the rows and slots on screen, which are asked again (a "recently viewed" row
// empties), in every tab of the site"). The same happens to a page restored from the back-forward cache after a "no"
// on the next page. Expected: once the "no" is given, the on-screen "recently viewed" row empties (hides) within a
// few seconds, in this tab and in the site's other tabs. Observed: it keeps its 2 cards indefinitely.
import { test, expect, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;

async function recentlyViewedRow(page: Page) {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.consent(true);
    for (const id of ['85123A', '22423', '85099B']) c.track('Product Viewed', { product_id: id });
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'rv';
    c.mount(el, { type: 'recently-viewed', limit: 4 });
  });
  const recent = page.locator('#rv [data-clientele-widget-item]');
  await expect.poll(() => recent.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  return recent;
}

test('consent(false) on this page: the "recently viewed" row on screen empties', async ({ page }) => {
  const recent = await recentlyViewedRow(page);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.consent(false));
  // The worker itself no longer serves the row: only what is on screen is stale.
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'recently-viewed' }).then((r) => r.length))).toBe(0);
  await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(0);
});

test('consent(false) in another tab: this tab\'s "recently viewed" row on screen empties', async ({ context }) => {
  const a = await context.newPage();
  const recent = await recentlyViewedRow(a);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => (window as unknown as { clientele: C }).clientele.consent(false));
  await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(0);
});
