// Round 24 (tester B, worker death at a precise moment; worker/experiments/serve.ts record). A row of an
// experiment is served: the worker stores the exposure ('Experiment Viewed', putEvents), then adds it to the list
// waiting to be forwarded (meta 'forward-pending', updateMeta) in a second transaction. A worker that dies between the
// two (a crash, out of memory, the browser reclaiming it) leaves the exposure stored but on no list: the new worker
// serves the row again, finds the exposure already stored (record(): `known`), and never hands it on.
// README (Forwarding): "Forwarding is at least once ... Experiment Viewed exposures ... wait in the visitor's store
// until the next batch, on this page or a later one, so a page left at once loses none"; (Nothing lost): "a call cut
// short by a dying worker is made once more on the next one".
import { test, expect } from '@playwright/test';
import { captureWorkers, exported, ready, shimWorker, trackMarker, watchConsole } from './helpers.ts';

// When the transaction that stores an exposure has committed, the page is told to kill the worker, and the worker is
// held busy a moment so the kill lands before its next transaction (the window of a real crash, widened).
const KILL_AFTER_EXPOSURE = `(function(){var P=IDBObjectStore.prototype,put=P.put,bc=new BroadcastChannel('kill-now'),done=false;
P.put=function(v){if(!done&&this.name==='chunks'&&v&&v.events&&v.events.some(function(e){return e.event==='Experiment Viewed'})){done=true;
this.transaction.addEventListener('complete',function(){bc.postMessage(1);var t=Date.now();while(Date.now()-t<1500){}})}
return put.apply(this,arguments)};})();\n`;

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };
type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };

test('the worker dies right after it stored an exposure: the exposure is still forwarded (0 lost)', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // Only the first worker carries the fault: the one started after it runs as served.
  let first = true;
  await shimWorker(page, () => (first ? ((first = false), KILL_AFTER_EXPOSURE) : ''));
  await captureWorkers(page);
  // Control (NOKILL=1): the same moment without the kill forwards the exposure.
  const kill = !process.env.NOKILL;
  await page.addInitScript(([exp, kill]) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Array<{ event: string }>; __workers: Worker[] };
    w.__fwd = [];
    w.clientele = [['init', [{ experiments: [exp], forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: Array<{ event: string }>) => w.__fwd.push(...l) } }]]];
    if (kill) new BroadcastChannel('kill-now').onmessage = () => w.__workers.at(-1)!.terminate();
  }, [EXP, kill] as const);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'First');
  const recs = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  expect(recs.length).toBeGreaterThan(0);
  // The kill lands once the exposure's transaction has committed (with the reply, or before it).
  await expect.poll(() => page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length), { timeout: 20_000 }).toBe(kill ? 2 : 1);
  // The next batches carry what waits to forwarding.
  await trackMarker(page, 'After');
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Later', {}));
  await page.waitForTimeout(3000);
  await trackMarker(page, 'Last');
  const stored = (await exported(page)).events.filter((e) => e.event === 'Experiment Viewed').length;
  const forwarded = await page.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  console.log(JSON.stringify({ stored, forwarded }));
  expect(stored).toBe(1);
  expect(forwarded).toBeGreaterThanOrEqual(stored);
  expect(pageErrors).toEqual([]);
});
