// Round 31 (tester A). README, Privacy: "`consent(false)` stops recording and stops using what is stored: rows become
// what any visitor gets (popular, trending, items like the product on screen), no reason mentions the visitor's
// history, "recently viewed" and "buy again" hide, ... the rows and slots on screen are asked again at once, in every
// tab of the origin ... `personalization: false` in the config does the same for every visitor." Config table:
// "`personalization` ... `false`: rows use no stored history ..., reasons never mention it"; API: "`init(config)`
// Applies a config. Later calls refine earlier ones."
// A shop whose consent banner maps a declined "personalisation" purpose to `init({ personalization: false })` (while
// analytics stays allowed, so it does not call consent(false)) turns personalization off on a page that already
// shows a "recently viewed" row and a "for you" row. The worker applies it at once (recommend({ type:
// 'recently-viewed' }) answers []), but nothing asks the rows on screen again: the "recently viewed" row keeps its
// cards ("you viewed this just now") and "for you" keeps "because you viewed White Hanging Heart T-Light Holder".
// Expected: as after consent(false) (round 30 fix), within a few seconds the "recently viewed" row empties and no
// reason on screen cites the visitor's history. Observed: both rows stay as they were, indefinitely.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;

test('init({ personalization: false }) on a page showing personal rows: they are asked again and stop citing the history', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    for (const id of ['85123A', '22423', '85099B']) c.track('Product Viewed', { product_id: id });
    for (const [id, type] of [['rv', 'recently-viewed'], ['fy', 'for-you']]) {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = id;
      c.mount(el, { type, limit: 4 });
    }
  });
  const recent = page.locator('#rv [data-clientele-widget-item]');
  await expect.poll(() => recent.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await expect.poll(() => page.locator('#fy .why').allTextContents().then((t) => t.join('|')), { timeout: 15_000 }).toContain('because you viewed');

  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.init({ personalization: false }));
  // The engine itself has stopped using the history: only what is on screen is stale.
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'recently-viewed' }).then((r) => r.length))).toBe(0);
  await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(0);
  await expect.poll(() => page.locator('#fy .why').allTextContents().then((t) => t.join('|')), { timeout: 5000 }).not.toContain('because you viewed');
});
