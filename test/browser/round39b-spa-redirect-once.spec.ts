// Lead: a router that normalises a URL with history.replaceState (/p/1 -> /p/1/slug, /old -> /new), right after its
// pushState or as the app boots, redirects the view the visitor is on: one page, one page view. Before:
// src/autocapture/index.ts navigated() took every pathname change for a new route, so the pushState's view was
// recorded at once under the previous route's title ('Shop') and the replaceState's view after it: two views of one
// page ([/spa/p/1 'Shop'], [/spa/p/1/mug 'Mug']), and at boot a second view of the page just loaded.
// Expected: one view per page, under the URL the router settled on (or, at boot, the one already recorded), with the
// page's own title; a replaceState to a new path long after the view (a real replace navigation) is still a view.
import { test, expect } from '@playwright/test';
import { spaHome, spaViews, watchConsole, ready } from './helpers.ts';

test('SPA: a replaceState redirect right after pushState is one page view, under the final URL and title', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await spaHome(page);
  // The router pushes /p/1, resolves it and writes the canonical slug 30 ms later, then renders the title.
  await page.evaluate(() => {
    history.pushState({}, '', '/spa/p/1');
    setTimeout(() => history.replaceState({}, '', '/spa/p/1/mug'), 30);
    setTimeout(() => { document.title = 'Mug'; }, 150);
  });
  await page.waitForTimeout(1800);
  // A pushState to the URL the page is on, then a redirect that also sets the title at once.
  await page.evaluate(() => {
    history.pushState({}, '', '/spa/p/1/mug');
    history.pushState({}, '', '/spa/old-cups');
    history.replaceState({}, '', '/spa/cups');
    document.title = 'Cups';
  });
  await page.waitForTimeout(1800);
  // Long after its view, a replace to another path is a navigation of its own.
  await page.evaluate(() => { history.replaceState({}, '', '/spa/login'); document.title = 'Log in'; });
  await page.waitForTimeout(1500);
  const views = (await spaViews(page)).map((e) => [e.properties.path, e.properties.title, e.properties.referrer && new URL(e.properties.referrer as string).pathname]);
  expect({ views, pageErrors }).toEqual({ views: [
    ['/spa/home', 'Shop', undefined], ['/spa/p/1/mug', 'Mug', '/spa/home'], ['/spa/cups', 'Cups', '/spa/p/1/mug'], ['/spa/login', 'Log in', '/spa/cups'],
  ], pageErrors: [] });
});

test('SPA: a router normalising the URL with replaceState as it boots adds no second view of the page loaded', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route(/\/spa-boot\/.*/, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Mug</title><script>window.clientele = [];</script>
<script async src="/dist/clientele.js"></script><body><div id="app"></div>
<script>const t = setInterval(() => { if (window.clientele.__real) clearInterval(t), setTimeout(() => history.replaceState({}, '', '/spa-boot/p/1/mug'), 400); }, 5);</script></body>` }));
  await page.goto('/spa-boot/p/1');
  await ready(page);
  await page.waitForFunction(() => location.pathname === '/spa-boot/p/1/mug');
  await page.waitForTimeout(1500);
  const views = (await spaViews(page)).map((e) => [e.properties.path, e.properties.title]);
  // Recorded under the URL it had when autocapture started: either, once.
  expect(views.length, JSON.stringify(views)).toBe(1);
  expect(views[0][1]).toBe('Mug');
});

// With pageViewsOnQuery (the owner counts query changes), a campaign link's ?utm_ parameters that the page strips with
// replaceState (a "clean URL" script, at load or after a pushState) are not another page. Before: the strip was a new
// query, so each counted a second view ([/spa-q/p ?color=red&utm_source=mail], [/spa-q/p ?color=red]).
test('SPA with pageViewsOnQuery: stripping ?utm_ parameters with replaceState adds no page view; a real query change does', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route(/\/spa-q\/.*/, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Shop</title><script>window.clientele = [['init', [{ autocapture: { pageViewsOnQuery: true } }]]];</script>
<script async src="/dist/clientele.js"></script><body><div id="app"></div></body>` }));
  await page.goto('/spa-q/home?utm_source=news&utm_medium=email');
  await ready(page);
  await page.evaluate(() => history.replaceState({}, '', '/spa-q/home'));
  await page.waitForTimeout(1500);
  await page.evaluate(() => { history.pushState({}, '', '/spa-q/p?color=red&utm_source=mail'); document.title = 'Red'; setTimeout(() => history.replaceState({}, '', '/spa-q/p?color=red'), 50); });
  await page.waitForTimeout(1500);
  await page.evaluate(() => { history.replaceState({}, '', '/spa-q/p?color=blue'); document.title = 'Blue'; });
  await page.waitForTimeout(1500);
  const views = (await spaViews(page)).map((e) => [e.properties.path, e.properties.title]);
  expect(views).toEqual([['/spa-q/home', 'Shop'], ['/spa-q/p', 'Red'], ['/spa-q/p', 'Blue']]);
});

// The same redirect in a hash router: #/p/1 written as #/p/1/mug. Before the fix for hash routes, the path of the URL
// was compared alone, so this was a new route: two views ([#/p/1 'Shop'], [#/p/1/mug 'Mug']).
test('SPA (hash routes): a replaceState redirect right after the route changes is one page view', async ({ page }) => {
  test.setTimeout(60_000);
  await spaHome(page);
  await page.evaluate(() => {
    history.pushState({}, '', '/spa/home#/p/1');
    setTimeout(() => history.replaceState({}, '', '/spa/home#/p/1/mug'), 30);
    setTimeout(() => { document.title = 'Mug'; }, 150);
  });
  await page.waitForTimeout(1800);
  const views = (await spaViews(page)).map((e) => [new URL(e.properties.url as string).hash, e.properties.title]);
  expect(views).toEqual([['', 'Shop'], ['#/p/1/mug', 'Mug']]);
});
