// A real quota (CDP Storage.overrideQuotaForOrigin), not an injected error. Chromium's IndexedDB checks a write against
// the room it last measured (refreshed every ~30 s), and deleting records gives no room back until its files are
// compacted, minutes later or at the next start: a delete even costs room. Evicting the oldest events on every quota
// error then frees nothing, and a store that kept evicting lost its whole history while storing none of the new events.
import { test, expect, type Page } from '@playwright/test';
import { paddedBurst, usage, ready, exported, eventsNamed, watchConsole, trackMarker, demoCatalog } from './helpers.ts';

test.setTimeout(240_000);
type Api = { track(e: string, p?: object): void };

/** The `i` of every event named `name` the page parked in localStorage when it was left. */
const parkedIndexes = (page: Page, name: string) => page.evaluate((name) => {
  const out: number[] = [];
  for (let k = 0; k < localStorage.length; k++) {
    const key = localStorage.key(k)!;
    if (!key.startsWith('clientele:')) continue;
    let ops: unknown;
    try { ops = JSON.parse(localStorage.getItem(key)!); } catch { continue; }
    if (!Array.isArray(ops)) continue;
    for (const op of ops) if (Array.isArray(op) && op[0] === 'e' && (op[1] === name || op[3] === name)) out.push((op[4] as { i: number }).i);
  }
  return out;
}, name);

test('quota lowered mid-visit to just above use: at most one round of the oldest events goes, every new event is stored or kept on the page', async ({ page, context }) => {
  const con = watchConsole(page);
  await page.route('**/r38d/away.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>away</title>' }));
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await paddedBurst(page, 'Old', 3000, 200);
  await trackMarker(page, 'M1');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 50_000 });
  // Chromium's IndexedDB measures the room left at most every ~30 s.
  await page.waitForTimeout(31_000);
  await paddedBurst(page, 'New', 3000, 200);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('M2', {}));
  await page.waitForTimeout(12_000);
  const ev = (await exported(page)).events;
  const olds = eventsNamed(ev, 'Old').map((e) => e.properties.i as number);
  const stored = eventsNamed(ev, 'New').map((e) => e.properties.i as number);
  await page.goto('/r38d/away.html');
  const parked = await parkedIndexes(page, 'New');
  const kept = new Set([...stored, ...parked]);
  const r = { olds: olds.length, oldsNewest: olds.every((i) => i >= 3000 - olds.length), stored: stored.length, parked: parked.length, kept: kept.size, dupStored: stored.length - new Set(stored).size };
  console.log('QUOTA', JSON.stringify(r), await usage(cdp, origin));
  // One round of eviction (10% of the events, whole chunks of up to 1,000) at most: it gave no room.
  expect(r).toEqual({ ...r, oldsNewest: true, kept: 3000, dupStored: 0 });
  expect(r.olds).toBeGreaterThanOrEqual(2000);
  expect(con.pageErrors).toEqual([]);
  expect(con.warnings.filter((w) => /storage is full/.test(w)).length).toBe(1);
});

test('a first visit on a quota of a few KB: ready, rows render from the feed and the model, recommend() and segments() answer, one message', async ({ page, context }) => {
  const con = watchConsole(page);
  const cdp = await context.newCDPSession(page);
  await page.goto('/demo/fixtures/blank.html?none');
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 8_000 });
  await page.goto('/demo/index.html');
  await ready(page);
  await expect(page.locator('[data-clientele-widget-item]').first()).toBeVisible();
  await paddedBurst(page, 'Few', 50, 20);
  await page.waitForTimeout(3000);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]>; segments(): Promise<unknown>; status(): Promise<unknown>; exportData(): Promise<{ events: unknown[] } | null> } }).clientele;
    return { recs: (await c.recommend({ type: 'popular', limit: 4 })).length, seg: !!(await c.segments()), status: await c.status(), exported: (await c.exportData())?.events.length };
  });
  console.log('FIRST', JSON.stringify(r), await usage(cdp, origin));
  expect(r.recs).toBe(4);
  expect(r.seg).toBe(true);
  expect(con.pageErrors).toEqual([]);
  // Chromium measures the room left at most every ~30 s, so the first refusal may come late on a loaded machine (it
  // had not come 3 s on in one CI run): waited for, then exactly one.
  await expect.poll(() => con.warnings.filter((w) => /storage is full/.test(w)).length, { timeout: 40_000 }).toBeGreaterThan(0);
  expect(con.warnings.filter((w) => /storage is full/.test(w)).length).toBe(1);
});

