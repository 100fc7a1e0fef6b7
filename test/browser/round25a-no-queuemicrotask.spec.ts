// Issue #8: "no exception ever escapes", "never lose an event". A page without window.queueMicrotask (an old polyfill
// layer or a sandboxing script that deletes it, as some pages do with globals they consider unsafe) is a page like any:
// src/client.ts:478 `void r.then(() => queueMicrotask(() => read?.()))`: autocapture's product read on every page
// load ends in a rejection nobody handles: "queueMicrotask is not defined" thrown into the page (one pageerror per
// load). (Elsewhere its throw is caught: src/outbox.ts:315's parkTail is not scheduled, but the visibilitychange park
// that follows pagehide still keeps the leave handler's call, so nothing is lost here.)
// Control: QM=1 keeps queueMicrotask (passes).
// Expected: 0 page errors, the handler's 'Page Left' stored once on the next page.
import { test, expect } from '@playwright/test';
import { eventsNamed, exported, leaveHandlerKept, openSettled, ready, trackMarker } from './helpers.ts';

test('a page without queueMicrotask: nothing thrown into it, and a leave handler\'s track() is stored on the next page', async ({ page }) => {
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (!process.env.QM) await page.addInitScript(() => { delete (window as { queueMicrotask?: unknown }).queueMicrotask; });
  await openSettled(page);
  // The shop's own leave handler, added after the script's.
  await page.evaluate(() => addEventListener('pagehide', () => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Page Left', {})));
  await page.reload();
  await ready(page);
  await trackMarker(page, 'Marker Next');
  const left = eventsNamed((await exported(page)).events, 'Page Left').length;
  console.log(JSON.stringify({ left, errors }));
  expect({ left, errors }).toEqual({ left: 1, errors: [] });
});

// The inline snippet's own push after its park scheduled its re-park with queueMicrotask: on such a page the leave
// handler's call threw into the page and was never parked.
test('a page without queueMicrotask whose script never arrives: a leave handler\'s queued call is parked, nothing thrown', async ({ context }) => {
  test.setTimeout(90_000);
  const drop = process.env.QM ? '' : 'delete window.queueMicrotask;';
  expect(await leaveHandlerKept(context, `${drop}`, 'noqm')).toEqual({ queued: 1, left: 1, errors: [] });
});
