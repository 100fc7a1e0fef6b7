// Round 38 (tester C; fixed by the lead). Issue #8: "a bad config key is dropped with one clear console message (naming
// the key, the value and the fix)". src/client.ts warn() keeps at most ~200 distinct messages per page, and one hostile
// call spent them: init(window) (a page passing the wrong variable) gave one message per window key that is not plain
// data or not a setting (201 in Chromium), and from then on a bad track() or a misspelt config key was dropped in
// silence for the page's life. Now a call tells three dropped keys one by one and the rest in one message (page and
// worker alike): 8 messages for init(window).
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

for (const hostile of [false, true]) test(`${hostile ? 'after init(window)' : 'control: after init({})'}, a later bad track() and a bad config key still get their message`, async ({ page }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate((hostile) => (window as unknown as { clientele: { init(c: unknown): void } }).clientele.init(hostile ? window : {}), hostile);
  await page.waitForTimeout(2000);
  const before = con.warnings.length;
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { init(c: unknown): void; track(e: unknown): void } }).clientele;
    c.track(42);
    c.init({ sessionTimeoutMinutes: 'ten' });
  });
  await expect.poll(() => con.warnings.slice(before).filter((w) => /track\(event\)|sessionTimeoutMinutes/.test(w)).length, { timeout: 8000 }).toBe(2);
});
