// A damaged database (this build's version, its stores without their indexes) is deleted and made again, once
// (worker/storage/connection.ts run). Several tabs opening on it at once, each failing its first transactions with
// NotFoundError: every tab's events must be in the database the next page reads, none deleted by another tab's remake.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
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

const TABS = Number(process.env.RACE_TABS ?? 4);
const N = 200;

test(`${TABS} tabs opening at once on a damaged database: every event of every tab is stored once`, async ({ context }) => {
  test.setTimeout(120_000);
  await damagedDatabase(context);
  const tabs: Page[] = [];
  for (let i = 0; i < TABS; i++) tabs.push(await context.newPage());
  const watches = tabs.map((t) => watchConsole(t));
  // Every tab tracks before its worker is up, so each one's first writes meet the damaged database.
  await Promise.all(tabs.map(async (t, i) => {
    await t.goto('/demo/fixtures/blank.html', { waitUntil: 'commit' });
    await t.waitForFunction(() => Array.isArray((window as unknown as { clientele?: unknown }).clientele) || (window as unknown as { clientele?: unknown }).clientele);
    await t.evaluate(({ i, N }) => { const c = (window as unknown as C).clientele; for (let k = 0; k < N; k++) c.track(`Tab ${i}`, { n: k }); }, { i, N });
  }));
  await Promise.all(tabs.map((t) => ready(t)));
  const storage = await Promise.all(tabs.map((t) => t.evaluate(() => (window as unknown as C).clientele.status().then((s) => s?.storage))));
  // Each tab's own calls stored (exportData answers after the writes it received). On main, 1 run in 3 (4 tabs) lost
  // 2 tabs' events after they were stored: a tab deleted the database another tab had made again and written to.
  const own = async () => Promise.all(tabs.map(async (t, i) => eventsNamed((await exported(t))?.events ?? [], `Tab ${i}`).length));
  const deadline = Date.now() + 20_000;
  let mine = await own();
  while (mine.some((n) => n !== N) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1000)), (mine = await own());
  console.log(JSON.stringify({ storage, mine, warnings: watches.map((w) => w.warnings) }));
  expect(mine).toEqual(tabs.map(() => N));
  for (const t of tabs) await t.close();
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  const events = (await exported(next)).events;
  const counts = Array.from({ length: TABS }, (_, i) => eventsNamed(events, `Tab ${i}`).length);
  const ids = new Set(events.map((e) => (e as { message_id?: string }).message_id));
  console.log(JSON.stringify({ storage, counts, warnings: watches.map((w) => w.warnings) }));
  expect(storage).toEqual(tabs.map(() => 'indexeddb'));
  expect(counts).toEqual(tabs.map(() => N));
  expect(ids.size).toBe(events.length);
  expect(watches.flatMap((w) => w.pageErrors)).toEqual([]);
  expect(watches.flatMap((w) => w.warnings)).toEqual([]);
});
