// Round 23 (worker, meta writes on a full quota; worker/experiments/serve.ts record -> pend). On a full quota whose
// evictions free just the room the write that made them needs, an exposure served with a row is stored (putEvents
// evicts for it) but the list that hands it on to forwarding (meta 'forward-pending', store.putMeta -> cacheWrite) is
// refused at once, and the exposure is dropped from forwarding for good: nothing keeps it, in memory or in the store,
// even once there is room again. README (Forwarding): "at least once ... Experiment Viewed exposures ... wait in the
// visitor's store until the next batch ... so a page left at once loses none".
import { test, expect } from '@playwright/test';
import { exported, openShopPage, shimWorker, trackMarker, watchConsole } from './helpers.ts';

// Full quota while 'quota-ctl' says so: a put is refused, except in the first write after a transaction that only
// deleted events (retention making room): that write gets the room it freed, and no more.
const TIGHT = `(function(){var full=false,credit=false,creditTx=null;var P=IDBObjectStore.prototype,put=P.put,add=P.add,del=P.delete;
var q=function(){return new DOMException('The quota has been exceeded.','QuotaExceededError')};
var gate=function(s){var t=s.transaction;t.__put=true;if(!full)return;if(credit&&(creditTx===null||creditTx===t)){creditTx=t;t.addEventListener('complete',function(){credit=false;creditTx=null});return}throw q()};
P.put=function(){gate(this);return put.apply(this,arguments)};P.add=function(){gate(this);return add.apply(this,arguments)};
P.delete=function(){var t=this.transaction;if(this.name==='chunks'&&!t.__hook){t.__hook=true;t.addEventListener('complete',function(){if(!t.__put){credit=true;creditTx=null}})}return del.apply(this,arguments)};
new BroadcastChannel('quota-ctl').onmessage=function(e){full=!!e.data.full};})();\n`;

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };
type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };

test('an exposure stored while the quota is tight is forwarded once room comes back (0 lost)', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, TIGHT);
  await page.addInitScript(() => { (window as unknown as { __fwd: unknown[] }).__fwd = []; });
  await openShopPage(page, '/faults/quota-pending.html', {
    autocapture: false,
    calls: `clientele.push(['init', [{ experiments: [${JSON.stringify(EXP)}], forward: { events: ['exposures'], consent: 'unless-refused', callback: function (l) { window.__fwd.push.apply(window.__fwd, l); } } }]]);`,
  });
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 3000; i++) c.track('History', { i }); });
  await trackMarker(page, 'Stored');
  await page.evaluate((f) => new BroadcastChannel('quota-ctl').postMessage({ full: f }), !process.env.NOFULL);
  await page.waitForTimeout(200);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  await page.waitForTimeout(1000);
  // Room again: the page's next events are stored and carry what waits to forwarding.
  await page.evaluate(() => new BroadcastChannel('quota-ctl').postMessage({ full: false }));
  await page.waitForTimeout(200);
  await trackMarker(page, 'After Room');
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Later', {}));
  await page.waitForTimeout(3000);
  const stored = (await exported(page)).events.filter((e) => e.event === 'Experiment Viewed').length;
  const forwarded = await page.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  console.log(JSON.stringify({ stored, forwarded }));
  expect(stored).toBe(1);
  expect(forwarded).toBe(stored);
  expect(pageErrors).toEqual([]);
});
