// IndexedDB transactions that abort (a disk error, the browser closing a connection mid-write, an extension), injected
// in the worker: every third read-write transaction is aborted just after its requests are queued.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, shimWorker, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]>; segments(): Promise<unknown>; status(): Promise<{ storage: string; events: number }> };

const aborting = (every: number) => `(function(){var on=true,n=0,T=IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction=function(s,mode){var tx=T.apply(this,arguments);
if(on&&mode==='readwrite'&&++n%${every}===0)Promise.resolve().then(function(){try{tx.abort()}catch(e){}});return tx};
new BroadcastChannel('r38d-abort').onmessage=function(e){on=!!e.data};})();\n`;

test('every third read-write transaction aborts while 3,000 events are tracked: each is stored once, rows answer meanwhile, nothing thrown', async ({ page }) => {
  const con = watchConsole(page);
  await shimWorker(page, aborting(3));
  await page.goto('/demo/index.html');
  await ready(page);
  const during: number[] = [];
  for (let round = 0; round < 6; round++) {
    await page.evaluate((round) => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 500; i++) c.track('Aborted', { i: round * 500 + i }); }, round);
    during.push(await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 })).length));
    await page.waitForTimeout(400);
  }
  await page.evaluate(async () => { new BroadcastChannel('r38d-abort').postMessage(false); await new Promise((r) => setTimeout(r, 100)); });
  await trackMarker(page, 'Done', 60_000);
  const ev = eventsNamed((await exported(page)).events, 'Aborted');
  const is = ev.map((e) => e.properties.i as number);
  const r = { stored: ev.length, distinct: new Set(is).size, ids: new Set(ev.map((e) => e.message_id)).size, during, storage: (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status())).storage };
  console.log('ABORT', JSON.stringify(r), JSON.stringify(con.warnings.slice(0, 5)));
  expect(r).toEqual({ stored: 3000, distinct: 3000, ids: 3000, during: [4, 4, 4, 4, 4, 4], storage: 'indexeddb' });
  expect(con.pageErrors).toEqual([]);
});

const abortingAny = (every: number) => aborting(every).replace("mode==='readwrite'&&", '');

test('every fifth transaction aborts, reads too: recommend(), segments(), status() and exportData() answer, and the events are stored once after', async ({ page }) => {
  const con = watchConsole(page);
  await shimWorker(page, abortingAny(5));
  await page.goto('/demo/index.html');
  await ready(page);
  const r1 = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api & { exportData(): Promise<unknown> } }).clientele;
    for (let i = 0; i < 300; i++) c.track('Aborted', { i });
    const out: unknown[] = [];
    for (let k = 0; k < 5; k++) out.push([(await c.recommend({ type: 'popular', limit: 4 })).length, !!(await c.segments()), (await c.status())?.storage, (await c.exportData()) !== undefined]);
    return out;
  });
  await page.evaluate(async () => { new BroadcastChannel('r38d-abort').postMessage(false); await new Promise((r) => setTimeout(r, 100)); });
  await trackMarker(page, 'Done', 60_000);
  // Once transactions complete again, rows and segments answer again, without a reload.
  const after = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    return [(await c.recommend({ type: 'popular', limit: 4 })).length, !!(await c.segments())];
  });
  console.log('AFTER', JSON.stringify(after));
  expect(after).toEqual([4, true]);
  const ev = eventsNamed((await exported(page)).events, 'Aborted');
  console.log('ANY', JSON.stringify(r1), ev.length, new Set(ev.map((e) => e.properties.i)).size, JSON.stringify(con.warnings.slice(0, 6)));
  // A read whose transaction aborted is tried once more: rows and segments answer during the faults too.
  expect(r1).toEqual(Array(5).fill([4, true, 'indexeddb', true]));
  expect(ev.length).toBe(300);
  expect(new Set(ev.map((e) => e.properties.i)).size).toBe(300);
  expect(con.pageErrors).toEqual([]);
});

// Every transaction over the catalog store aborts (its part of the disk damaged, say): the feed itself loads fine.
const catalogAborts = `(function(){var T=IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction=function(s){var tx=T.apply(this,arguments);
if(String(s)==='catalog')Promise.resolve().then(function(){try{tx.abort()}catch(e){}});return tx};})();\n`;

test('catalog transactions abort: the feed that loaded is used for rows, and the owner is not told to fix a feed that is fine', async ({ page }) => {
  const con = watchConsole(page);
  await shimWorker(page, catalogAborts);
  await page.goto('/demo/index.html');
  await ready(page);
  const recs = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 })).length);
  console.log('CAT', recs, JSON.stringify(con.warnings));
  expect(recs).toBe(4);
  await expect(page.locator('[data-clientele-widget-item]').first()).toBeVisible();
  expect(con.warnings.filter((w) => /could not be loaded|serve a JSON array/.test(w))).toEqual([]);
  expect(con.pageErrors).toEqual([]);
});
