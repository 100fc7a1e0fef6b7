// Round 39 (tester e), issue 8 ("never lose an event, never break the page"; left "suspected, not shown" at stop 28:
// "Date.now() returning NaN"). The page wrote each op's time into the batch's JSON as it came from Date.now(): a page
// whose Date.now() gives NaN (a broken shim), a Date (a wrong polyfill: `Date.now = function () { return new Date() }`)
// or a string wrote `NaN` or `Thu Dec 03 ...` into the text, the worker could not read the batch and dropped it whole,
// with one message: every event was lost, and a forget() made then was lost too, so "delete my data" kept it. Each op's
// time must be a number whatever Date.now() gives.
import { test, expect, type Page } from '@playwright/test';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';

type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean> };

const CLOCKS: Record<string, string> = {
  NaN: 'Date.now = function () { return NaN; };',
  'a Date': 'Date.now = function () { return new Date(); };',
  'a string': "Date.now = function () { return 'now'; };",
};

const track = (page: Page, name: string, n: number) =>
  page.evaluate(([name, n]) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let i = 0; i < n; i++) c.track(name, { n: i });
  }, [name, n] as const);

async function once(page: Page, name: string, n: number) {
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout: 20_000 }).toBe(n);
  const s = eventsNamed((await exported(page)).events, name);
  return { stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, ids: new Set(s.map((e) => e.message_id)).size };
}

for (const [what, shim] of Object.entries(CLOCKS)) {
  test(`Date.now() gives ${what} from the start: 300 events and an identify() are stored`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await page.addInitScript(shim);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.identify('u-clock', { plan: 'gold' }));
    await track(page, 'Broken Clock', 300);
    expect(await once(page, 'Broken Clock', 300)).toEqual({ stored: 300, distinct: 300, ids: 300 });
    expect((await exported(page)).user_id).toBe('u-clock');
    expect(pageErrors).toEqual([]);
  });

  test(`Date.now() starts giving ${what} mid-visit: forget() still erases what came before, and later events are stored`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await track(page, 'Before Forget', 200);
    await once(page, 'Before Forget', 200);
    await page.evaluate((shim) => (0, eval)(shim), shim);
    const forgot = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget());
    await track(page, 'After Forget', 200);
    expect(await once(page, 'After Forget', 200)).toEqual({ stored: 200, distinct: 200, ids: 200 });
    expect({ forgot, before: eventsNamed((await exported(page)).events, 'Before Forget').length, pageErrors }).toEqual({ forgot: true, before: 0, pageErrors: [] });
  });
}
