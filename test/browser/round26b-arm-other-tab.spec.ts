// Round 26 (tester B, two tabs; worker/experiments/serve.ts visitor(): `sticky ??= getMeta(ARMS_KEY)`). Each tab's
// worker reads the remembered arms once, the first time it plans a row, and never again. Tab B plans a row (any row:
// the arms are read) before tab A first serves the experiment's row and remembers its arm. The shopper logs in in A.
// B then serves the experiment's row: its copy of the arms holds none for the experiment, so it assigns from the
// user id, and the shopper sees the other arm in B while A (and the store) say the first. README (Experiments):
// "The arm first served is remembered on the device, so logging in does not switch arms".
import { test, expect } from '@playwright/test';
import { exported, openReady, trackMarker, watchConsole } from './helpers.ts';
import { bucketOf, BUCKETS } from '../../worker/experiments/hash.ts';

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a', row: { limit: 2 } }, { id: 'b', row: { limit: 3 } }] };
const armOf = (visitor: string) => (bucketOf(EXP.id, visitor) / BUCKETS < 0.5 ? 'a' : 'b');
const LIMIT: Record<string, number> = { a: 2, b: 3 };
type Api = { track(e: string, p: object): void; identify(id: string): void; recommend(r: object): Promise<unknown[]>; exportData(): Promise<{ experiments: Record<string, string> }> };

test('an arm served in one tab stays the arm after logging in, in the site\'s other open tab too', async ({ context }) => {
  test.setTimeout(90_000);
  await context.addInitScript((exp) => {
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ experiments: [exp] }]]];
  }, EXP);
  const b = await openReady(context);
  const errs = watchConsole(b).pageErrors;
  await trackMarker(b, 'B first');
  // B plans a row of another type: its worker reads the remembered arms (none yet).
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 }));
  const a = await openReady(context);
  errs.push(...watchConsole(a).pageErrors);
  await trackMarker(a, 'A first');
  const anon = (await exported(a)).anonymous_id!;
  const served = armOf(anon);
  const inA = await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 6 }));
  expect(inA.length).toBe(LIMIT[served]);
  await expect.poll(async () => (await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).experiments[EXP.id]).toBe(served);
  // The shopper logs in (in A) with an id that hashes to the other arm.
  const uid = Array.from({ length: 200 }, (_, i) => `user-${i}`).find((u) => armOf(u) !== served)!;
  await a.evaluate((u) => (window as unknown as { clientele: Api }).clientele.identify(u), uid);
  await trackMarker(a, 'Logged In');
  // Back in tab B, the experiment's row.
  const inB = await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 6 }));
  await b.waitForTimeout(1000);
  const remembered = (await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).experiments[EXP.id];
  const views = (await exported(b)).events.filter((e) => e.event === 'Experiment Viewed').map((e) => e.properties.variation_id);
  console.log(JSON.stringify({ served, rowInA: inA.length, rowInB: inB.length, expectedRow: LIMIT[served], remembered, views }));
  expect(inB.length).toBe(LIMIT[served]);
  expect(remembered).toBe(served);
  expect(errs).toEqual([]);
});
