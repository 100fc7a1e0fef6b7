// A page that parked its snippet queue, gone back to after another page replayed it, with the back-forward cache off (as
// Playwright launches Chromium, and as for a page the cache refuses): the page loads again, its new queue is stored
// and the old one is not stored twice. With the cache on: round14-bfcache-snippet-twice.spec.ts.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, heldScriptPage } from './helpers.ts';

test.setTimeout(120_000);

test('page parks its snippet queue, another page replays it, back (no back-forward cache) loads the first again and its script arrives: each event once', async ({ page }) => {
  const script = await heldScriptPage(page, `var L=(+sessionStorage.bf||0)+1; sessionStorage.bf=L; for (let i = 0; i < 5; i++) clientele.track('BF Queued', { n: i, load: L }); addEventListener('pageshow', (e) => { window.__persisted = e.persisted; });`);
  await page.waitForTimeout(300);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.waitForTimeout(2500);
  script.release();
  await page.goBack({ waitUntil: 'domcontentloaded' });
  await page.waitForLoadState('load').catch(() => 0);
  const persisted = await page.evaluate(() => (window as unknown as { __persisted?: boolean }).__persisted);
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Marker').length).toBe(1);
  await page.waitForTimeout(1500);
  const ev = eventsNamed((await exported(page)).events, 'BF Queued');
  const keys = ev.map((e) => `${e.properties.load}:${e.properties.n}`);
  const loads = await page.evaluate(() => sessionStorage.bf);
  console.log('P15', JSON.stringify({ persisted: String(persisted), loads, stored: ev.length, distinct: new Set(keys).size }));
  expect(new Set(keys).size).toBe(ev.length);
});
