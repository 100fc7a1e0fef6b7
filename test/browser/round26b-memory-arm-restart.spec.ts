// Round 26 (tester B; memory mode, worker/engine.ts useStorage seedFromSnapshot + memorySnapshot, serve.ts ARMS_KEY).
// With no usable IndexedDB the visit is kept in memory for the page's life, and a worker that dies is replaced by one
// that "goes on as its visitor" (the page hands it the profile snapshot and replays its ops). The remembered experiment
// arms are not part of that: they lived in the dead worker's memory store (meta 'experiment-arms'). The shopper was
// served arm X as anonymous, then logged in; after the restart the new worker assigns from the user id and the same
// page shows the other arm. README (Experiments): "The arm first served is remembered on the device, so logging in
// does not switch arms".
import { test, expect } from '@playwright/test';
import { exported, killWorker, memoryModeWithWorkers, ready, trackMarker } from './helpers.ts';
import { bucketOf, BUCKETS } from '../../worker/experiments/hash.ts';

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a', row: { limit: 2 } }, { id: 'b', row: { limit: 3 } }] };
const armOf = (visitor: string) => (bucketOf(EXP.id, visitor) / BUCKETS < 0.5 ? 'a' : 'b');
const LIMIT: Record<string, number> = { a: 2, b: 3 };
type Api = { identify(id: string): void; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string } | null>; exportData(): Promise<{ experiments: Record<string, string> }> };

test('memory mode: the arm served stays the arm after a login and a worker restart on the same page', async ({ page, context }) => {
  test.setTimeout(90_000);
  const { pageErrors } = await memoryModeWithWorkers(page, context);
  await page.addInitScript((exp) => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ experiments: [exp] }]]]; }, EXP);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  expect((await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage).toBe('memory');
  await trackMarker(page, 'First');
  const served = armOf((await exported(page)).anonymous_id!);
  const before = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 6 }));
  expect(before.length).toBe(LIMIT[served]);
  const uid = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((u) => armOf(u) !== served)!;
  await page.evaluate((u) => (window as unknown as { clientele: Api }).clientele.identify(u), uid);
  await trackMarker(page, 'Logged In');
  const loggedIn = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 6 }));
  await killWorker(page);
  await trackMarker(page, 'After Restart');
  const after = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 6 }));
  const remembered = (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).experiments[EXP.id];
  const views = (await exported(page)).events.filter((e) => e.event === 'Experiment Viewed').map((e) => e.properties.variation_id);
  console.log(JSON.stringify({ served, before: before.length, loggedIn: loggedIn.length, afterRestart: after.length, remembered, views }));
  expect(loggedIn.length).toBe(LIMIT[served]);
  expect(after.length).toBe(LIMIT[served]);
  expect(remembered).toBe(served);
  expect(pageErrors).toEqual([]);
});
