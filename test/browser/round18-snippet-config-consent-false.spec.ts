// Round 18. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept". A shop whose script tag
// carries its whole config as JSON (README: data-config='{"...": ...}') and says explicitly that no consent is needed,
// data-config='{"requireConsent":false,...}', serves the stub as the file dist/clientele-snippet.js (strict CSP). A
// shopper leaves a page before clientele.js has arrived: the stub's selector [data-config*=requireConsent] matches the
// key's NAME whatever its value, takes the page for one that requires consent and parks only forget()/consent(): the
// 5 track() calls and the identify() are lost, though nothing asks for consent (the script itself reads the same tag
// as "no consent needed" and would have stored them).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

test('data-config with requireConsent:false, page left before the script: its 5 queued tracks and identify are stored on the next page', async ({ context }) => {
  test.setTimeout(90_000);
  const slow = await context.newPage();
  await slow.route('**/parked/cfg-false.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>slow</title><script src="/dist/clientele-snippet.js"></script>
<script>clientele.identify('u-42', {}); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });</script>
<script async src="/dist/clientele.js?never" data-autocapture="false" data-config='{"requireConsent":false}'></script>`,
  }));
  await slow.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await slow.goto('/parked/cfg-false.html', { waitUntil: 'domcontentloaded' });
  await slow.waitForTimeout(200);
  await slow.goto('about:blank');
  await slow.waitForTimeout(300);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Next');
  const d = await exported(next);
  console.log(JSON.stringify({ queued: eventsNamed(d.events, 'Queued').length, user: d.user_id }));
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
  expect(d.user_id).toBe('u-42');
});

// The same stub test on init() calls: a page that queues init({ requireConsent: true }) and then, once its consent
// platform finds the visitor needs none, init({ requireConsent: false }) (later calls refine earlier ones, README
// "API"), still has its tracks dropped: /requireConsent\W+true/ matches the first init whatever came after it.
test('init requireConsent true then false queued, page left before the script: its 5 queued tracks are stored on the next page', async ({ context }) => {
  test.setTimeout(90_000);
  const slow = await context.newPage();
  await slow.route('**/parked/init-false.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>slow</title><script src="/dist/clientele-snippet.js"></script>
<script>clientele.init({ requireConsent: true }); clientele.init({ requireConsent: false }); for (var i = 0; i < 5; i++) clientele.track('Queued', { i });</script>
<script async src="/dist/clientele.js?never" data-autocapture="false"></script>`,
  }));
  await slow.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await slow.goto('/parked/init-false.html', { waitUntil: 'domcontentloaded' });
  await slow.waitForTimeout(200);
  await slow.goto('about:blank');
  await slow.waitForTimeout(300);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Next');
  const d = await exported(next);
  console.log(JSON.stringify({ queued: eventsNamed(d.events, 'Queued').length }));
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
});
