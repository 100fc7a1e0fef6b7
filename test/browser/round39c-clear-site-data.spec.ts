// The browser's "clear site data" while a page of the shop is open (CDP Storage.clearDataForOrigin, as the settings
// page, DevTools or a Clear-Site-Data header do it): IndexedDB's connections are closed under the worker and the
// database deleted, or localStorage emptied. What the visitor does afterwards is stored, each event once, nothing thrown.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string; events: number }> };
const burst = (page: Page, name: string, n: number) => page.evaluate(([name, n]) => {
  const c = (window as unknown as { clientele: Api }).clientele;
  for (let i = 0; i < n; i++) c.track(name, { i });
}, [name, n] as const);

for (const storageTypes of ['indexeddb', 'local_storage', 'all'])
test(`site data cleared (${storageTypes}) while the page is open: what follows is stored once, on this page and the next`, async ({ page, context }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await burst(page, 'Before', 100);
  await trackMarker(page, 'M1');
  await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes });
  await page.waitForTimeout(500);
  await burst(page, 'After', 100);
  await page.waitForTimeout(3000);
  const here = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    return { status: await c.status(), recs: (await c.recommend({ type: 'popular', limit: 4 })).length };
  });
  const ev = (await exported(page)).events;
  const after = eventsNamed(ev, 'After').map((e) => e.properties.i as number);
  await page.goto('/demo/fixtures/blank.html?next');
  await ready(page);
  await trackMarker(page, 'M2');
  const next = eventsNamed((await exported(page)).events, 'After').map((e) => e.properties.i as number);
  const r = { storage: here.status.storage, recs: here.recs, after: after.length, afterDistinct: new Set(after).size, next: next.length, nextDistinct: new Set(next).size };
  console.log('CLEARED', storageTypes, JSON.stringify(r), JSON.stringify(con.warnings));
  expect(r).toEqual({ storage: 'indexeddb', recs: 4, after: 100, afterDistinct: 100, next: 100, nextDistinct: 100 });
  expect(con.pageErrors).toEqual([]);
});
