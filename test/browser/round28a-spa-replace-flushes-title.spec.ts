// Issue #8 / README "Single-page apps": "A page view when the pathname changes, recorded once the router has set the
// new title (at most one second later)". A route whose view syncs its state into the query string with
// history.replaceState right after the router's pushState (a category page writing ?sort= / ?page=, a utm clean-up)
// gets its page view recorded at once, with the PREVIOUS route's title: src/autocapture/index.ts navigated() runs
// `settling?.()` on every URL change, the replaceState that stays on the same route included, and done() reads
// nothing later. The title the router sets 200 ms after is never recorded.
// Control: without the replaceState the page view has the title 'Mugs'.
// Expected: Page Viewed [home 'Shop', /spa/mugs 'Mugs'], 0 errors.
import { test, expect } from '@playwright/test';
import { spaHome, spaViews, watchConsole } from './helpers.ts';

test('SPA: a replaceState on the same route right after pushState keeps the page view waiting for the new title', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await spaHome(page);
  await page.evaluate((replace) => {
    history.pushState({}, '', '/spa/mugs');
    if (replace) history.replaceState({ sort: 'popular' }, '', '/spa/mugs?sort=popular');
    setTimeout(() => { document.title = 'Mugs'; }, 200);
  }, !process.env.NO_REPLACE);
  await page.waitForTimeout(2500);
  const views = (await spaViews(page)).map((e) => [e.properties.path, e.properties.title]);
  console.log(JSON.stringify({ views, pageErrors }));
  expect({ views, pageErrors }).toEqual({ views: [['/spa/home', 'Shop'], ['/spa/mugs', 'Mugs']], pageErrors: [] });
});
