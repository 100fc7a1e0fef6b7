// Issue #8 / README "Single-page apps": "A page view when the pathname changes, recorded once the router has set the
// new title (at most one second later)". A route whose view syncs its state into the query string with
// history.replaceState right after the router's pushState (a category page writing ?sort= / ?page=, a utm clean-up)
// gets its page view recorded at once, with the PREVIOUS route's title: src/autocapture/index.ts navigated() runs
// `settling?.()` on every URL change, the replaceState that stays on the same route included, and done() reads
// nothing later. The title the router sets 200 ms after is never recorded.
// Control: without the replaceState the page view has the title 'Mugs'.
// Expected: Page Viewed [home 'Shop', /spa/mugs 'Mugs'], 0 errors.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('SPA: a replaceState on the same route right after pushState keeps the page view waiting for the new title', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await page.route(/\/spa\/.*/, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Shop</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js"></script><body><div id="app"></div></body>` }));
  await page.goto('/spa/home');
  await ready(page);
  await page.waitForTimeout(1500);
  await page.evaluate((replace) => {
    history.pushState({}, '', '/spa/mugs');
    if (replace) history.replaceState({ sort: 'popular' }, '', '/spa/mugs?sort=popular');
    setTimeout(() => { document.title = 'Mugs'; }, 200);
  }, !process.env.NO_REPLACE);
  await page.waitForTimeout(2500);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Marker').length, { timeout: 15_000 }).toBe(1);
  const views = eventsNamed((await exported(page)).events, 'Page Viewed').sort((x, y) => x.timestamp - y.timestamp).map((e) => [e.properties.path, e.properties.title]);
  console.log(JSON.stringify({ views, pageErrors }));
  expect({ views, pageErrors }).toEqual({ views: [['/spa/home', 'Shop'], ['/spa/mugs', 'Mugs']], pageErrors: [] });
});
