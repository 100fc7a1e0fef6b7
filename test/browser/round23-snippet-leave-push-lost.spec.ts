// README (The snippet): "Or call the queue directly from your own scripts, with no stub at all:
// (window.clientele = typeof window.clientele?.push == 'function' ? window.clientele : []).push(['track', [...]])";
// and the stub parks its queue on pagehide "with the calls the shop's own pagehide handlers make after it". On a page
// with the snippet, a tag written in that documented queue form (a tag manager's, say) pushes to the same queue. Round
// 20 re-parks only from the stub's methods (src/snippet.js: `z&&h()` inside q()); Array.prototype.push is left as it is,
// so a call the shop's own pagehide handler pushes after the park is never written: lost, while the same call through
// clientele.track() is kept. Control: STUB=1 calls clientele.track() instead (passes).
// Expected: the handler's 'Page Left' is stored once on the next page, as the queued one is.
import { test, expect } from '@playwright/test';
import { eventsNamed, parkSnippetQueue, replayOnNextPage } from './helpers.ts';

const LEAVE = process.env.STUB ? "clientele.track('Page Left', {});" : "(window.clientele = typeof window.clientele?.push == 'function' ? window.clientele : []).push(['track', ['Page Left', {}]]);";

test("a queue push from the shop's own pagehide handler on a page whose script never arrives: stored on the next page", async ({ context }) => {
  test.setTimeout(90_000);
  const a = await parkSnippetQueue(context, `clientele.track('Queued', {}); addEventListener('pagehide', function () { ${LEAVE} });`, 'leavepush');
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  console.log(JSON.stringify({ queued: eventsNamed(data.events, 'Queued').length, left: eventsNamed(data.events, 'Page Left').length }));
  expect(eventsNamed(data.events, 'Queued')).toHaveLength(1);
  expect(eventsNamed(data.events, 'Page Left')).toHaveLength(1);
});
