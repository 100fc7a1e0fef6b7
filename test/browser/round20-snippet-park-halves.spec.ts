// The snippet parks its queue on pagehide "up to 150,000 characters" (README). Over that, it halves the list and keeps
// the FIRST half, again and again (src/snippet.js: `a.length>1&&s(a.slice(0,a.length/2))`): a queue of 160,000
// characters parks 80,000, and the newest calls are the ones dropped, a forget() among them, although it is tiny and
// the README promises that forget() erases what came before it.
// A shopper on a page whose clientele.js never arrived (a slow CDN) makes 2,000 small calls (say, impressions), asks
// the shop to delete their data, and leaves.
// Expected: what fits in 150,000 characters is parked (some 1,700 of the 2,000), and the forget() is never the one left
// out: replayed, it erases everything from before it.
import { test, expect } from '@playwright/test';
import { openReady, parkSnippetQueue, replayOnNextPage, trackMarker } from './helpers.ts';

const CALLS = `for (let i = 0; i < 2000; i++) clientele.track('Small', { product_id: 'P' + i, list: 'home-page-carousel' });`;

test('a queue just over 150,000 characters with a forget() last: the forget is parked and replayed, nothing from before it is kept', async ({ context }) => {
  const first = await openReady(context);
  await trackMarker(first, 'Before Forget');
  await first.close();
  const parked = await parkSnippetQueue(context, `${CALLS} clientele.forget();`, 'bigforget');
  const { data } = await replayOnNextPage(context, parked);
  const kept = data.events.map((e) => e.event);
  console.log(JSON.stringify({ beforeForget: kept.filter((e) => e === 'Before Forget').length, small: kept.filter((e) => e === 'Small').length }));
  expect(kept.filter((e) => e === 'Before Forget')).toHaveLength(0);
  expect(kept.filter((e) => e === 'Small')).toHaveLength(0);
});

test('a queue of 2,000 calls just over 150,000 characters: what fits is parked, not half', async ({ context }) => {
  const parked = await parkSnippetQueue(context, CALLS, 'big');
  const size = await parked.evaluate(() => JSON.stringify((window as unknown as { clientele: unknown[] }).clientele.map((x) => x)).length);
  const { data } = await replayOnNextPage(context, parked);
  const small = data.events.filter((e) => e.event === 'Small').length;
  console.log(JSON.stringify({ queueChars: size, small }));
  // 150,000 characters hold some 1,700 of these calls (about 85 characters each).
  expect(small).toBeGreaterThanOrEqual(1500);
});
