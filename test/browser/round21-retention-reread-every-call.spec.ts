// Round 21 (worker, the events copy trimmed by store.recent()). Round 20 trims the engine's copy of the visitor's
// events by what the store still holds (engine.ts events(): drop what is older than recent.oldest, else read the
// whole store again when the counts disagree). Once retention is at maxEvents, every new event evicts the oldest
// one; when the oldest events share a millisecond (a burst, a replayed park, the several events autocapture makes in
// one task), the evicted event has the same timestamp as the new oldest, the trim keeps it, the counts disagree, and
// the engine re-reads the whole store (every chunk, sorted again) for every row asked after every event, for the
// next maxEvents events. README (Performance): recommend() 5.7 ms median right after a new event; issue #8 item 8
// (50,000 events with maxEvents: 10000).
import { test, expect } from '@playwright/test';
import { rowsAfterBurst, shimWorker, watchConsole } from './helpers.ts';

// Counts reads of the whole chunk store (getAll without a range) in the worker.
const COUNT = `(function(){var P=IDBObjectStore.prototype,ga=P.getAll;self.__fullReads=0;P.getAll=function(q){if(this.name==='chunks'&&q==null)self.__fullReads++;return ga.apply(this,arguments)};})();\n`;

test('maxEvents 10000 after a burst of 50,000: a row asked after each new event does not re-read the whole store', async ({ page }) => {
  test.setTimeout(180_000);
  const { pageErrors } = watchConsole(page);
  await shimWorker(page, COUNT);
  const { reads: fullReads, ms, median } = await rowsAfterBurst(page, { max: 10000, thousands: 50, counter: '__fullReads', storedWithin: 60_000 });
  console.log(JSON.stringify({ fullReads, rows: ms.length, ms, median }));
  // Each new event evicts one old one: the copy drops it, with no read of all 10,000.
  expect(fullReads).toBeLessThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});
