// Round 14: "forget() is total and ordered: it erases calls made before it (queued, parked or in flight)". Round 13
// ordered the snippet's queues by call time; the outbox's parked chunks still go in front of them. A page whose
// clientele.js is slow queues identify() and track() at t1. Later (t2), in tab X, the visitor calls forget() and
// closes X at once: X's outbox parks the forget() (not yet stored). When the slow script arrives it replays its own
// queue, then takes over X's parked chunk, which it puts first in line: the worker applies forget(t2), then the calls
// made at t1, dates them up to the erasure (forgotAt) and keeps them: an identity and an event from before the
// forget() survive it.
import { test, expect } from '@playwright/test';
import { ready, exported, trackMarker, slowScriptPage, closeTab } from './helpers.ts';


test('forget() parked by a closed tab\'s outbox erases calls a slow page queued before it, when that page\'s script arrives', async ({ context }) => {
  test.setTimeout(90_000);
  // Page N: its script is slow. It queues an identity and an event now (t1).
  const { page: n, release } = await slowScriptPage(context, `clientele.identify('alice', { plan: 'early' }); clientele.track('Early Before Forget', {});`);

  // Later (t2 > t1), in tab X, the visitor asks to be forgotten and closes the tab at once: the forget() is parked.
  const x = await context.newPage();
  await x.goto('/demo/fixtures/blank.html');
  await ready(x);
  await trackMarker(x, 'Marker Before');
  await x.evaluate(() => { void (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget(); });
  await closeTab(x);

  // N's script arrives: it replays its own queue and takes over X's parked chunk.
  release();
  await ready(n);
  await trackMarker(n, 'Marker After');
  const d = await exported(n);
  console.log('AFTER', JSON.stringify({ user: d.user_id, traits: (d.profile as { traits?: unknown }).traits, events: d.events.map((e) => e.event) }));
  // The forget() was applied...
  expect(d.events.some((e) => e.event === 'Marker Before')).toBe(false);
  // ...and erased what was called before it, on any page.
  expect(d.events.some((e) => e.event === 'Early Before Forget')).toBe(false);
  expect(d.user_id).toBeNull();
});
