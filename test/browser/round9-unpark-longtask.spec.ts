// Round 9: the page after one that left 30,000 events unsent (within the documented park capacity of "about 35,000
// events"). The next page takes the parked chunks over at its start (outbox.unpark): one synchronous task that parses,
// filters and re-serialises every op and removes every key. Clientele must not block the shop's main thread (> 50 ms).
import { test, expect } from '@playwright/test';
import { ready, trackMarker, exported, eventsNamed } from './helpers.ts';

test('the next page after 30,000 unsent events were parked: no main-thread task over 50 ms while it takes them over', async ({ page }) => {
  test.setTimeout(120_000);
  await page.addInitScript(() => {
    const w = window as unknown as { __long: number[] };
    w.__long = [];
    // A reload in the same renderer runs the page left's pagehide (its park of the 30,000) in the task that commits
    // this one, which this page's observer reports too (on this 2-core VM 150-400 ms, before and after this stop's
    // changes alike): that task is the leave, bounded by its own specs, not the take-over measured here. Tasks that
    // began before the old page's unload had ended are left out.
    new PerformanceObserver((l) => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      for (const e of l.getEntries()) if (e.startTime >= (nav?.unloadEventEnd ?? 0)) w.__long.push(Math.round(e.duration));
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 30_000; i++) c.track('Parked', { n: i, product_id: 'P' + (i % 300) });
  });
  // Leave at once: the 30,000 are parked on pagehide.
  await page.reload();
  await ready(page);
  await page.waitForTimeout(3000);
  const long = await page.evaluate(() => (window as unknown as { __long: number[] }).__long);
  console.log(JSON.stringify({ longTasks: long }));
  // Sanity: the parked events are indeed taken over and stored.
  await trackMarker(page, 'After Replay', 60_000);
  expect(eventsNamed((await exported(page)).events, 'Parked').length).toBe(30_000);
  expect(Math.max(0, ...long)).toBeLessThanOrEqual(50);
});
