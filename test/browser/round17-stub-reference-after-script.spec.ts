// Round 17. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept until the worker has
// acknowledged it stored". A shop's bundled code takes the API once, as modules do (`const clientele =
// window.clientele`), while the snippet's stub is still in place. When clientele.js arrives it replaces
// window.clientele with a new object and replays the stub's queue once; the stub object the page holds stays a plain
// array with the stub's methods. Every later call through it is pushed into that array, which nothing reads again:
// the track() calls are silently lost, and ready() resolves false after 10 s although the engine is up. The stub's
// own pagehide park skips them too (window.clientele is no longer the stub).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('calls made through the stub object a page took before clientele.js arrived are stored (5 of 5), ready() is true', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/stub-ref/shop.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>shop</title><script>${SNIPPET}</script>
<script>window.shopApp = { analytics: window.clientele }; shopApp.analytics.track('Early', {});</script>
<script async src="/dist/clientele.js" data-autocapture="false"></script>`,
  }));
  await page.goto('/stub-ref/shop.html');
  await ready(page);
  const t0 = Date.now();
  const readyViaHeld = await page.evaluate(async () => {
    const c = (window as any).shopApp.analytics;
    for (let i = 0; i < 5; i++) c.track('Later', { i });
    return c.ready();
  });
  const readyMs = Date.now() - t0;
  await trackMarker(page, 'Marker');
  const d = await exported(page);
  console.log(JSON.stringify({ early: eventsNamed(d.events, 'Early').length, later: eventsNamed(d.events, 'Later').length, readyViaHeld, readyMs }));
  expect(eventsNamed(d.events, 'Early')).toHaveLength(1);
  expect(eventsNamed(d.events, 'Later')).toHaveLength(5);
  expect(readyViaHeld).toBe(true);
});

test('forget() through the stub object a page took before clientele.js arrived erases (true, 0 events left)', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/stub-ref/account.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>account</title><script>${SNIPPET}</script>
<script>window.shopApp = { analytics: window.clientele };</script>
<script async src="/dist/clientele.js" data-autocapture="false"></script>`,
  }));
  await page.goto('/stub-ref/account.html');
  await ready(page);
  await trackMarker(page, 'Before');
  const forgot = await page.evaluate(() => (window as any).shopApp.analytics.forget());
  const d = await exported(page);
  console.log(JSON.stringify({ forgot, before: eventsNamed(d.events, 'Before').length }));
  expect(forgot).toBe(true);
  expect(eventsNamed(d.events, 'Before')).toHaveLength(0);
});
