// IndexedDB that opens and works, then fails every transaction a few seconds in (a disk that went bad or full of
// errors, an extension, the browser's backing store gone under it): the page goes on answering, and what it tracked
// from then on waits on it, is parked when it is left, and is stored once by the next page, where IndexedDB works.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, shimWorker, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string; events: number }>; exportData(): Promise<unknown> };

/** Every transaction started `ms` after the worker starts is aborted (mode `mode`: readwrite only, or all). */
const goesBad = (ms: number, all: boolean) => `(function(){var t0=Date.now(),T=IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction=function(s,mode){var tx=T.apply(this,arguments);
if(Date.now()-t0>${ms}&&(${all}||mode==='readwrite'))Promise.resolve().then(function(){try{tx.abort()}catch(e){}});return tx};})();\n`;

const burst = (page: Page, name: string, n: number) => page.evaluate(([name, n]) => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let i = 0; i < n; i++) c.track(name, { i });
}, [name, n] as const);

for (const all of [false, true])
test(`every ${all ? '' : 'read-write '}transaction aborts from 3 s on: the page answers, and its events are stored once by the next page`, async ({ page }) => {
  const con = watchConsole(page);
  let workers = 0;
  await shimWorker(page, () => (workers++ ? '' : goesBad(3000, all)));
  await page.goto('/demo/index.html');
  await ready(page);
  await burst(page, 'Early', 50);
  await page.waitForTimeout(3500);
  await burst(page, 'Broken', 500);
  await page.waitForTimeout(3000);
  const here = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const t = (p: Promise<unknown>) => Promise.race([p.then(() => 'answered', () => 'rejected'), new Promise((r) => setTimeout(r, 15_000, 'none'))]);
    return { recs: await t(c.recommend({ type: 'popular', limit: 4 })), status: await t(c.status()), exported: await t(c.exportData()) };
  });
  await page.goto('/demo/index.html?next');
  await ready(page);
  await trackMarker(page, 'Next', 60_000);
  const ev = (await exported(page)).events;
  const broken = eventsNamed(ev, 'Broken').map((e) => e.properties.i as number);
  const early = eventsNamed(ev, 'Early').length;
  const r = { here, workers, early, broken: broken.length, distinct: new Set(broken).size };
  console.log('BAD', all, JSON.stringify(r), JSON.stringify(con.warnings.slice(0, 4)));
  expect(r).toEqual({ here: { recs: 'answered', status: 'answered', exported: 'answered' }, workers, early: 50, broken: 500, distinct: 500 });
  expect(con.pageErrors).toEqual([]);
});
