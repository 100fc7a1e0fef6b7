// round36a-db-missing-stores: a database of the site's name without all its stores is deleted and made again on
// NotFoundError, once per connection. Here two tabs open the damaged database at the same moment: can the second
// delete the database the first has just made again and stored acknowledged events in? No: a tab that meets
// NotFoundError on the damaged connection closes it and asks the delete in the same task, before the first tab's delete
// (blocked while that connection was open) can succeed, so its delete is queued before the first tab's open; a tab whose
// connection the first tab's delete closed (versionchange) gets InvalidStateError and opens the database made again.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void; status(): Promise<{ storage: string } | null> } };
const ALL: Record<string, IDBObjectStoreParameters> = {
  events: { keyPath: 'message_id' }, profile: {}, meta: {}, catalog: { keyPath: 'product_id' }, models: { keyPath: 'key' }, chunks: { keyPath: ['min_ts', 'id', 'count'] },
};

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

for (const stagger of [0, 40, 80, 150, 400]) {
  test(`two tabs open a database missing its stores ${stagger} ms apart: what each stored is there on the next page`, async ({ context }) => {
    await damagedDatabase(context, ['meta']);
    const tabs: Page[] = [await context.newPage(), await context.newPage()];
    const ws = tabs.map((t) => watchConsole(t));
    await Promise.all(tabs.map(async (t, i) => {
      await t.waitForTimeout(i * stagger);
      await t.goto('/demo/fixtures/blank.html');
      await ready(t);
      await t.evaluate((i) => { const c = (window as unknown as C).clientele; for (let n = 0; n < 200; n++) c.track(`Tab ${i}`, { n }); }, i);
    }));
    // Each tab's events acknowledged: read back through the tab that made them.
    for (const [i, t] of tabs.entries()) await expect.poll(async () => eventsNamed((await exported(t)).events, `Tab ${i}`).length, { timeout: 20_000 }).toBe(200);
    const storage = await Promise.all(tabs.map((t) => t.evaluate(() => (window as unknown as C).clientele.status().then((s) => s?.storage))));
    for (const t of tabs) await t.close();
    const next = await context.newPage();
    await next.goto('/demo/fixtures/blank.html');
    await ready(next);
    const x = await exported(next);
    const counts = [0, 1].map((i) => eventsNamed(x.events, `Tab ${i}`).length);
    console.log(JSON.stringify({ stagger, storage, counts, warnings: ws.map((w) => w.warnings) }));
    expect(storage).toEqual(['indexeddb', 'indexeddb']);
    expect(counts).toEqual([200, 200]);
    expect(ws.flatMap((w) => w.pageErrors)).toEqual([]);
  });
}
