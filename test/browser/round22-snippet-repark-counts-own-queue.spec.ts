// The inline snippet parks a page's whole queue while fewer than 8 pages' queues wait, and re-parks it for every call
// the shop's own pagehide handler makes after its park (README: "with the calls the shop's own pagehide handlers make
// after it"). The re-park counts the page's own key, written by the first park, among the waiting queues: on the 8th
// page (7 queues waiting, as with a script blocked by a CDN outage on 7 pages), the first park keeps every call, then
// a leave handler's track() makes the re-park see 8 queues and keep only forget()/consent(): the leave handler's call
// is lost, and where the page queued a consent(true) (the cookie banner's "accept") the re-park writes that alone over
// the first park: its identify() and tracks, kept a moment before, are lost. With 6 queues waiting (PAGES=6, the
// control) all are kept. Expected: the 8th page's queue holds identify('u-8'), 'Browsed' and the handler's 'Left'.
import { test, expect } from '@playwright/test';
import { parkSnippetQueue } from './helpers.ts';

test('the 8th page with a leave handler that tracks: its parked queue keeps its calls', async ({ context }) => {
  for (let i = 0; i < Number(process.env.PAGES ?? 7); i++) {
    const p = await parkSnippetQueue(context, `clientele.track('Earlier', { i: ${i} });`, `p${i}`);
    await p.goto('about:blank');
  }
  const eighth = await parkSnippetQueue(context, `clientele.consent(true); clientele.identify('u-8'); clientele.track('Browsed', { n: 8 }); addEventListener('pagehide', function () { clientele.track('Left', {}); });`, 'p7');
  await eighth.goto('about:blank');
  const plain = await context.newPage();
  await plain.route('**/late/plain.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await plain.goto('/late/plain.html');
  const parked = await plain.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).map((k) => localStorage.getItem(k) ?? ''));
  const mine = parked.filter((v) => !v.includes('Earlier'));
  console.log(JSON.stringify({ queues: parked.length, mine }));
  expect(mine.join()).toContain('u-8');
  expect(mine.join()).toContain('Browsed');
  expect(mine.join()).toContain('Left');
});
