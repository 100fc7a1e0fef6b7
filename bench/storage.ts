// `npx tsx bench/storage.ts`: speed of the worker's store over fake-indexeddb in Node (real Chromium figures come
// from bench/browser.ts). Prints the figures and writes bench/results/storage-fake-idb.json. Figures, not pass/fail.
import 'fake-indexeddb/auto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawEvent } from '../src/contract/events.ts';
import { openStore } from '../worker/storage/db.ts';
import { summarize } from './stats.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const T0 = 1_700_000_000_000;
const OPTS = { sessionTimeoutMs: 30 * 60_000, now: T0 };
const RUNS = 5;

/** Events shaped like a shop's: views with product fields, adds, page views, a few orders. */
function makeEvents(prefix: string, n: number): RawEvent[] {
  return Array.from({ length: n }, (_, i) => {
    const p = `p${(i * 7919) % 2000}`;
    const kind = i % 10;
    const properties: Record<string, unknown> =
      kind < 5 ? { product_id: p, name: `Product ${p}`, price: (i % 90) + 0.99, category: `c${i % 20}`, url: `/p/${p}` }
      : kind < 7 ? { product_id: p, quantity: 1, price: (i % 90) + 0.99 }
      : kind < 9 ? { url: `/page/${i % 50}`, title: 'Shop' }
      : { order_id: `o${i}`, revenue: 42, products: [{ product_id: p, price: 9.99, quantity: 2 }, { product_id: `p${i % 300}`, price: 5 }] };
    const event = kind < 5 ? 'Product Viewed' : kind < 7 ? 'Product Added' : kind < 9 ? 'Page Viewed' : 'Order Completed';
    return { message_id: `${prefix}-${i}`, event, properties, timestamp: T0 + i * 20_000 };
  });
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

async function main() {
  let site = 0;
  const oneBatch: number[] = [];
  const retry: number[] = [];
  const small: number[] = [];
  const readAll: number[] = [];
  const retention: number[] = [];
  const exportAll: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const store = await openStore(`bench-${process.pid}-${site++}`);
    const events = makeEvents(`r${r}`, 10_000);
    const [ms, stored] = await time(() => store.putEvents(events, OPTS));
    if (stored !== 10_000) throw new Error(`stored ${stored} of 10000`);
    oneBatch.push(ms);
    const [msRetry, again] = await time(() => store.putEvents(events, OPTS));
    if (again !== 0) throw new Error(`retry stored ${again}`);
    retry.push(msRetry);
    readAll.push((await time(() => store.events()))[0]);
    exportAll.push((await time(() => store.exportAll()))[0]);
    const [msRet, evicted] = await time(() => store.enforceRetention({ maxAgeDays: 3650, maxEvents: 5_000, now: T0 }));
    if (evicted !== 5_000) throw new Error(`evicted ${evicted}`);
    retention.push(msRet);
    store.close();

    // The page posts small batches: 100 batches of 100.
    const tabs = await openStore(`bench-${process.pid}-${site++}`);
    const many = makeEvents(`s${r}`, 10_000);
    const [msSmall] = await time(async () => {
      for (let i = 0; i < many.length; i += 100) await tabs.putEvents(many.slice(i, i + 100), OPTS);
    });
    small.push(msSmall);
    tabs.close();
  }
  const rate = (msList: number[]) => Math.round(10_000 / (summarize(msList).median / 1000));
  const results = {
    date: new Date().toISOString(),
    backend: 'fake-indexeddb (Node)',
    node: process.version,
    runs: RUNS,
    put_10k_one_batch_ms: summarize(oneBatch),
    put_10k_one_batch_events_per_s: rate(oneBatch),
    put_10k_retry_all_duplicates_ms: summarize(retry),
    put_10k_in_100_batches_ms: summarize(small),
    put_10k_in_100_batches_events_per_s: rate(small),
    read_10k_ms: summarize(readAll),
    export_10k_ms: summarize(exportAll),
    evict_5k_of_10k_ms: summarize(retention),
  };
  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'storage-fake-idb.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log('wrote bench/results/storage-fake-idb.json');
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
