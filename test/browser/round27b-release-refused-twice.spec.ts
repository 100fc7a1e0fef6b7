// Round 27 (tester B; worker/experiments/serve.ts release -> store.updateMeta, a cacheWrite). A worker hands an
// exposure waiting in the store (meta 'forward-pending') to its page and leases it for 60 s; once the answer has left,
// release() takes it out of the list. On a quota full at that moment the release is refused at once (updateMeta
// without `state` never makes room) and nothing tries it again: the entry stays, leased to a worker that is alive and
// well. The tab goes quiet (a background tab); a minute later the site's other tab stores its next batch, finds the
// lease run out and forwards the same exposure again. No worker died. README (Forwarding): "They leave the store once
// the answer that hands them to a page has been sent; a worker that dies first holds them for a minute, then the next
// batch sends them again": sent again only after a death.
import { test, expect } from '@playwright/test';
import { openReady, shimWorker, trackMarker, watchConsole } from './helpers.ts';

// Worker prefix: once armed (BroadcastChannel 'quota-ctl' { arm: true }), the first write of the forwarding list that
// leases an entry fills the quota right after it (every put refused, in every worker), until { full: false }.
const FILL_AFTER_LEASE = `(function(){var full=false,armed=false;var P=IDBObjectStore.prototype;var put=P.put,add=P.add;
var ch=new BroadcastChannel('quota-ctl');
var q=function(){return new DOMException('The quota has been exceeded.','QuotaExceededError')};
P.put=function(v,k){if(full)throw q();var r=put.apply(this,arguments);
if(armed&&this.name==='meta'&&k==='forward-pending'&&Array.isArray(v)&&v.some(function(x){return x&&x.by})){armed=false;full=true;ch.postMessage({full:true})}return r};
P.add=function(){if(full)throw q();return add.apply(this,arguments)};
ch.onmessage=function(e){if('full' in e.data)full=!!e.data.full;if('arm' in e.data)armed=!!e.data.arm};})();\n`;

const EXP = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };
type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };
type Fwd = Array<{ event: string; message_id: string }>;
const views = (p: import('@playwright/test').Page) => p.evaluate(() => (window as unknown as { __fwd: Fwd }).__fwd.filter((e) => e.event === 'Experiment Viewed').map((e) => e.message_id));

test('an exposure whose release a full quota refused is not forwarded again by another tab (no worker died)', async ({ context }) => {
  test.setTimeout(150_000);
  await shimWorker(context, FILL_AFTER_LEASE);
  await context.addInitScript((exp) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Fwd };
    w.__fwd = [];
    w.clientele = [['init', [{ experiments: [exp], forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: Fwd) => w.__fwd.push(...l) } }]]];
  }, EXP);
  const a = await openReady(context);
  const b = await openReady(context);
  const errs = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  await trackMarker(a, 'A first');
  await trackMarker(b, 'B first');
  await a.waitForTimeout(1500);
  // Arm the quota: it fills right after the next lease is written.
  // NOFILL=1: the same visit with room throughout (the control: one forwarded).
  if (!process.env.NOFILL) await a.evaluate(() => new BroadcastChannel('quota-ctl').postMessage({ arm: true }));
  await a.waitForTimeout(200);
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'trending', limit: 4 }));
  // A's next batch leases the exposure and hands it to A's page; the quota is full when the release comes.
  await a.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('A next', {}));
  await expect.poll(() => views(a).then((v) => v.length), { timeout: 10_000 }).toBe(1);
  await a.waitForTimeout(1000);
  // Room again (the browser gave some back). A stays quiet; B goes on shopping a minute later.
  await a.evaluate(() => new BroadcastChannel('quota-ctl').postMessage({ full: false }));
  await a.waitForTimeout(62_000);
  for (let i = 0; i < 3; i++) { await b.evaluate((n) => (window as unknown as { clientele: Api }).clientele.track(`B ${n}`, {}), i); await b.waitForTimeout(1500); }
  const fa = await views(a);
  const fb = await views(b);
  console.log(JSON.stringify({ forwardedByA: fa, forwardedByB: fb }));
  expect(fa.length + fb.length).toBe(1);
  expect(errs.flat()).toEqual([]);
});
