// Round 38 (tester b): forget() then a reload at once, and the back-forward cache (on, as in shoppers' Chrome) with unsent calls and a forget() on the next page. All passed on main when written.
import { test, expect, type Page } from '@playwright/test';
import { burst, exported, eventsNamed, ready, watchConsole, type StoredEventLike } from './helpers.ts';
import { chromiumArgs, chromiumPath } from './chromium.ts';

// The back-forward cache on, as in every shopper's Chrome (Playwright turns it off).
test.use({ launchOptions: { executablePath: chromiumPath(), args: chromiumArgs, ignoreDefaultArgs: ['--disable-back-forward-cache'] } });

type Api = { track(e: string, p?: object): void; forget(): Promise<boolean>; exportData(): Promise<{ events: StoredEventLike[] } | null> };

type Flag = { __persisted?: boolean };
/**
 * Back to the page before, until Chromium restores it from the back-forward cache (at most 3 times): a page left while
 * its worker is writing is evicted when the next page's worker waits on that write (IgnoreEventAndEvict), which the
 * burst just before leaving makes a matter of timing. Each time it came back loaded afresh, forward and back again.
 */
async function backRestored(page: Page): Promise<boolean> {
  for (let tries = 1; ; tries++) {
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => (window as unknown as Flag).__persisted !== undefined);
    if ((await page.evaluate(() => (window as unknown as Flag).__persisted)) || tries === 3) return (await page.evaluate(() => (window as unknown as Flag).__persisted)) === true;
    await ready(page);
    // Its first pageshow said false: unset, so that the wait above reads the pageshow of the way back.
    await page.evaluate(() => delete (window as unknown as Flag).__persisted);
    await page.goForward({ waitUntil: 'commit' });
    await ready(page);
  }
}

async function named(page: Page, name: string, want: number) {
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout: 20_000 }).toBe(want).catch(() => undefined);
  const s = eventsNamed((await exported(page)).events, name);
  return { stored: s.length, ids: new Set(s.map((e) => e.message_id)).size };
}

for (const wait of [0, 30]) test(`forget() right after 500 calls, the page reloaded ${wait} ms later: none of them stored, what follows is`, async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'Stored Pre', 100);
  await named(page, 'Stored Pre', 100);
  await page.evaluate((wait) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let i = 0; i < 500; i++) c.track('Pre', { n: i });
    void c.forget();
    setTimeout(() => location.reload(), wait);
  }, wait);
  await page.waitForEvent('load');
  await ready(page);
  await burst(page, 'Post', 100);
  expect({ post: await named(page, 'Post', 100), pre: await named(page, 'Pre', 0), storedPre: await named(page, 'Stored Pre', 0), pageErrors }).toEqual({ post: { stored: 100, ids: 100 }, pre: { stored: 0, ids: 0 }, storedPre: { stored: 0, ids: 0 }, pageErrors: [] });
});

test('a page with 1,000 unsent calls goes into the back-forward cache, the next page forgets, back: none of the 1,000 is stored, later calls are', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.addInitScript(() => addEventListener('pageshow', (e) => ((window as unknown as { __persisted: boolean }).__persisted = (e as PageTransitionEvent).persisted)));
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'BF Pre', 1000);
  // Its first pageshow said false: unset, so that the wait below reads the pageshow of the way back.
  await page.evaluate(() => delete (window as unknown as { __persisted?: boolean }).__persisted);
  await page.goto('/demo/fixtures/blank.html?b');
  await ready(page);
  expect(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  const restored = await backRestored(page);
  await ready(page);
  await burst(page, 'BF Post', 100);
  expect(restored).toBe(true);
  expect({ post: await named(page, 'BF Post', 100), pre: await named(page, 'BF Pre', 0), pageErrors }).toEqual({ post: { stored: 100, ids: 100 }, pre: { stored: 0, ids: 0 }, pageErrors: [] });
});

test('back-forward cache: 2,000 unsent calls, another page, back, more calls: each stored once', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.addInitScript(() => addEventListener('pageshow', (e) => ((window as unknown as { __persisted: boolean }).__persisted = (e as PageTransitionEvent).persisted)));
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'BF A', 2000);
  // Its first pageshow said false: unset, so that the wait below reads the pageshow of the way back.
  await page.evaluate(() => delete (window as unknown as { __persisted?: boolean }).__persisted);
  await page.goto('/demo/fixtures/blank.html?b');
  await ready(page);
  await burst(page, 'BF B', 500);
  expect(await backRestored(page)).toBe(true);
  await ready(page);
  await burst(page, 'BF C', 500);
  const want = { stored: 0, ids: 0 };
  expect({ a: await named(page, 'BF A', 2000), b: await named(page, 'BF B', 500), c: await named(page, 'BF C', 500), pageErrors }).toEqual({ a: { ...want, stored: 2000, ids: 2000 }, b: { stored: 500, ids: 500 }, c: { stored: 500, ids: 500 }, pageErrors: [] });
});
