// Round 20. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept ... on pagehide whatever is
// not acknowledged is parked". README (The snippet): the stub parks its queue on pagehide. The snippet's pagehide
// listener is added in <head>, before the shop's own; a track() the shop's own pagehide handler makes (a "page left"
// or dwell event, the usual place for one) runs after the park and is pushed to a queue that is never written again:
// lost, on exactly the pages the snippet exists for (the shopper leaves before the script has arrived). Round 15 made
// the script's outbox park such calls (src/outbox.ts parkTail); the snippet still does not.
import { test, expect } from '@playwright/test';
import { eventsNamed, parkSnippetQueue, replayOnNextPage } from './helpers.ts';

test("a track() from the shop's own pagehide handler on a page whose script never arrives: stored on the next page", async ({ context }) => {
  test.setTimeout(90_000);
  const a = await parkSnippetQueue(context, `clientele.track('Queued', {}); addEventListener('pagehide', function () { clientele.track('Page Left', {}); });`, 'leave');
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  console.log(JSON.stringify({ queued: eventsNamed(data.events, 'Queued').length, left: eventsNamed(data.events, 'Page Left').length }));
  expect(eventsNamed(data.events, 'Queued')).toHaveLength(1);
  expect(eventsNamed(data.events, 'Page Left')).toHaveLength(1);
});
