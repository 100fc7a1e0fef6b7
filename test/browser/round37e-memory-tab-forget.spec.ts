// forget() in a tab whose worker has no usable IndexedDB (it runs in memory: storage blocked there, an open that
// failed three times, a transaction that failed twice) erased only that tab's memory: every other tab's worker took the
// mark as "IndexedDB was erased by the tab that forgot" (noteErasure), so all the visitor's history, profile and user
// id stayed in IndexedDB, exportData() returned it, and forget() resolved true. Found by round37e-chaos-privacy (seed 7).
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void; identify(u: string): void; forget(): Promise<boolean>; status(): Promise<{ storage: string }> } };
const NOIDB = `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;F.open=function(){throw new DOMException('no','InvalidStateError')};})();\n`;

async function storedTab(context: BrowserContext): Promise<Page> {
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => { const c = (window as unknown as C).clientele; c.identify('u-before'); for (let i = 0; i < 20; i++) c.track('Before', { n: i }); });
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Before').length).toBe(20);
  return a;
}

async function memoryTabForgets(context: BrowserContext): Promise<{ ok: boolean; storage: string; warnings: string[]; errors: string[] }> {
  const b = await context.newPage();
  const w = watchConsole(b);
  await b.route('**/dist/clientele-worker.js', async (route) => { const res = await route.fetch(); await route.fulfill({ response: res, body: NOIDB + (await res.text()) }); });
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const storage = (await b.evaluate(() => (window as unknown as C).clientele.status())).storage;
  const ok = await b.evaluate(() => (window as unknown as C).clientele.forget());
  await b.evaluate(() => (window as unknown as C).clientele.track('After', {}));
  await b.waitForTimeout(1000);
  return { ok, storage, warnings: w.warnings, errors: w.pageErrors };
}

test('forget() in a tab running in memory erases what another open tab stored in IndexedDB', async ({ context }) => {
  const a = await storedTab(context);
  const r = await memoryTabForgets(context);
  await a.evaluate(() => (window as unknown as C).clientele.track('Later', {}));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Later').length).toBe(1);
  const left = await exported(a);
  console.log(JSON.stringify({ ...r, before: eventsNamed(left.events, 'Before').length, user: left.user_id }));
  expect(r.storage).toBe('memory');
  expect(r.ok).toBe(true);
  expect(eventsNamed(left.events, 'Before')).toHaveLength(0);
  expect(left.user_id).not.toBe('u-before');
  expect(r.errors).toEqual([]);
});

test('forget() in a tab running in memory, the only tab open: the next page finds nothing from before it', async ({ context }) => {
  const a = await storedTab(context);
  await a.close();
  const r = await memoryTabForgets(context);
  const c = await context.newPage();
  await c.goto('/demo/fixtures/blank.html');
  await ready(c);
  await c.evaluate(() => (window as unknown as C).clientele.track('Later', {}));
  await expect.poll(async () => eventsNamed((await exported(c)).events, 'Later').length).toBe(1);
  const left = await exported(c);
  console.log(JSON.stringify({ ...r, before: eventsNamed(left.events, 'Before').length, user: left.user_id }));
  expect(eventsNamed(left.events, 'Before')).toHaveLength(0);
  expect(left.user_id).not.toBe('u-before');
  expect(r.errors).toEqual([]);
});
