// A forget() applied late (parked by a page whose script never came, replayed by the next page) keeps what another tab
// tracked after its time, as the new visitor's. Those events were stored while that tab did not know of the forget(),
// so they were stamped with the forgotten visitor's ids. The README: "what is tracked after it belongs to a new
// visitor", and forget() "erases everything about the visitor": none of the old ids may survive on what is kept.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, noIndexedDb, openReady, parkForget, replayOnNextPage, trackMarker } from './helpers.ts';

type C = { track(e: string, p?: object): void; identify(u: string, t?: object): void };

for (const storage of ['indexeddb', 'memory'] as const) {
  test(`${storage}: events kept by a late forget() carry none of the forgotten visitor's ids`, async ({ context }) => {
    test.setTimeout(90_000);
    if (storage === 'memory') await noIndexedDb(context);
    const t = await openReady(context);
    await t.evaluate(() => (window as unknown as { clientele: C }).clientele.identify('alice-secret', { region: 'Secret Town' }));
    await trackMarker(t, 'Marker Before');
    const old = await exported(t);
    const oldSession = eventsNamed(old.events, 'Marker Before')[0]!.session_id;
    expect(old.user_id).toBe('alice-secret');

    const { page: p } = await parkForget(context);
    await t.waitForTimeout(300);
    // After the forget(), tab T (which does not know of it yet) tracks a product view: stamped with the old ids.
    await t.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Product Viewed', { product_id: '85123A' }));
    await trackMarker(t, 'Marker After');

    // In memory mode each tab has its own store: the erasure is checked in T, which hears of it by a storage event.
    const { data: next } = await replayOnNextPage(context, p);
    let d = next;
    if (storage === 'memory') {
      await expect.poll(async () => eventsNamed((await exported(t)).events, 'Marker Before').length, { timeout: 15_000 }).toBe(0);
      d = await exported(t);
    }
    console.log('LATE-FORGET-IDS', JSON.stringify({ user: d.user_id, anon: d.anonymous_id, events: d.events.map((e) => [e.event, e.user_id ?? null, e.anonymous_id === old.anonymous_id, e.session_id === oldSession]) }));
    expect(eventsNamed(d.events, 'Marker Before')).toHaveLength(0);
    expect(eventsNamed(d.events, 'Product Viewed')).toHaveLength(1);
    expect(d.user_id).toBeNull();
    expect(d.anonymous_id).not.toBe(old.anonymous_id);
    // Nothing kept names the forgotten visitor.
    const text = JSON.stringify(d);
    expect(text).not.toContain('alice-secret');
    expect(text).not.toContain('Secret Town');
    expect(text).not.toContain(old.anonymous_id!);
    expect(text).not.toContain(oldSession);
    // What is kept belongs to the visitor exportData() describes.
    for (const e of d.events) expect(e.anonymous_id).toBe(d.anonymous_id);
  });
}
