// Round 35 (tester A). Issue "Never lose an event, never break the page": a localStorage whose methods throw. Firefox
// throws NS_ERROR_FILE_CORRUPTED (or NS_ERROR_STORAGE_BUSY) from localStorage's methods when its profile's storage is
// damaged, with window.localStorage itself readable; a page's own Storage.prototype wrapper (a consent tool, a
// namespacing shim) can throw likewise. The outbox read localStorage outside any try in four places: listing the
// parked keys (Storage.key / length) as the worker starts, taking a parked chunk over (getItem, removeItem, in a
// timer), removing its stale chunks on park and on coming back, and deleting parked chunks in forget().
// Observed before the fix, the page before having parked 100 events on leaving:
// - key() or length throwing: "clientele-worker.js did not start", ready() false, 0 of this page's 200 events stored;
// - getItem() or removeItem() throwing: the error thrown into the page (a pageerror) from the take-over's timer;
// - removeItem() throwing: forget() resolved false and erased nothing (clearParked threw before the erase was queued).
// Expected: the page's own calls stored, nothing thrown into the page, forget() erases.
import { test, expect, type BrowserContext } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const BROKEN: Record<string, () => void> = {
  'key()': () => { Storage.prototype.key = function () { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); }; },
  length: () => { Object.defineProperty(Storage.prototype, 'length', { configurable: true, get() { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); } }); },
  'getItem()': () => { Storage.prototype.getItem = function () { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); }; },
  'removeItem()': () => { Storage.prototype.removeItem = function () { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); }; },
  'every method': () => {
    for (const m of ['getItem', 'setItem', 'removeItem', 'key', 'clear']) (Storage.prototype as any)[m] = function () { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); };
    Object.defineProperty(Storage.prototype, 'length', { configurable: true, get() { throw new DOMException('corrupted', 'NS_ERROR_FILE_CORRUPTED'); } });
  },
};

/** A page of the site leaves 100 events parked (its worker never stored them: it was slow to start). */
async function parkHundred(context: BrowserContext) {
  const first = await context.newPage();
  await first.goto('/demo/fixtures/blank.html');
  await ready(first);
  await first.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 100; i++) c.track('Parked', { i }); });
  await first.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
}

for (const [name, broken] of Object.entries(BROKEN)) {
  test(`localStorage whose ${name} throws: this page's calls are stored, nothing is thrown into the page, forget() erases`, async ({ context }) => {
    test.setTimeout(90_000);
    await parkHundred(context);
    const page = await context.newPage();
    const { pageErrors } = watchConsole(page);
    await page.addInitScript(broken);
    await page.goto('/demo/fixtures/blank.html');
    await page.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 100; i++) c.track('Early', { i }); });
    const started = await page.waitForFunction(() => (window as any).clientele?.__real === true).then(() => page.evaluate(() => (window as any).clientele.ready()));
    await page.evaluate(() => { const c = (window as any).clientele; for (let i = 0; i < 100; i++) c.track('Later', { i }); c.track('Marker', {}); });
    await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'Marker').length, { timeout: 20_000 }).toBe(1).catch(() => undefined);
    const ev = (await exported(page))?.events ?? [];
    const forgot = await page.evaluate(() => (window as any).clientele.forget());
    const after = (await exported(page))?.events.length ?? null;
    // The page is left: its park meets the broken storage too.
    await page.evaluate(() => (window as any).clientele.track('At Leave', {}));
    await page.close({ runBeforeUnload: true });
    expect({ started, early: eventsNamed(ev, 'Early').length, later: eventsNamed(ev, 'Later').length, forgot, after, errors: pageErrors })
      .toEqual({ started: true, early: 100, later: 100, forgot: true, after: 0, errors: [] });
    // What the page before parked can be read where getItem() works: stored once.
    if (name === 'removeItem()' || name === 'key()' || name === 'length') expect(eventsNamed(ev, 'Parked').length).toBe(name === 'removeItem()' ? 100 : 0);
  });
}
