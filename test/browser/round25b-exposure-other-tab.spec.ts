// Round 25 (tester B, two tabs; worker/experiments/serve.ts `unsent`). Tab A serves a row of an experiment: its
// exposure goes on the visitor's forwarding list in the store (meta 'forward-pending'), to leave with A's next batch.
// The shopper closes A before that batch (a product opened in a new tab, glanced at, closed). Tab B of the same
// site keeps tracking, batch after batch, but its worker looks at the list only once, at its start (`unsent` is
// per worker and set only by its own record()): the exposure waits until some later page load that may never come.
// README (Forwarding): "Experiment Viewed exposures ... wait in the visitor's store until the next batch, on this
// page or a later one, so a page left at once loses none".
import { test, expect } from '@playwright/test';
import { exported, exposureTabs, trackMarker } from './helpers.ts';

type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };

test('an exposure served in a tab closed at once is forwarded by the site\'s other open tab (0 lost)', async ({ context }) => {
  test.setTimeout(90_000);
  const { a, b, pageErrors } = await exposureTabs(context);
  const recs = await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  expect(recs.length).toBeGreaterThan(0);
  const fwdA = await a.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  await a.close();
  // B goes on: several batches, seconds apart.
  for (let i = 0; i < 4; i++) {
    await trackMarker(b, `B ${i}`);
    await b.waitForTimeout(1200);
  }
  const stored = (await exported(b)).events.filter((e) => e.event === 'Experiment Viewed').length;
  const fwdB = await b.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  console.log(JSON.stringify({ stored, forwardedByA: fwdA, forwardedByB: fwdB }));
  expect(stored).toBe(1);
  expect(fwdA + fwdB).toBeGreaterThanOrEqual(stored);
  expect(pageErrors).toEqual([]);
});
