// A visitor whose disk stays full (CDP Storage.overrideQuotaForOrigin: a real quota) browses on. Chromium gives back
// no room for deleted records until it compacts its files (minutes later, or at the next start), so a round of the
// oldest events evicted for room frees nothing: one round is the most a full disk should cost, however many pages follow.
import { test, expect } from '@playwright/test';
import { paddedBurst, usage, ready, exported, eventsNamed, watchConsole, trackMarker } from './helpers.ts';

test.setTimeout(300_000);

test('a full disk over eight pages: the oldest events go at most once, not a round more on each page', async ({ page, context }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await paddedBurst(page, 'Old', 5000, 200);
  await trackMarker(page, 'M1');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 30_000 });
  // Chromium's IndexedDB measures the room left at most every ~30 s.
  await page.waitForTimeout(31_000);
  const olds: number[] = [];
  for (let p = 0; p < 8; p++) {
    if (p) await page.goto(`/demo/fixtures/blank.html?p=${p}`);
    await ready(page);
    await paddedBurst(page, `Page${p}`, 300, 200);
    await page.waitForTimeout(3000);
    olds.push(eventsNamed((await exported(page)).events, 'Old').length);
  }
  // Room again: what the pages could not store waited on them (parked), and is stored now, each event once.
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.reload();
  await ready(page);
  await trackMarker(page, 'Room', 90_000);
  const ev = (await exported(page)).events;
  const pages = Array.from({ length: 8 }, (_, p) => eventsNamed(ev, `Page${p}`).map((e) => e.properties.i as number));
  const r = { olds, stored: pages.map((is) => is.length), distinct: pages.map((is) => new Set(is).size) };
  console.log('FULL', JSON.stringify(r), await usage(cdp, origin));
  // One round (10% of the events, whole chunks of up to 1,000) at most, over all the pages.
  expect(Math.min(...olds)).toBeGreaterThanOrEqual(4000);
  expect(r).toEqual({ olds, stored: Array(8).fill(300), distinct: Array(8).fill(300) });
  expect(con.pageErrors).toEqual([]);
});
