// Round 14: "storage stays idempotent by message_id, so nothing is stored twice". test/browser/snippet-bfcache.spec.ts
// means to cover a page restored by back/forward after another page replayed its parked snippet queue, but Playwright
// starts Chromium with --disable-back-forward-cache, so that page is loaded afresh there and the case never runs. With
// the cache on (as in every shopper's Chrome): the page whose clientele.js had not arrived parks its queue on pagehide
// (persisted), the next page stores those calls (ids from the parked key), the shopper goes back, the page comes out of
// the cache with its queue still in memory, the script arrives and replays that queue again under new ids: each event
// is stored twice.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, heldScriptPage, trackMarker } from './helpers.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

test.use({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });
test.setTimeout(120_000);

test('bfcache on: a page parks its snippet queue, the next page stores it, back restores the page and its script arrives: each of the 5 events once', async ({ page }) => {
  const script = await heldScriptPage(page, `window.__loadedAt = Math.random(); for (let i = 0; i < 5; i++) clientele.track('BF Queued', { n: i }); addEventListener('pageshow', (e) => { window.__persisted = e.persisted; });`);
  const first = await page.evaluate(() => (window as unknown as { __loadedAt: number }).__loadedAt);
  await page.waitForTimeout(300);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Marker B');
  expect(eventsNamed((await exported(page)).events, 'BF Queued')).toHaveLength(5);
  script.release();
  await page.goBack({ waitUntil: 'commit' });
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const restored = await page.evaluate((first) => (window as unknown as { __loadedAt: number }).__loadedAt === first, first);
  await ready(page);
  await trackMarker(page, 'Marker A');
  await page.waitForTimeout(1500);
  const ev = eventsNamed((await exported(page)).events, 'BF Queued');
  console.log(JSON.stringify({ restoredFromCache: restored, stored: ev.length, distinct: new Set(ev.map((e) => e.properties.n)).size }));
  expect(restored).toBe(true);
  expect(ev).toHaveLength(5);
});
