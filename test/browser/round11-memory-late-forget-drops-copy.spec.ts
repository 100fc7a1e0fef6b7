// Round 11: no usable IndexedDB (memory mode). A forget() parked by a page whose clientele.js never came is replayed by
// the next page; another open tab M is told (storage event on clientele:<siteId>:erased-at). M's worker applies the
// erasure by its time and keeps what M tracked after it (as promised: "A forget() applied late ... keeps what the
// visitor did after it in other tabs"). But M's page drops its whole kept copy of stored batches (forgetHere ->
// unkeep()), the batches made after the forget() too. When M's worker then dies, its replacement "gets them first and
// goes on as the same visitor, with the same events": here it gets none, and the events made after the forget() are gone.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, killWorker, noIndexedDb, openReady, parkForget, trackMarker } from './helpers.ts';

type C = { track(e: string, p?: object): void; status(): Promise<{ storage: string } | null> };

test('memory mode: a late forget() replayed in another tab, then this tab\'s worker dies: what this tab tracked after the forget() survives', async ({ context }) => {
  test.setTimeout(90_000);
  await noIndexedDb(context);
  const m = await openReady(context, { workers: true });
  expect((await m.evaluate(() => (window as unknown as { clientele: C }).clientele.status()))?.storage).toBe('memory');
  await m.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Before Forget', {}));
  await trackMarker(m, 'M Before');

  // Tab P: its script never arrives; the visitor asks to be forgotten there.
  const { page: p, forgetAt } = await parkForget(context);
  await m.waitForTimeout(300);
  // After it, in tab M: the visitor views a product.
  await m.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Product Viewed', { product_id: '85123A', note: 'after forget' }));
  await trackMarker(m, 'M After');

  // P is left (parks its queue); the next page replays the forget(); M hears of it.
  await p.goto('about:blank');
  await openReady(context);
  await expect.poll(async () => eventsNamed((await exported(m)).events, 'Before Forget').length, { timeout: 15_000 }).toBe(0);
  const mid = await exported(m);
  // M's worker kept what came after the forget().
  expect(eventsNamed(mid.events, 'Product Viewed')).toHaveLength(1);
  expect(eventsNamed(mid.events, 'M After')).toHaveLength(1);

  // M's worker dies (a crash, out of memory); a new one is started.
  await killWorker(m);
  await trackMarker(m, 'M Restarted');
  const d = await exported(m);
  console.log('MEM-LATE-FORGET', JSON.stringify({ forgetAt, workers: await m.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length), before: mid.events.map((e) => `${e.event}@${e.timestamp - forgetAt}`), after: d.events.map((e) => `${e.event}@${e.timestamp - forgetAt}`), anon: [mid.anonymous_id, d.anonymous_id] }));
  expect(eventsNamed(d.events, 'Before Forget')).toHaveLength(0);
  expect(eventsNamed(d.events, 'Product Viewed')).toHaveLength(1);
  expect(eventsNamed(d.events, 'M After')).toHaveLength(1);
});