test('two tabs tracking when the quota fills, then forget() in one: erased everywhere, nothing thrown, no event twice', async ({ context }) => {
  const a = await context.newPage();
  const b = await context.newPage();
  const ca = watchConsole(a), cb = watchConsole(b);
  await a.goto('/demo/fixtures/blank.html');
  await b.goto('/demo/fixtures/blank.html');
  await ready(a);
  await ready(b);
  const cdp = await context.newCDPSession(a);
  const origin = new URL(a.url()).origin;
  await paddedBurst(a, 'Old', 5000, 200);
  await trackMarker(a, 'M1');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 30_000 });
  await a.waitForTimeout(31_000);
  await Promise.all([paddedBurst(a, 'NewA', 1500, 200), paddedBurst(b, 'NewB', 1500, 200)]);
  await a.waitForTimeout(5000);
  const mid = (await exported(b)).events;
  const ids = mid.map((e) => e.message_id);
  console.log('TABS', JSON.stringify({ old: eventsNamed(mid, 'Old').length, a: eventsNamed(mid, 'NewA').length, b: eventsNamed(mid, 'NewB').length }));
  expect(new Set(ids).size).toBe(ids.length);
  expect(eventsNamed(mid, 'Old').length).toBeGreaterThanOrEqual(4000);
  const before = (await exported(a)).anonymous_id;
  const forgot = await a.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget());
  expect(forgot).toBe(true);
  await a.waitForTimeout(2000);
  for (const p of [a, b]) {
    const ex = await exported(p);
    console.log('AFTER', JSON.stringify({ n: ex.events.length, names: [...new Set(ex.events.map((e) => e.event))], same: ex.anonymous_id === before }));
    expect(ex.events.filter((e) => /^(Old|NewA|NewB|M1)$/.test(e.event))).toEqual([]);
    expect(ex.anonymous_id).not.toBe(before);
  }
  expect(ca.pageErrors.concat(cb.pageErrors)).toEqual([]);
  expect(ca.warnings.filter((w) => /storage is full/.test(w)).length).toBeLessThanOrEqual(1);
  expect(cb.warnings.filter((w) => /storage is full/.test(w)).length).toBeLessThanOrEqual(1);
  // Nothing erased comes back on the next page.
  await a.reload();
  await ready(a);
  await a.waitForTimeout(2000);
  expect((await exported(a)).events.filter((e) => /^(Old|NewA|NewB|M1)$/.test(e.event))).toEqual([]);
});

// Failed until round 39 (test.fail): on a quota that gives no room back, the events that do not fit wait on the page
// (parked when it closes, stored by a later page with room) but this page's reads never saw them: the products viewed
// after the quota filled were not in "recently viewed", nor in for-you or segments, for the rest of the visit. The
// worker now keeps the events the quota refused until they are stored, and reads them beside the store.
test('a full quota mid-visit: the products viewed after it are in this page\'s "recently viewed"', async ({ page, context }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await paddedBurst(page, 'Old', 1000, 200);
  await trackMarker(page, 'M1');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 20_000 });
  await page.waitForTimeout(31_000);
  // Fill what is left of the room, then view four products.
  await paddedBurst(page, 'Filler', 500, 200);
  await page.waitForTimeout(3000);
  // Four: the last is the product on screen, which no row shows (rowRules onScreen).
  const ids = demoCatalog().slice(10, 14).map((p) => p.product_id);
  await page.evaluate((ids) => { const c = (window as unknown as { clientele: Api }).clientele; for (const id of ids) c.track('Product Viewed', { product_id: id }); }, ids);
  await page.waitForTimeout(2500);
  const recent = await page.evaluate(async () => (await (window as unknown as { clientele: { recommend(r: object): Promise<Array<{ item: { product_id: string } }>> } }).clientele.recommend({ type: 'recently-viewed', limit: 10 })).map((r) => r.item.product_id));
  console.log('RECENT', JSON.stringify(recent), JSON.stringify(ids));
  expect(recent).toEqual(expect.arrayContaining(ids.slice(0, 3)));
  // And they are the visitor's: forget() takes them from the rows too.
  const after = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { forget(): Promise<boolean>; recommend(r: object): Promise<unknown[]> } }).clientele;
    return [await c.forget(), (await c.recommend({ type: 'recently-viewed', limit: 10 })).length];
  });
  expect(after).toEqual([true, 0]);
});

test('a full quota over three pages, then room: the waiting events are parked once each time, never multiply, and are stored once when room comes', async ({ page, context }) => {
  test.setTimeout(240_000);
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const cdp = await context.newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await paddedBurst(page, 'Old', 1000, 200);
  await trackMarker(page, 'M1');
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + 20_000 });
  await page.waitForTimeout(31_000);
  await paddedBurst(page, 'Waiting', 2000, 200);
  await page.waitForTimeout(2500);
  const sizes: number[] = [];
  for (let i = 0; i < 3; i++) {
    await page.reload();
    await ready(page);
    await page.waitForTimeout(2500);
    sizes.push(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:')).reduce((n, k) => n + localStorage.getItem(k)!.length, 0)));
  }
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
  await page.reload();
  await ready(page);
  await trackMarker(page, 'Room', 90_000);
  const ev = eventsNamed((await exported(page)).events, 'Waiting');
  const is = ev.map((e) => e.properties.i as number);
  console.log('PAGES', JSON.stringify({ sizes, stored: ev.length, distinct: new Set(is).size }));
  // What is parked holds the waiting events once, not once more per page.
  expect(Math.max(...sizes)).toBeLessThan(2000 * 400);
  expect({ stored: ev.length, distinct: new Set(is).size }).toEqual({ stored: 2000, distinct: 2000 });
  expect(con.pageErrors).toEqual([]);
});
