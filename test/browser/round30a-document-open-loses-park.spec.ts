// Round 30 (tester A). README, "Nothing lost, nothing thrown": "When the page is hidden or closed, whatever is not
// yet stored is written to localStorage synchronously ... and the next page of the site sends it first". A page that
// rewrites itself with document.open()/document.write()/document.close() after Clientele has started (legacy shops,
// interstitials and age gates that write a whole new document, tag-manager templates) erases every event listener on
// its window (HTML: document.open() "erase all event listeners and handlers given window"), Clientele's pagehide and
// visibilitychange handlers included (src/outbox.ts adds them once, at start). The engine itself goes on (ready() is
// still true, batches still leave once a second), so nothing looks wrong, but the outbox never parks again: the
// events the page tracks in the second before the shopper leaves are lost. Expected: the 50 events tracked just
// before leaving are stored by the next page (as they are without the document.open(): the control test passes).
// Observed: 0 of 50 stored, nothing parked.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

for (const rewrite of [true, false]) {
  test(`${rewrite ? 'after document.open()/write()' : 'control, no rewrite'}: the 50 events tracked just before leaving are stored by the next page`, async ({ page }) => {
    await page.goto('/demo/fixtures/blank.html?first');
    await ready(page);
    await trackMarker(page, 'Start');
    if (rewrite) await page.evaluate(() => { document.open(); document.write('<!doctype html><title>Rewritten</title><p>Welcome back</p>'); document.close(); });
    expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
    await page.evaluate(() => { const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele; for (let i = 0; i < 50; i++) c.track('Before Leave', { i }); });
    await page.goto('/demo/fixtures/blank.html?next');
    await ready(page);
    await trackMarker(page, 'Marker');
    await page.waitForTimeout(1500);
    expect(eventsNamed((await exported(page)).events, 'Before Leave')).toHaveLength(50);
  });
}

// The same erasure took the cross-tab listener: a "no" given in another tab after this page rewrote itself did not
// reach it, and this tab went on recording. Its listeners come back with its next batch.
test('after document.open()/write(): a "no" given in another tab still stops this tab recording', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html?a');
  await ready(a);
  await a.evaluate(() => { document.open(); document.write('<!doctype html><title>Rewritten</title><p>Welcome back</p>'); document.close(); });
  await trackMarker(a, 'After Rewrite');
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html?b');
  await ready(b);
  await b.evaluate(() => (window as unknown as { clientele: { consent(v: boolean): void } }).clientele.consent(false));
  await a.waitForTimeout(500);
  await a.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After No', {}));
  await a.waitForTimeout(2500);
  const events = (await exported(b)).events;
  expect({ rewrite: eventsNamed(events, 'After Rewrite').length, afterNo: eventsNamed(events, 'After No').length }).toEqual({ rewrite: 1, afterNo: 0 });
});
