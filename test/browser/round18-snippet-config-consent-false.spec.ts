// Round 18. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept". A shop whose script tag
// carries its whole config as JSON (README: data-config='{"...": ...}') and says explicitly that no consent is needed,
// data-config='{"requireConsent":false,...}', serves the stub as the file dist/clientele-snippet.js (strict CSP). A
// shopper leaves a page before clientele.js has arrived: the stub's selector [data-config*=requireConsent] matches the
// key's NAME whatever its value, takes the page for one that requires consent and parks only forget()/consent(): the
// 5 track() calls and the identify() are lost, though nothing asks for consent (the script itself reads the same tag
// as "no consent needed" and would have stored them).
import { test, expect } from '@playwright/test';
import { eventsNamed, parkSnippetQueue, replayOnNextPage } from './helpers.ts';

test('data-config with requireConsent:false, page left before the script: its 5 queued tracks and identify are stored on the next page', async ({ context }) => {
  test.setTimeout(90_000);
  const slow = await parkSnippetQueue(context, `clientele.identify('u-42', {}); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });`, 'cfg-false',
    { stubFile: true, attrs: `data-config='{"requireConsent":false}'` });
  const { data: d } = await replayOnNextPage(context, slow, { pause: 300, marker: 'Next' });
  console.log(JSON.stringify({ queued: eventsNamed(d.events, 'Queued').length, user: d.user_id }));
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
  expect(d.user_id).toBe('u-42');
});

// The same stub test on init() calls: a page that queues init({ requireConsent: true }) and then, once its consent
// platform finds the visitor needs none, init({ requireConsent: false }) (later calls refine earlier ones, README
// "API"), still has its tracks dropped: /requireConsent\W+true/ matches the first init whatever came after it.
test('init requireConsent true then false queued, page left before the script: its 5 queued tracks are stored on the next page', async ({ context }) => {
  test.setTimeout(90_000);
  const slow = await parkSnippetQueue(context, `clientele.init({ requireConsent: true }); clientele.init({ requireConsent: false }); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });`,
    'init-false', { stubFile: true });
  const { data: d } = await replayOnNextPage(context, slow, { pause: 300, marker: 'Next' });
  console.log(JSON.stringify({ queued: eventsNamed(d.events, 'Queued').length }));
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
});
