// Round 28 (tester B; worker/experiments/serve.ts takeWaiting `if (x.by === me) continue`, engine flushEvents calls
// loop.forwarded once per run of events). A batch whose events are split by another op (track, identify, track: one
// task of a login page) runs forwarded() twice before its one answer is posted. The first run leases the waiting
// exposure to this worker (it stays in the store until the answer has left). The second run's takeWaiting treats
// every entry leased by `me` as "handed on with an earlier answer" and takes it out of the store, though that answer
// has not been posted yet. A worker that dies then (crash, out of memory) has taken the exposure out of the store and
// handed it to no one: the page sends the batch again to a new worker, whose list is empty. Stored 1, forwarded 0.
// README (Forwarding): at least once; a worker that dies first holds them for a minute, then the next batch sends them.
import { test, expect } from '@playwright/test';
import { exposurePage, exposuresSettled, watchConsole, workersStarted } from './helpers.ts';

// Once the exposure went on the list (unleased) and was then leased, the first later write of the list that no longer
// holds it commits, the worker goes mute (as dead) and the page is told to kill it.
const DIE_AFTER_DROP = `(function(){var P=IDBObjectStore.prototype,put=P.put,bc=new BroadcastChannel('kill-now'),seen=false,leased=false,done=false,dead=false;
var pm=self.postMessage.bind(self);self.postMessage=function(){if(!dead)return pm.apply(null,arguments)};
P.put=function(v,k){if(this.name==='meta'&&k==='forward-pending'&&Array.isArray(v)){
if(v.length&&!v.some(function(x){return x&&x.by}))seen=true;else if(seen&&v.some(function(x){return x&&x.by}))leased=true;
else if(leased&&!v.length&&!done){done=true;this.transaction.addEventListener('complete',function(){dead=true;bc.postMessage(1)})}}
return put.apply(this,arguments)};})();\n`;
const MINUTE_LATER = `(function(){var n=Date.now;Date.now=function(){return n()+61000};})();\n`;

type Api = { track(e: string, p: object): void; identify(u: string, t?: object): void };

test('a batch with two runs of events (track, identify, track) and a worker death before its answer: the exposure is still forwarded', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // Control (ONERUN=1): the same batch without the identify() between the tracks (one run) forwards the exposure.
  const oneRun = !!process.env.ONERUN;
  await exposurePage(page, { fault: DIE_AFTER_DROP, later: MINUTE_LATER });
  await page.waitForTimeout(500);
  // One task: a login page tracks, identifies and tracks again.
  await page.evaluate((oneRun) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.track('Before login', {});
    if (!oneRun) c.identify('u-1');
    c.track('After login', {});
  }, oneRun);
  await workersStarted(page, 2);
  const { stored, forwarded, after } = await exposuresSettled(page, 'After login');
  console.log(JSON.stringify({ stored, forwarded, after }));
  expect(after).toBe(1);
  expect(stored).toBe(1);
  expect(forwarded).toBeGreaterThanOrEqual(stored);
  expect(pageErrors).toEqual([]);
});
