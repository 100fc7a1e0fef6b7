// Round 24 (tester B, worker death at a precise moment; worker/experiments/serve.ts record). A row of an
// experiment is served: the worker stores the exposure ('Experiment Viewed', putEvents), then adds it to the list
// waiting to be forwarded (meta 'forward-pending', updateMeta) in a second transaction. A worker that dies between the
// two (a crash, out of memory, the browser reclaiming it) leaves the exposure stored but on no list: the new worker
// serves the row again, finds the exposure already stored (record(): `known`), and never hands it on.
// README (Forwarding): "Forwarding is at least once ... Experiment Viewed exposures ... wait in the visitor's store
// until the next batch, on this page or a later one, so a page left at once loses none"; (Nothing lost): "a call cut
// short by a dying worker is made once more on the next one".
import { test, expect } from '@playwright/test';
import { exposurePage, exposuresSettled, watchConsole, workersStarted } from './helpers.ts';

// When the transaction that stores an exposure has committed, the page is told to kill the worker, and the worker is
// held busy a moment so the kill lands before its next transaction (the window of a real crash, widened).
const KILL_AFTER_EXPOSURE = `(function(){var P=IDBObjectStore.prototype,put=P.put,bc=new BroadcastChannel('kill-now'),done=false;
P.put=function(v){if(!done&&this.name==='chunks'&&v&&v.events&&v.events.some(function(e){return e.event==='Experiment Viewed'})){done=true;
this.transaction.addEventListener('complete',function(){bc.postMessage(1);var t=Date.now();while(Date.now()-t<1500){}})}
return put.apply(this,arguments)};})();\n`;


test('the worker dies right after it stored an exposure: the exposure is still forwarded (0 lost)', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // Only the first worker carries the fault: the one started after it runs as served.
  // Control (NOKILL=1): the same moment without the kill forwards the exposure.
  const kill = !process.env.NOKILL;
  await exposurePage(page, { fault: KILL_AFTER_EXPOSURE, kill });
  // The kill lands once the exposure's transaction has committed (with the reply, or before it).
  await workersStarted(page, kill ? 2 : 1, 20_000);
  const { stored, forwarded } = await exposuresSettled(page);
  console.log(JSON.stringify({ stored, forwarded }));
  expect(stored).toBe(1);
  expect(forwarded).toBeGreaterThanOrEqual(stored);
  expect(pageErrors).toEqual([]);
});
