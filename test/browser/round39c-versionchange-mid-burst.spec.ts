// Another tab opens the site's database at a newer version (a new build deployed while the visitor has a tab of the old
// one open) while this tab stores a burst: its connection gets versionchange and closes; the open after that finds a
// newer version than its own (VersionError) and opens it as it is.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; status(): Promise<{ storage: string }> };
const burst = (page: Page, name: string, from: number, n: number) => page.evaluate(([name, from, n]) => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let i = from; i < from + n; i++) c.track(name, { i });
}, [name, from, n] as const);

test('a newer version opened by another tab in the middle of a 3,000-event burst: each event is stored once, here and on the next page', async ({ page, context }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const other = await context.newPage();
  await other.goto('/demo/fixtures/blank.html?other');
  await burst(page, 'Burst', 0, 1500);
  // The other tab's newer build: an upgrade that adds a store of its own, then it keeps the database open a while.
  const upgraded = other.evaluate(() => new Promise<number>((resolve, reject) => {
    const probe = indexedDB.open('clientele:clientele-demo');
    probe.onsuccess = () => {
      const v = probe.result.version;
      probe.result.close();
      const r = indexedDB.open('clientele:clientele-demo', v + 1);
      r.onupgradeneeded = () => r.result.createObjectStore('newer');
      r.onsuccess = () => setTimeout(() => { r.result.close(); resolve(v + 1); }, 2000);
      r.onerror = () => reject(r.error);
    };
  }));
  await burst(page, 'Burst', 1500, 1500);
  const version = await upgraded;
  await page.waitForTimeout(1000);
  await trackMarker(page, 'M1', 60_000);
  const here = eventsNamed((await exported(page)).events, 'Burst').map((e) => e.properties.i as number);
  const storage = (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status())).storage;
  await page.goto('/demo/fixtures/blank.html?next');
  await ready(page);
  await trackMarker(page, 'M2', 60_000);
  const next = eventsNamed((await exported(page)).events, 'Burst').map((e) => e.properties.i as number);
  const r = { version, storage, here: here.length, hereDistinct: new Set(here).size, next: next.length, nextDistinct: new Set(next).size };
  console.log('VC', JSON.stringify(r), JSON.stringify(con.warnings.slice(0, 3)));
  expect(r).toEqual({ version, storage: 'indexeddb', here: 3000, hereDistinct: 3000, next: 3000, nextDistinct: 3000 });
  expect(con.pageErrors).toEqual([]);
});
