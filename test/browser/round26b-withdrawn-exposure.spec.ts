// Round 26 (tester B; worker/engine.ts setConsent, worker/experiments/serve.ts takeWaiting). An exposure served in a
// tab closed at once waits in the store (meta 'forward-pending') for the next batch of any tab. The visitor then
// withdraws consent in the site's other tab: nothing drops the waiting exposure (takeWaiting drops only when a batch
// is stored while forwarding is refused, and after consent(false) no batch is stored at all). When the visitor later
// says yes again, the first batch hands the exposure served before the withdrawal to the forwarding destination.
// README (Privacy): "Events waiting to be forwarded are dropped at once, so nothing leaves the device after the
// withdrawal."
import { test, expect } from '@playwright/test';
import { exposureTabs, trackMarker } from './helpers.ts';

type Api = { track(e: string, p: object): void; consent(v: boolean): void; recommend(r: object): Promise<unknown[]> };
type Fwd = Array<{ event: string; message_id: string }>;

test('an exposure waiting to be forwarded when consent is withdrawn never leaves the device', async ({ context }) => {
  test.setTimeout(90_000);
  const { a, b, pageErrors } = await exposureTabs(context);
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  // A closes before its next batch: the exposure waits in the store.
  await a.close({ runBeforeUnload: false });
  const before = await b.evaluate(() => (window as unknown as { __fwd: Fwd }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  // The visitor withdraws consent in B, right away.
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('While No', {}));
  await b.waitForTimeout(2500);
  const whileNo = await b.evaluate(() => (window as unknown as { __fwd: Fwd }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  // Later the visitor says yes again and goes on shopping.
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  for (let i = 0; i < 3; i++) { await trackMarker(b, `B ${i}`); await b.waitForTimeout(1200); }
  const after = await b.evaluate(() => (window as unknown as { __fwd: Fwd }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  console.log(JSON.stringify({ forwardedBeforeWithdrawal: before, whileNo, afterYesAgain: after }));
  expect(before).toBe(0);
  // Waiting at the withdrawal: dropped, never forwarded later.
  expect(after).toBe(0);
  expect(pageErrors).toEqual([]);
});
