// A page whose document always says it is visible (extensions that keep sites from seeing tab switches, "Always
// Active Window" and the like, redefine visibilityState and hidden): closing it fires pagehide, which parked the calls
// not yet stored, then visibilitychange, which the outbox read as the page coming back and so removed what it had just
// parked. Every call not yet stored was lost (seen in round36a-chaos: 185 to 477 events a tab).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, closeTab, openReady } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void } };

for (const how of ['close', 'reload']) test(`always visible: 300 calls made just before a ${how} are stored by the next page`, async ({ context }) => {
  const a = await context.newPage();
  await a.addInitScript(() => {
    Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => 'visible' });
    Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => false });
  });
  const w = watchConsole(a);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => { const c = (window as unknown as C).clientele; for (let i = 0; i < 300; i++) c.track('Visible', { n: i }); });
  if (how === 'close') await closeTab(a);
  else await a.reload();
  const b = how === 'close' ? await openReady(context) : a;
  if (how === 'reload') await ready(b);
  await b.evaluate(() => (window as unknown as C).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(b)).events, 'Marker').length, { timeout: 20_000 }).toBe(1);
  await b.waitForTimeout(1500);
  const ns = eventsNamed((await exported(b)).events, 'Visible').map((e) => e.properties.n);
  expect(ns.length).toBe(300);
  expect(new Set(ns).size).toBe(300);
  expect(w.pageErrors).toEqual([]);
});
