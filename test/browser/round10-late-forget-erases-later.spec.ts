// Round 10: a forget() made on a page whose clientele.js never arrived (an ad blocker, a CDN outage) is parked by the
// snippet and replayed by the next page with the script, dated when it was made (calledAt). The README: "forget() is
// total and ordered: it erases calls made before it ... and what is tracked after it belongs to a new visitor";
// "Calls before the script is ready ... are applied in call order". But the store's erase() clears every event and the
// profile whatever its time: a late-replayed forget() also erases what another tab tracked and identified AFTER it.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, openReady, parkForget, replayOnNextPage, trackMarker, parkedQueues } from './helpers.ts';

type C = { track(e: string, p?: object): void; identify(u: string, t?: object): void };

for (const storage of ['indexeddb'] as const) {
  test(`${storage}: forget() parked by a page whose script never came, replayed later, does not erase what another tab did after it`, async ({ context }) => {
    test.setTimeout(90_000);
    // Tab T: a normal page of the shop, with the script.
    const t = await openReady(context);
    await t.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Before Forget', { secret: 'old' }));
    await trackMarker(t, 'Marker Before');

    // Tab P: its clientele.js never arrives; the visitor asks to be forgotten there (the snippet queues it).
    const { page: p, forgetAt } = await parkForget(context);
    await t.waitForTimeout(300);

    // After the forget(), in tab T: the (new) visitor logs in and views a product.
    await t.evaluate(() => {
      const c = (window as unknown as { clientele: C }).clientele;
      c.identify('user-after', { membership: 'gold' });
      c.track('Product Viewed', { product_id: '85123A', note: 'after forget' });
    });
    await trackMarker(t, 'Marker After');
    const mid = await exported(t);
    const afterTimes = mid.events.filter((e) => e.event === 'Product Viewed' || e.event === 'Marker After').map((e) => e.timestamp);
    expect(Math.min(...afterTimes)).toBeGreaterThan(forgetAt);
    expect(mid.user_id).toBe('user-after');

    // Tab P is left: the snippet parks its queue (the forget()).
    await p.goto('about:blank');
    const parked = await parkedQueues(t);
    expect(parked).toBe(1);

    // The next page of the shop replays the parked forget().
    const { data } = await replayOnNextPage(context);
    console.log('LATE-FORGET', JSON.stringify({
      forgetAt,
      events: data.events.map((e) => `${e.event}@${e.timestamp - forgetAt}`),
      user_id: data.user_id,
    }));
    // Erased: what came before the forget().
    expect(eventsNamed(data.events, 'Before Forget')).toHaveLength(0);
    // Kept: what was tracked and identified after it (by the clock, in call order).
    expect(eventsNamed(data.events, 'Product Viewed')).toHaveLength(1);
    expect(eventsNamed(data.events, 'Marker After')).toHaveLength(1);
    expect(data.user_id).toBe('user-after');
  });
}

test('a slow clientele.js: forget() queued by the snippet before it arrived erases what another tab tracked after the call', async ({ context }) => {
  test.setTimeout(90_000);
  const t = await openReady(context);
  await t.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Before Forget', { secret: 'old' }));
  await trackMarker(t, 'Marker Before');

  // Tab S: its clientele.js is slow (a CDN having a bad moment); the visitor asks to be forgotten at once.
  const s = await context.newPage();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await s.route('**/dist/clientele.js*', async (route) => { await held; await route.continue(); });
  await s.addInitScript(() => {
    addEventListener('DOMContentLoaded', () => {
      (window as unknown as { __forgetAt: number }).__forgetAt = Date.now();
      (window as unknown as { __forgot: Promise<boolean> }).__forgot = (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget();
    });
  });
  await s.goto('/demo/fixtures/blank.html', { waitUntil: 'domcontentloaded' });
  await s.waitForFunction(() => typeof (window as unknown as { __forgetAt?: number }).__forgetAt === 'number');
  const forgetAt = await s.evaluate(() => (window as unknown as { __forgetAt: number }).__forgetAt);
  await t.waitForTimeout(300);

  // After that forget(), in tab T: the visitor logs in and views a product; both are stored.
  await t.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.identify('user-after', { membership: 'gold' });
    c.track('Product Viewed', { product_id: '85123A', note: 'after forget' });
  });
  await trackMarker(t, 'Marker After');
  expect((await exported(t)).user_id).toBe('user-after');

  // Tab S's script arrives 3 s late (within the 10 s its promise waits) and applies the queued forget().
  release();
  await ready(s);
  expect(await s.evaluate(() => (window as unknown as { __forgot: Promise<boolean> }).__forgot)).toBe(true);
  await trackMarker(t, 'Marker Late');
  const data = await exported(t);
  console.log('SLOW-FORGET', JSON.stringify({ forgetAt, events: data.events.map((e) => `${e.event}@${e.timestamp - forgetAt}`), user_id: data.user_id }));
  expect(eventsNamed(data.events, 'Before Forget')).toHaveLength(0);
  expect(eventsNamed(data.events, 'Product Viewed')).toHaveLength(1);
  expect(data.user_id).toBe('user-after');
});
