// Issue #8 / README "Single-page apps": "A page view when the pathname changes, recorded once the router has set the
// new title (at most one second later)". A shopper who clicks on within that second (a category, then a product; a
// router that keeps the title or sets it later) gets the first route's page view recorded with the NEXT route's url,
// path and the previous title: src/autocapture/index.ts navigated() calls `settling?.()` after history.pushState has
// already changed location, and done() -> pageView() reads location.href / location.pathname / document.title then.
// The route the visitor saw (/spa/a) is never recorded; the next one is recorded twice.
// Control: PAUSE=1500 (the shopper stays over a second on /spa/a) passes.
// Expected: Page Viewed paths ['/spa/home', '/spa/a', '/spa/b'] (each with its own url), 0 errors.
import { test, expect } from '@playwright/test';
import { spaHome, spaViews, watchConsole } from './helpers.ts';

test('SPA: a route left within a second is recorded under its own path, not the next route\'s', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await spaHome(page);
  // The shopper opens a category, and 300 ms later a product from it.
  await page.evaluate(() => history.pushState({}, '', '/spa/a'));
  await page.waitForTimeout(Number(process.env.PAUSE ?? 300));
  await page.evaluate(() => history.pushState({}, '', '/spa/b'));
  await page.waitForTimeout(2000);
  const views = (await spaViews(page));
  const paths = views.map((e) => e.properties.path);
  const urls = views.map((e) => new URL(String(e.properties.url)).pathname);
  console.log(JSON.stringify({ paths, urls, pageErrors }));
  expect({ paths, urls, pageErrors }).toEqual({ paths: ['/spa/home', '/spa/a', '/spa/b'], urls: ['/spa/home', '/spa/a', '/spa/b'], pageErrors: [] });
});
