// IndexedDB that opens and works, then hangs every write a few seconds in (a backing store stuck on a slow or failing
// disk, an antivirus holding its files): a put whose request never answers. The page goes on answering, and what it
// tracked from then on waits on it, is parked when it is left, and is stored once by the next page.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, shimWorker, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string; events: number } | null>; exportData(): Promise<unknown>; segments(): Promise<unknown> };

/**
 * From `ms` after the worker starts, every read-write transaction never ends: it is kept busy (a request queued as the
 * last one answers), so it neither commits nor aborts, and holds its stores' lock: reads of them wait behind it too.
 */
const hangs = (ms: number) => `(function(){var t0=Date.now(),T=IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction=function(s,mode){var tx=T.apply(this,arguments);
if(Date.now()-t0>${ms}&&mode==='readwrite'){var st=tx.objectStore(tx.objectStoreNames[0]);(function spin(){try{st.count().onsuccess=function(){setTimeout(function(){},0);spin()}}catch(e){}})()}return tx};})();\n`;

const burst = (page: Page, name: string, n: number) => page.evaluate(([name, n]) => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let i = 0; i < n; i++) c.track(name, { i });
}, [name, n] as const);

test('every write hangs from 3 s on: reads answer, and the events tracked since are stored once by the next page', async ({ page }) => {
  const con = watchConsole(page);
  let workers = 0;
  await shimWorker(page, () => (workers++ ? '' : hangs(3000)));
  await page.goto('/demo/index.html');
  await ready(page);
  await burst(page, 'Early', 50);
  await page.waitForTimeout(3500);
  await burst(page, 'Hung', 300);
  await page.waitForTimeout(2000);
  const here = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const t = (p: Promise<unknown>) => Promise.race([p.then((v) => (v === null ? 'null' : 'answered'), () => 'rejected'), new Promise((r) => setTimeout(r, 15_000, 'none'))]);
    return { recs: await t(c.recommend({ type: 'popular', limit: 4 })), status: await t(c.status()), segments: await t(c.segments()), exported: await t(c.exportData()) };
  });
  await page.goto('/demo/index.html?next');
  await ready(page);
  await trackMarker(page, 'Next', 60_000);
  const ev = (await exported(page)).events;
  const hung = eventsNamed(ev, 'Hung').map((e) => e.properties.i as number);
  const r = { here, workers, early: eventsNamed(ev, 'Early').length, hung: hung.length, distinct: new Set(hung).size };
  console.log('HANG', JSON.stringify(r), JSON.stringify(con.warnings.slice(0, 4)));
  // A worker whose writes wait is not replaced since round 39a (it answers the 13 s ping: a new one would wait on the
  // same disk, or the same other tab's transaction), so the reads that wait behind the hung writes settle with their
  // documented fallback at 10 s (null), as issue 8 asks; none is left unsettled or rejected.
  const settled = expect.stringMatching(/^(answered|null)$/);
  expect(r).toEqual({ here: { recs: 'answered', status: settled, segments: settled, exported: settled }, workers, early: 50, hung: 300, distinct: 300 });
  expect(con.pageErrors).toEqual([]);
});
