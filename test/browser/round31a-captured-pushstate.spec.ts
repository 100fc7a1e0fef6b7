// Round 31 (tester A). README, The snippet: "With no code beyond the snippet, Clientele records page views (including
// single-page-app navigation)"; Product markup, Single-page apps: "A page view when the pathname changes (or a
// `#/route`), recorded once the router has set the new title (at most one second later)".
// A router bundle that runs before the async clientele.js and keeps its own reference to history.pushState (captured
// at module start, `const push = history.pushState.bind(history)`, as routers and other analytics wrappers do) changes
// the URL through the browser's original method, which Clientele's wrapper (src/autocapture/index.ts) never sees.
// Chromium reports every same-document navigation to the Navigation API (`navigation`'s `navigate` /
// `currententrychange` events), pushState through a kept reference included, so the route change is observable.
// Expected: each route the router pushes records one Page Viewed with its path. Observed: none is recorded; the whole
// visit is stored as the first page.
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, ready, trackMarker } from './helpers.ts';

test('a router holding its own reference to history.pushState: its routes are recorded as page views', async ({ page }) => {
  await page.addInitScript(() => {
    // The router's bundle, before clientele.js arrives.
    const push = history.pushState.bind(history);
    (window as unknown as { router: (path: string, title: string) => void }).router = (path, title) => {
      push(null, '', path);
      setTimeout(() => { document.title = title; }, 20);
    };
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { router: (p: string, t: string) => void }).router('/demo/route-a', 'Route A'));
  await page.waitForTimeout(1500);
  await page.evaluate(() => (window as unknown as { router: (p: string, t: string) => void }).router('/demo/route-b', 'Route B'));
  await page.waitForTimeout(1500);
  await trackMarker(page);
  const paths = eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => e.properties.path);
  expect(paths).toEqual(['/demo/fixtures/blank.html', '/demo/route-a', '/demo/route-b']);
});
