// A real quota just above use (CDP Storage.overrideQuotaForOrigin) in a shopper's own profile, not a private window.
// Measured in this Chromium (round 41a): a whole chunk of 1,000 events (over 64 KB) is kept as a file of its own, and
// deleting it gives its room back at once (navigator.storage.estimate() falls by its size); in a private window
// (Playwright's default context) nothing does, not even deleteDatabase(). A quota round was followed by another only
// once new events had made up its count, so new events bigger than the old waited on the page although old ones
// could go. The quota's room is measured again on the first write after the last connection closed (2 s on), so a
// page opened after that is held to it at once: no 30 s wait.
import { test, expect, chromium, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ready, exported, eventsNamed, paddedBurst, usage, watchConsole } from './helpers.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

type Api = { status(): Promise<{ events: number } | null> };
const stored = (page: Page) => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.events ?? -1);
const full = (warnings: string[]) => warnings.filter((w) => /storage is full/.test(w)).length;

/** The `i` of every event named `name` the page parked in localStorage when it was left: what waits. */
const parked = (page: Page, name: string) => page.evaluate((name) => {
  const out: number[] = [];
  for (const key of Object.keys(localStorage)) {
    if (!key.startsWith('clientele:')) continue;
    let ops: unknown;
    try { ops = JSON.parse(localStorage.getItem(key)!); } catch { continue; }
    if (Array.isArray(ops)) for (const op of ops) if (Array.isArray(op) && op[0] === 'e' && op[3] === name) out.push((op[4] as { i: number }).i);
  }
  return out;
}, name);

/**
 * A persistent profile whose origin holds `old` events of `pad` characters, then a quota `room` bytes above its use:
 * the page is left and the quota set once the database has closed, so the next page is held to it at once.
 */
async function fullProfile(baseURL: string, old: number, pad: number, room: number): Promise<{ ctx: BrowserContext; page: Page; done(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'r41a-quota-'));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs, baseURL });
  const done = async () => { await ctx.close(); rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }); };
  await ctx.route('**/r41a/away.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>away</title>' }));
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  if (old) {
    await paddedBurst(page, 'Old', old, pad);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Old').length, { timeout: 30_000 }).toBe(old);
  }
  // Leave, and let the database close (Chromium keeps it 2 s after its last connection).
  await page.goto('/r41a/away.html');
  await page.waitForTimeout(3000);
  const cdp = await ctx.newCDPSession(page);
  const origin = new URL(baseURL).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: (await usage(cdp, origin)) + room });
  return { ctx, page, done };
}

test('a quota just above use, new events bigger than the old: the oldest make room for every new one, none waits, across a reload', async ({ baseURL }) => {
  test.setTimeout(90_000);
  // 5,000 old events of ~170 B (chunks of ~170 KB), then 1,000 new ones of ~370 B: some three chunks' room.
  const { page, done } = await fullProfile(baseURL!, 5000, 100, 20_000);
  try {
    const con = watchConsole(page);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await paddedBurst(page, 'New', 1000, 300);
    // Stored: the store holds every event the export shows (none only waits on the page) and all 1,000 new ones.
    await expect.poll(async () => {
      const ev = (await exported(page)).events;
      return { New: eventsNamed(ev, 'New').length, waiting: ev.length - (await stored(page)) };
    }, { timeout: 20_000 }).toEqual({ New: 1000, waiting: 0 });
    await page.goto('/r41a/away.html');
    const waiting = (await parked(page, 'New')).length;
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.waitForTimeout(1500);
    const ev = (await exported(page)).events;
    const olds = eventsNamed(ev, 'Old').map((e) => e.properties.i as number);
    const news = eventsNamed(ev, 'New').map((e) => e.properties.i as number);
    const r = {
      waiting, old: olds.length, oldestGone: olds.every((i) => i >= 5000 - olds.length), new: news.length, newDistinct: new Set(news).size,
      ids: new Set(ev.map((e) => e.message_id)).size === ev.length, stored: (await stored(page)) === ev.length, messages: full(con.warnings),
    };
    console.log('ROOM', JSON.stringify(r));
    expect(r).toEqual({ ...r, waiting: 0, oldestGone: true, new: 1000, newDistinct: 1000, ids: true, stored: true });
    // Old events go for the new, the oldest first, and no more than the new ones needed: a round or two over.
    expect(r.old).toBeLessThan(5000);
    expect(r.old).toBeGreaterThanOrEqual(1000);
    // One message for the page that met the full quota (and none, or one, for the page after it).
    expect(r.messages).toBeGreaterThanOrEqual(1);
    expect(r.messages).toBeLessThanOrEqual(2);
    expect(con.pageErrors).toEqual([]);
  } finally {
    await done();
  }
});

test('a full quota with nothing old to evict: the events that wait on the page are in exportData(), and stored once when room comes', async ({ baseURL }) => {
  test.setTimeout(60_000);
  const { ctx, page, done } = await fullProfile(baseURL!, 0, 0, 20_000);
  try {
    const con = watchConsole(page);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await paddedBurst(page, 'Wait', 500, 300);
    await page.waitForTimeout(2500);
    const ev = (await exported(page)).events;
    const held = await stored(page);
    const r = { exported: eventsNamed(ev, 'Wait').length, distinct: new Set(eventsNamed(ev, 'Wait').map((e) => e.properties.i)).size, someWait: held < ev.length };
    console.log('WAITING', JSON.stringify({ ...r, held, total: ev.length }));
    // An owner's export holds every event tracked: the 500, stored or waiting.
    expect(r).toEqual({ exported: 500, distinct: 500, someWait: true });
    expect(full(con.warnings)).toBe(1);
    // Room comes: the next page stores what waited, once.
    const cdp = await ctx.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL!).origin });
    await page.reload();
    await ready(page);
    await expect.poll(async () => {
      const all = (await exported(page)).events;
      return { wait: eventsNamed(all, 'Wait').length, waiting: all.length - (await stored(page)) };
    }, { timeout: 20_000 }).toEqual({ wait: 500, waiting: 0 });
    expect(con.pageErrors).toEqual([]);
  } finally {
    await done();
  }
});
