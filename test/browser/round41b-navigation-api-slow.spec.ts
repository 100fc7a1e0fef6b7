// Lead 4 of round 41b: a router on the Navigation API (navigation.navigate, or links it intercepts) commits the URL at
// once and renders the route when its handler's data has come. A handler slower than a second (a product fetched on a
// slow network) had its route recorded at 1 s under the previous route's title (src/autocapture/index.ts navigated:
// only Turbo's <html aria-busy> made the view wait). The browser says the navigation is still in progress
// (navigation.transition until the handler settles), as Turbo's aria-busy does: the view waits for it, up to 10 s.
import { test, expect } from '@playwright/test';
import { spaHome, spaViews } from './helpers.ts';

test('a Navigation API route whose handler takes 2.5 s is recorded under its own title', async ({ page }) => {
  test.setTimeout(30_000);
  await spaHome(page);
  await page.evaluate(() => {
    const nav = (window as unknown as { navigation: EventTarget & { navigate(u: string): unknown } }).navigation;
    nav.addEventListener('navigate', (e) => {
      const ev = e as Event & { canIntercept: boolean; destination: { url: string }; intercept(o: object): void };
      if (!ev.canIntercept || !ev.destination.url.includes('/spa/')) return;
      ev.intercept({ handler: () => new Promise<void>((done) => setTimeout(() => { document.title = 'Slow route'; done(); }, 2500)) });
    });
    nav.navigate('/spa/slow');
  });
  await page.waitForTimeout(3000);
  const views = await spaViews(page);
  expect(views.map((v) => [v.properties.path, v.properties.title])).toEqual([['/spa/home', 'Shop'], ['/spa/slow', 'Slow route']]);
});
