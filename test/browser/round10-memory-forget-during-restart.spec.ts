// Round 10: no usable IndexedDB (memory mode), two tabs. Tab B's worker dies (a crash, out of memory) with a call not
// yet stored; while its replacement is starting, the visitor calls forget() in tab A. The README: "With no IndexedDB,
// every tab's store in memory is erased, and the time of the forget() is kept in localStorage ... so that no page
// replays a call parked before it"; "forget() ... erases calls made before it (queued, parked or in flight)".
// Tab B's new worker was named (spawnNamed) with the config and erasure mark of the moment it was started, before the
// forget(); A's broadcast reached no worker of B's; the init B sends later, carrying the mark, does not erase again.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, noIndexedDb, openReady, trackMarker } from './helpers.ts';

type C = { track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean> };

test('memory mode: forget() in tab A while tab B\'s worker restarts: B\'s call made before the forget() is not stored after it', async ({ context }) => {
  test.setTimeout(90_000);
  await noIndexedDb(context);
  const b = await openReady(context, { workers: true });
  await b.evaluate(() => { const c = (window as unknown as { clientele: C }).clientele; c.identify('bob'); c.track('Secret', {}); });
  await trackMarker(b, 'B Before');
  // The replacement worker takes a moment to load (held here so the moment is long enough to act in).
  let hold = true;
  await b.route('**/dist/clientele-worker.js', async (route) => { while (hold) await new Promise((r) => setTimeout(r, 100)); await route.fallback(); });
  const madeAt = await b.evaluate(() => {
    (window as unknown as { __workers: Worker[] }).__workers.at(-1)!.terminate();
    (window as unknown as { clientele: C }).clientele.track('Secret Unsent', { note: 'made before the forget()' });
    return Date.now();
  });
  // The page has started the new worker (it is loading).
  await expect.poll(() => b.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length)).toBe(2);

  const a = await openReady(context);
  const forgetAt = await a.evaluate(() => Date.now());
  expect(await a.evaluate(() => (window as unknown as { clientele: C }).clientele.forget())).toBe(true);
  expect(forgetAt).toBeGreaterThan(madeAt);
  await b.waitForTimeout(500);
  hold = false;
  await trackMarker(b, 'B After');
  const d = await exported(b);
  console.log('MEM-FORGET', JSON.stringify({ madeAt, forgetAt, events: d.events.map((e) => `${e.event}@${e.timestamp - forgetAt}`), user: d.user_id }));
  expect(eventsNamed(d.events, 'Secret')).toHaveLength(0);
  expect(eventsNamed(d.events, 'Secret Unsent')).toHaveLength(0);
  expect(d.user_id).toBeNull();
  expect(eventsNamed(d.events, 'B After')).toHaveLength(1);
});
