// A damaged database (this build's version, no index) is deleted and made again (worker/storage/connection.ts run). A
// connection that does not step aside (a tab of other code under the name, devtools, an older build without a
// versionchange handler) holds that deletion, and the open asked after it waits behind it.
import { test, expect, type BrowserContext } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void; status(): Promise<{ storage: string } | null> } };

const ALL: Record<string, IDBObjectStoreParameters> = {
  events: { keyPath: 'message_id' }, profile: {}, meta: {}, catalog: { keyPath: 'product_id' }, models: { keyPath: 'key' }, chunks: { keyPath: ['min_ts', 'id', 'count'] },
};

async function damagedDatabase(context: BrowserContext): Promise<void> {
  const p = await context.newPage();
  await p.goto('/demo/fixtures/blank.html');
  await ready(p);
  await p.close();
  const b = await context.newPage();
  await b.goto('/demo/data/catalog.json');
  await b.evaluate((ALL) => new Promise<void>((resolve, reject) => {
    indexedDB.databases().then((list) => {
      const v = list.find((d) => d.name === 'clientele:default')!.version;
      const del = indexedDB.deleteDatabase('clientele:default');
      del.onsuccess = () => {
        const o = indexedDB.open('clientele:default', v);
        o.onupgradeneeded = () => { for (const s of Object.keys(ALL)) o.result.createObjectStore(s, ALL[s]); };
        o.onsuccess = () => { o.result.close(); resolve(); };
        o.onerror = () => reject(o.error);
      };
    }, reject);
  }), ALL);
  await b.close();
}

// Fixed in round 39 (was test.fail): the deletion, blocked by the holder, resolves deleteDatabase() at once (onblocked)
// and the open asked next waits behind it with no "blocked" of its own, so the write hangs. The page's hang check used
// to replace the worker after 15 s; the new one's open waited behind the deletion too, never heard "blocked", and
// after 3 tries of 2.5 s ran in memory for good with a message that blamed private browsing: let go, this page stayed
// in memory and its 300 events were never stored (seen: {"status":null,"statusMs":10133,"during":300,"next":0}). Now
// a worker silent for 13 s is pinged, and one that answers (it waits on storage, not stuck) is left to its wait
// (src/rpc.ts check; round39a-reads-behind-hung-write): let go, the remake happens and the events are stored. Seen:
// {"status":null,"statusMs":10006,"during":0,"next":300}. status() still gives its fallback (null) at 10 s meanwhile.
test('a damaged database held open by a connection that never steps aside: the page still answers, and stores once it is let go', async ({ context }) => {
  test.setTimeout(120_000);
  await damagedDatabase(context);
  const holder = await context.newPage();
  await holder.goto('/demo/data/catalog.json');
  await holder.evaluate(() => new Promise<void>((resolve) => {
    const o = indexedDB.open('clientele:default');
    o.onsuccess = () => { (window as unknown as { held: IDBDatabase }).held = o.result; resolve(); };
  }));
  const a = await context.newPage();
  const w = watchConsole(a);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => { const c = (window as unknown as C).clientele; for (let k = 0; k < 300; k++) c.track('Held', { n: k }); });
  const t0 = Date.now();
  const status = await a.evaluate(() => (window as unknown as C).clientele.status());
  const statusMs = Date.now() - t0;
  await a.waitForTimeout(20_000);
  const during = eventsNamed((await exported(a))?.events ?? [], 'Held').length;
  await holder.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close());
  await holder.close();
  await expect.poll(async () => eventsNamed((await exported(a))?.events ?? [], 'Held').length, { timeout: 30_000 }).toBe(300);
  await a.close();
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const next = eventsNamed((await exported(b)).events, 'Held').length;
  console.log(JSON.stringify({ status, statusMs, during, next, warnings: w.warnings, errors: w.pageErrors }));
  expect(next).toBe(300);
  expect(w.pageErrors).toEqual([]);
  // Since round 40c a write waiting over 8 s sets the engine 'waiting' (status() answers at 8 s, not null at 10 s), told
  // once; the exportData() made meanwhile says once why it answered null. Nothing else.
  expect(w.warnings.filter((m) => !/exportData\(\) waited/.test(m)).length).toBeLessThanOrEqual(1);
  expect(w.warnings.filter((m) => /exportData\(\) waited/.test(m)).length).toBeLessThanOrEqual(1);
});
