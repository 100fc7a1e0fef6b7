// README (The snippet): the queue form `clientele.push([...])` works before the script arrives, as Array.prototype.push
// (and round 9: the real push takes any number of calls too). Round 23 overrides the queue's push once the snippet has
// parked (src/snippet.js: `c.push=function(y){[].push.call(c,y);...}`): it takes ONE call. A shop pagehide handler that
// pushes two calls in one push() (as it may do before the park, and after the script loaded) loses the second.
// Control: the same push before the park (ONE=1 pushes them in two calls) keeps both.
// Expected: both 'Left A' and 'Left B' stored once on the next page.
import { test, expect } from '@playwright/test';
import { eventsNamed, parkSnippetQueue, replayOnNextPage } from './helpers.ts';

const LEAVE = process.env.ONE
  ? "clientele.push(['track', ['Left A', {}]]); clientele.push(['track', ['Left B', {}]]);"
  : "clientele.push(['track', ['Left A', {}]], ['track', ['Left B', {}]]);";

test("two calls in one queue push from the shop's pagehide handler (script never arrived): both stored on the next page", async ({ context }) => {
  test.setTimeout(90_000);
  const a = await parkSnippetQueue(context, `clientele.track('Queued', {}); addEventListener('pagehide', function () { ${LEAVE} });`, 'leavevariadic');
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  const counts = { queued: eventsNamed(data.events, 'Queued').length, a: eventsNamed(data.events, 'Left A').length, b: eventsNamed(data.events, 'Left B').length };
  console.log(JSON.stringify(counts));
  expect(counts).toEqual({ queued: 1, a: 1, b: 1 });
});
