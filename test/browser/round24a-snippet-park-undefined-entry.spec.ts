// README (The snippet): "A page the script never reached parks its queue in localStorage when it closes ... and the next
// page with the script replays it"; the issue: "never lose an event, never break the page"; the script itself ignores a
// queue entry that is not a call (src/script.ts apply). One entry whose JSON.stringify is undefined (a function pushed
// onto the queue as a tag manager does with dataLayer, or a stray push(undefined)) makes src/snippet.js's park write
// nothing at all: a.push(JSON.stringify(x)) keeps undefined, then `(l+=y.length+1)` throws for it inside s(), which
// halves its budget down to nothing and gives up. Every call of that page is lost, forget() included.
// Control: BAD=0 leaves the stray entry out (passes).
// Expected: the 5 tracked calls are stored once on the next page, and the queued forget() erases the earlier visit.
import { test, expect } from '@playwright/test';
import { eventsNamed, openReady, parkSnippetQueue, replayOnNextPage, trackMarker } from './helpers.ts';

const BAD = process.env.BAD === '0' ? '' : 'clientele.push(function () { /* a tag manager habit */ });';

test('a function pushed onto the snippet queue of a page the script never reached: the page\'s other calls are still parked and replayed', async ({ context }) => {
  test.setTimeout(90_000);
  // An earlier page of the visit stored an event; the parked forget() must erase it.
  const first = await openReady(context);
  await trackMarker(first, 'Before Forget');
  await first.close();
  const a = await parkSnippetQueue(context, `for (var i = 0; i < 5; i++) clientele.track('Queued', { n: i }); ${BAD} clientele.forget(); clientele.track('After Forget', {});`, 'strayentry');
  const parked = await a.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).length);
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  const counts = { before: eventsNamed(data.events, 'Before Forget').length, queued: eventsNamed(data.events, 'Queued').length, after: eventsNamed(data.events, 'After Forget').length };
  console.log(JSON.stringify({ parkedBeforeLeaving: parked, ...counts }));
  // 'Queued' came before the forget(): erased with it; the call after it is kept.
  expect(counts).toEqual({ before: 0, queued: 0, after: 1 });
});
