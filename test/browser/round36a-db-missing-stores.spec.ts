// A database of the site's name, at this build's version, whose object stores or indexes are not all there (made by
// other code under the same name, a pre-release build's schema, a damaged profile): every transaction failed with
// NotFoundError, so every page of the visitor ran in memory for good and remembered nothing from one page to the next
// (only 'meta' there), or stored nothing at all, exportData() null (no 'chunks' store, or no index).
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void; status(): Promise<{ storage: string } | null> } };

/** The stores of this build's schema, with their keys and no index. */
const ALL: Record<string, IDBObjectStoreParameters> = {
  events: { keyPath: 'message_id' }, profile: {}, meta: {}, catalog: { keyPath: 'product_id' }, models: { keyPath: 'key' }, chunks: { keyPath: ['min_ts', 'id', 'count'] },
};

/** Leaves `clientele:default` at the version this build opens, holding only the stores `keep` names, with no index. */
async function damagedDatabase(context: BrowserContext, keep: string[]): Promise<void> {
  const p = await context.newPage();
  await p.goto('/demo/fixtures/blank.html');
  await ready(p);
  await p.close();
  const b = await context.newPage();
  await b.goto('/demo/data/catalog.json');
  await b.evaluate(({ keep, ALL }) => new Promise<void>((resolve, reject) => {
    indexedDB.databases().then((list) => {
      const v = list.find((d) => d.name === 'clientele:default')!.version;
      const del = indexedDB.deleteDatabase('clientele:default');
      del.onsuccess = () => {
        const o = indexedDB.open('clientele:default', v);
        o.onupgradeneeded = () => { for (const s of keep) o.result.createObjectStore(s, ALL[s]); };
        o.onsuccess = () => { o.result.close(); resolve(); };
        o.onerror = () => reject(o.error);
      };
    }, reject);
  }), { keep, ALL });
  await b.close();
}

async function trackAndStore(page: Page, name: string, n: number): Promise<void> {
  await page.evaluate(({ name, n }) => { const c = (window as unknown as C).clientele; for (let i = 0; i < n; i++) c.track(name, { n: i }); }, { name, n });
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout: 20_000 }).toBe(n);
}

for (const keep of [['meta'], ['events', 'profile', 'meta', 'catalog', 'models'], Object.keys(ALL)]) {
  test(`stores or indexes missing (${keep.length} stores, no index): the database is made again, and the next page reads what this one stored`, async ({ context }) => {
    await damagedDatabase(context, keep);
    const a = await context.newPage();
    const w = watchConsole(a);
    await a.goto('/demo/fixtures/blank.html');
    await ready(a);
    await trackAndStore(a, 'First Page', 300);
    const storage = (await a.evaluate(() => (window as unknown as C).clientele.status()))?.storage;
    await a.close();
    const b = await context.newPage();
    await b.goto('/demo/fixtures/blank.html');
    await ready(b);
    await trackAndStore(b, 'Second Page', 10);
    const first = eventsNamed((await exported(b)).events, 'First Page');
    console.log(JSON.stringify({ storage, first: first.length, warnings: w.warnings }));
    expect(storage).toBe('indexeddb');
    expect(first.length).toBe(300);
    expect(new Set(first.map((e) => e.properties.n)).size).toBe(300);
    expect(w.pageErrors).toEqual([]);
    expect(w.warnings).toEqual([]);
  });
}
