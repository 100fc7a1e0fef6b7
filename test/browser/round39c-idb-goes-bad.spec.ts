// IndexedDB that opens and works, then fails every transaction a few seconds in (a disk that went bad or full of
// errors, an extension, the browser's backing store gone under it): the page goes on answering, and what it tracked
// from then on waits on it, is parked when it is left, and is stored once by the next page, where IndexedDB works.
import { test, expect } from '@playwright/test';
import { watchConsole, storageGoesBad } from './helpers.ts';

test.setTimeout(120_000);

/** Every transaction started `ms` after the worker starts is aborted (mode `mode`: readwrite only, or all). */
const goesBad = (ms: number, all: boolean) => `(function(){var t0=Date.now(),T=IDBDatabase.prototype.transaction;
IDBDatabase.prototype.transaction=function(s,mode){var tx=T.apply(this,arguments);
if(Date.now()-t0>${ms}&&(${all}||mode==='readwrite'))Promise.resolve().then(function(){try{tx.abort()}catch(e){}});return tx};})();\n`;

for (const all of [false, true])
test(`every ${all ? '' : 'read-write '}transaction aborts from 3 s on: the page answers, and its events are stored once by the next page`, async ({ page }) => {
  const con = watchConsole(page);
  const r = await storageGoesBad(page, goesBad(3000, all), 'Broken', 500, 3000);
  console.log('BAD', all, JSON.stringify(r), JSON.stringify(con.warnings.slice(0, 4)));
  // A read with nothing to give (status() of a store that fails) settles with its documented fallback, null.
  const settled = expect.stringMatching(/^(answered|null)$/);
  expect(r).toEqual({ here: { recs: 'answered', status: settled, segments: settled, exported: settled }, workers: r.workers, early: 50, stored: 500, distinct: 500 });
  expect(con.pageErrors).toEqual([]);
});
