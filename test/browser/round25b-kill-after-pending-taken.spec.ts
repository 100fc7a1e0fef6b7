// Round 25 (tester B, worker death at a precise moment; worker/experiments/serve.ts takePending/forwarded). An
// exposure waits on the forwarding list (meta 'forward-pending'). The next batch takes it out of the store (one
// transaction, committed) and only then sends it to the page with the batch's answer. A worker that dies between
// the two (a crash, out of memory, the browser reclaiming it) has removed the exposure from the store and handed it
// to no one: the page sends the batch again to the new worker, whose list is empty. Stored 1, forwarded 0.
// Fixed: entries are leased to the worker handing them on and leave the store once its answer has left; a dead
// worker's lease runs out after a minute, and the next batch after that forwards them.
// README (Forwarding): "Forwarding is at least once ... Experiment Viewed exposures ... wait in the visitor's store
// until the next batch, on this page or a later one, so a page left at once loses none".
import { test, expect } from '@playwright/test';
import { exposurePage, exposuresSettled, watchConsole, workersStarted } from './helpers.ts';

// Once an exposure went on the list, the transaction that takes it for this worker's page (the old build: takes the
// list out; this one: leases its entries) commits, then the worker goes mute (its answers are never posted, as a
// worker that died then) and the page is told to kill it.
const DIE_AFTER_TAKE = `(function(){var P=IDBObjectStore.prototype,put=P.put,bc=new BroadcastChannel('kill-now'),seen=false,done=false,dead=false;
var pm=self.postMessage.bind(self);self.postMessage=function(){if(!dead)return pm.apply(null,arguments)};
P.put=function(v,k){if(this.name==='meta'&&k==='forward-pending'&&Array.isArray(v)){var taken=!v.length||v.some(function(x){return x&&x.by});
if(!taken)seen=true;else if(seen&&!done){done=true;this.transaction.addEventListener('complete',function(){dead=true;bc.postMessage(1)})}}
return put.apply(this,arguments)};})();\n`;
// The worker started after the kill runs a minute later (a lease a dead worker took on what it was handing on runs out).
const MINUTE_LATER = `(function(){var n=Date.now;Date.now=function(){return n()+61000};})();\n`;

type Api = { track(e: string, p: object): void };

test('the worker dies right after it took the waiting exposures out of the store: they are still forwarded (0 lost)', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // Control (NOKILL=1): the same steps without the fault forward the exposure.
  const kill = !process.env.NOKILL;
  await exposurePage(page, { fault: DIE_AFTER_TAKE, later: kill ? MINUTE_LATER : '', kill });
  // The next batch takes the exposure out of the store; the worker dies before its answer reaches the page.
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After', {}));
  if (kill) await workersStarted(page, 2);
  const { stored, forwarded, after } = await exposuresSettled(page);
  console.log(JSON.stringify({ stored, forwarded, after }));
  expect(after).toBe(1);
  expect(stored).toBe(1);
  expect(forwarded).toBeGreaterThanOrEqual(stored);
  expect(pageErrors).toEqual([]);
});
