// Cookies and site data blocked in the browser's settings (Chromium's content setting, as a shopper or a policy sets
// it): localStorage and IndexedDB throw SecurityError in the page and in the worker.
import { test, expect, chromium, type BrowserContext } from '@playwright/test';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumPath } from './chromium.ts';
import { ready, watchConsole } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]>; segments(): Promise<unknown>; status(): Promise<{ storage: string; events: number }>; exportData(): Promise<{ events: { event: string }[] } | null>; forget(): Promise<boolean> };

async function blockedContext(baseURL: string): Promise<{ ctx: BrowserContext; done(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'r38d-blocked-'));
  mkdirSync(join(dir, 'Default'), { recursive: true });
  writeFileSync(join(dir, 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }));
  const ctx = await chromium.launchPersistentContext(dir, { executablePath: chromiumPath(), args: chromiumArgs, baseURL });
  return { ctx, done: async () => { await ctx.close(); rmSync(dir, { recursive: true, force: true }); } };
}

test('site data blocked: ready, storage "memory", rows render, recommend(), segments(), exportData() and forget() answer, nothing thrown', async ({ baseURL }) => {
  const { ctx, done } = await blockedContext(baseURL!);
  try {
    const page = ctx.pages()[0] ?? (await ctx.newPage());
    const con = watchConsole(page);
    await page.goto('/demo/index.html');
    const blocked = await page.evaluate(() => { try { localStorage.length; return false; } catch (e) { return (e as Error).name; } });
    console.log('BLOCKED', blocked);
    expect(blocked).toBe('SecurityError');
    await ready(page);
    await expect(page.locator('[data-clientele-widget-item]').first()).toBeVisible();
    const r = await page.evaluate(async () => {
      const c = (window as unknown as { clientele: Api }).clientele;
      for (let i = 0; i < 20; i++) c.track('Blocked', { i });
      const st = await c.status();
      const ex = await c.exportData();
      return { storage: st.storage, recs: (await c.recommend({ type: 'popular', limit: 4 })).length, seg: !!(await c.segments()), exported: ex?.events.filter((e) => e.event === 'Blocked').length, forgot: await c.forget() };
    });
    console.log('R', JSON.stringify(r), JSON.stringify(con));
    expect(r).toEqual({ storage: 'memory', recs: 4, seg: true, exported: 20, forgot: true });
    expect(con.pageErrors).toEqual([]);
    // Leaving the page parks nothing (localStorage throws) and throws nothing.
    await page.goto('/demo/index.html');
    await ready(page);
    expect(con.pageErrors).toEqual([]);
  } finally {
    await done();
  }
});

const refuseWrites = () => {
  Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
};

/** Tracks 200 'Refused' events, reloads at once (before the first batch leaves, 1 s on), tracks 5 'Next' events. */
async function leaveAtOnce(page: import('@playwright/test').Page) {
  await page.addInitScript(refuseWrites);
  await page.goto('/demo/index.html');
  await ready(page);
  // Left in the same task as the calls: none can have been sent (a reload() from here came late enough on a loaded
  // machine for the first batch to go).
  await Promise.all([page.waitForEvent('load'), page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 200; i++) c.track('Refused', { i }); location.reload(); })]);
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 5; i++) c.track('Next', { i }); });
  await page.waitForTimeout(2500);
  return page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const ex = await c.exportData();
    return { refused: ex?.events.filter((e) => e.event === 'Refused').length, next: ex?.events.filter((e) => e.event === 'Next').length, recs: (await c.recommend({ type: 'popular', limit: 4 })).length };
  });
}

test('localStorage that reads but refuses every write (full with the shop\'s own data, or wrapped): nothing thrown, the next page stores and ranks', async ({ page }) => {
  const con = watchConsole(page);
  const r = await leaveAtOnce(page);
  expect(r.next).toBe(5);
  expect(r.recs).toBe(4);
  // The 200 calls of the page left at once have nowhere to park (every Storage write refused, sessionStorage too): most
  // runs store none, some store the batch the page sent as it left. Never one twice. (A test.fail until round 39, which
  // passed on loaded machines: the README says this limit.)
  expect(r.refused).toBeLessThanOrEqual(200);
  expect(con.pageErrors).toEqual([]);
});
