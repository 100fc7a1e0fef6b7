// Round 13: "Calls before the script is ready ... are applied in call order ... `forget` erases what came before it"
// and "forget() is total and ordered: it erases calls made before it (queued, parked or in flight)". A page whose
// script is slow queues identify()/track() at t1; another page, whose script never came, then calls forget() at
// t0 > t1 and is closed (its queue is parked). When the slow script arrives, it replays the parked forget() first and
// this page's own, older queue after it: the worker dates those calls up to the erasure (forgotAt) and keeps them, so
// an identity and an event made before the forget() survive it.
import { test, expect } from '@playwright/test';
import { ready, exported, openReady, parkSnippetQueue, trackMarker, slowScriptPage } from './helpers.ts';


test('a call queued before another page\'s forget() is erased when the slow script replays both', async ({ context }) => {
  test.setTimeout(90_000);
  const t = await openReady(context);
  await trackMarker(t, 'Marker Before');

  // Page N: its script is slow. It queues an identity and an event now (t1).
  const { page: n, release } = await slowScriptPage(context, `clientele.identify('alice', { plan: 'early' }); clientele.track('Early Before Forget', {});`);

  // Later (t0 > t1), on page P whose script never comes, the visitor asks to be forgotten; P is left (parked).
  const p = await parkSnippetQueue(context, `clientele.forget();`, 'forget');
  await p.waitForTimeout(300);
  await p.goto('about:blank');
  await p.waitForTimeout(300);

  // N's script arrives: it replays P's parked forget() and its own queue.
  release();
  await ready(n);
  await trackMarker(n, 'Marker After');
  const d = await exported(n);
  console.log('AFTER', JSON.stringify({ user: d.user_id, traits: (d.profile as { traits?: unknown }).traits, events: d.events.map((e) => [e.event, e.timestamp]) }));
  // The forget() was applied...
  expect(d.events.some((e) => e.event === 'Marker Before')).toBe(false);
  // ...and erased what was called before it, on any page.
  expect(d.events.some((e) => e.event === 'Early Before Forget')).toBe(false);
  expect(d.user_id).toBeNull();
});
