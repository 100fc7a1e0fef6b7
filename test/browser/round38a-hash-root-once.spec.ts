// README "Single-page apps": "A page view when the pathname changes (or a `#/route`)". A hash-routed app (Vue Router's
// hash mode, Angular's useHash, AngularJS's #!) loaded at /app/ writes its root route into the URL as it boots
// (replaceState to /app/#/), after Clientele has started when the app's bundle comes later: autocapture took `#/` for a
// route of its own and recorded the one page load as two page views (/app/ and /app/#/); so did every way back to the
// root route. Expected: one page view per route shown: /app/, then #/p/1, then the root again.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

for (const root of ['#/', '#!/']) {
  test(`a hash-routed app writing its root route (${root}) as it boots: one page view for the load, one per route after`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await page.route('**/hashapp/', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><html lang="en"><head><title>App</title><script>window.clientele = [];</script><script async src="/dist/clientele.js"></script></head><body>app</body></html>' }));
    await page.goto('/hashapp/');
    await ready(page);
    const urls = async () => eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => new URL(String(e.properties.url)).hash);
    await expect.poll(urls).toEqual(['']);
    // The app's bundle arrives and its router writes the root route.
    await page.evaluate((r) => history.replaceState(null, '', r), root);
    await page.waitForTimeout(1500);
    await page.evaluate((r) => { location.hash = r.slice(1) + 'p/1'; }, root);
    await expect.poll(urls).toEqual(['', `${root}p/1`]);
    await page.evaluate((r) => { location.hash = r.slice(1); }, root);
    await expect.poll(urls).toEqual(['', `${root}p/1`, root]);
    await page.waitForTimeout(1500);
    expect(await urls()).toEqual(['', `${root}p/1`, root]);
    expect(pageErrors).toEqual([]);
  });
}
