// Round 16. Issue #8 item 1: "every accepted call, from the snippet's queue onward, is kept until the worker has
// acknowledged it stored". A shop that requires consent (init({ requireConsent: true }) or data-require-consent), a
// visitor who said yes on an earlier page (clientele:consent is '1'), and a page left before clientele.js arrived:
// the snippet parks only the page's forget() and consent() calls, as if the visitor had said no, so every track() and
// identify() the visitor consented to is lost. The snippet already reads clientele:consent (for '0'). The same for a
// page that queues consent(true) itself before its tracks. README ("The snippet") names requireConsent among the cases
// that park only forget()/consent(); the issue says nothing consented may be lost.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker, parkSnippetQueue } from './helpers.ts';

for (const how of ['said yes on an earlier page', 'consent(true) queued on the page'] as const) test(`requireConsent, visitor ${how}, page left before the script: its 5 queued tracks are stored on the next page`, async ({ context }) => {
  test.setTimeout(90_000);
  const yes = how === 'said yes on an earlier page';
  if (yes) {
    const first = await context.newPage();
    await first.addInitScript(() => { (window as any).clientele = [['init', [{ requireConsent: true }]]]; });
    await first.goto('/demo/fixtures/blank.html');
    await ready(first);
    await first.evaluate(() => (window as any).clientele.consent(true));
    await trackMarker(first, 'First');
    await first.close();
  }
  const slow = await parkSnippetQueue(context, `clientele.init({ requireConsent: true });${yes ? '' : 'clientele.consent(true);'} for (var i = 0; i < 5; i++) clientele.track('Queued', { i });`, 'consented');
  await slow.goto('about:blank');
  await slow.waitForTimeout(300);
  const next = await context.newPage();
  await next.addInitScript(() => { (window as any).clientele = [['init', [{ requireConsent: true }]]]; });
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Next');
  const d = await exported(next);
  console.log(JSON.stringify({ how, queued: eventsNamed(d.events, 'Queued').length, consent: d.consent, first: eventsNamed(d.events, 'First').length }));
  expect(eventsNamed(d.events, 'First')).toHaveLength(yes ? 1 : 0);
  expect(d.consent).toBe(true);
  expect(eventsNamed(d.events, 'Queued')).toHaveLength(5);
});
