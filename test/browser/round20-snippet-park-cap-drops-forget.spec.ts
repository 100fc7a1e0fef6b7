// Round 20. Issue #8 item 7 (forget() is total and ordered) and README (The snippet: "A forget() ... erases what came
// before it"; the queue is parked "up to 150,000 characters"). When the queue does not fit (over the 150,000-character
// cap, or a localStorage nearly full with the shop's own data), the snippet halves it from the END, keeping the oldest
// calls: a forget() made last is the first thing dropped, while the tracks made before it are parked. The next page
// then stores those tracks and never erases the visitor: "delete my data" leaves the earlier visit and the queued
// events of the visitor who asked to be forgotten.
import { test, expect } from '@playwright/test';
import { eventsNamed, trackMarker, parkSnippetQueue, replayOnNextPage, openReady, fillLocalStorage, ready, exported } from './helpers.ts';

test('a queue over the snippet park cap, then forget(), on a page whose script never arrives: nothing of that visitor is kept', async ({ context }) => {
  test.setTimeout(90_000);
  const b = await openReady(context);
  await b.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Earlier Visit', {}));
  await trackMarker(b, 'Earlier Marker');
  await b.close();
  // 800 events of ~240 characters: ~190,000 characters, over the 150,000 cap.
  const a = await parkSnippetQueue(context, `for (var i = 0; i < 800; i++) clientele.track('Queued', { i: i, note: 'x'.repeat(200) }); clientele.forget();`, 'cap');
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  console.log(JSON.stringify({ queued: eventsNamed(data.events, 'Queued').length, earlier: eventsNamed(data.events, 'Earlier Visit').length }));
  expect(eventsNamed(data.events, 'Earlier Visit')).toHaveLength(0);
  expect(eventsNamed(data.events, 'Queued')).toHaveLength(0);
});

test('localStorage nearly full, 20 calls then forget() on a page whose script never arrives: nothing of that visitor is kept', async ({ context }) => {
  test.setTimeout(90_000);
  const b = await openReady(context);
  await b.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Earlier Visit', {}));
  await trackMarker(b, 'Earlier Marker');
  // Room for about 6,000 characters: the 20 calls (~7,000) do not fit, half of them do.
  await fillLocalStorage(b, 6);
  await b.close();
  const a = await parkSnippetQueue(context, `for (var i = 0; i < 20; i++) clientele.track('Queued', { i: i, note: 'x'.repeat(300) }); clientele.forget();`, 'full');
  await a.goto('about:blank');
  await a.waitForTimeout(300);
  const n = await context.newPage();
  await n.goto('/demo/fixtures/blank.html');
  await ready(n);
  await trackMarker(n, 'Marker Next');
  const data = await exported(n);
  console.log(JSON.stringify({ queued: eventsNamed(data.events, 'Queued').length, earlier: eventsNamed(data.events, 'Earlier Visit').length }));
  expect(eventsNamed(data.events, 'Earlier Visit')).toHaveLength(0);
  expect(eventsNamed(data.events, 'Queued')).toHaveLength(0);
});
