// Round 39 (tester e), issue 8 item 5: "a bad config key is dropped with its message and the rest applies; a function
// where data is expected is refused for that key only and never poisons later init() calls". fuzz.spec throws
// functions at init() and checks only that nothing is thrown; hostile-callbacks covers a throwing getter. A function at
// the top level was refused with its message; one nested in a value was not: the page turned every nested function
// into `true` (the mark forward.callback needs), so `retention: { maxAgeDays() {} }` was told as "got true" and
// `autocapture: { dwell() {} }` became `dwell: true` with no message at all. Here each must be refused alone, with one
// message that names it and says it is a function; the rest of that config applies (a retention limit beside it), and
// so does a later init().
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';

type Api = { track(e: string, p?: object): void; init(c: object): void; status(): Promise<{ events: number } | null> };

const CASES: Array<[string, string, RegExp]> = [
  ['at the top level', `({ onLoad() {}, retention: { maxEvents: 300 } })`, /config\.onLoad .*a function/],
  ['nested, where a number is expected', `({ retention: { maxEvents: 300, maxAgeDays() {} } })`, /config\.retention\.maxAgeDays .*a function/],
  ['nested, where a boolean is expected', `({ retention: { maxEvents: 300 }, autocapture: { dwell() {} } })`, /config\.autocapture\.dwell .*a function/],
];

for (const [where, config, message] of CASES) test(`init() with a function value ${where}: refused alone with one message naming it; the rest applies, and so does a later init()`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  warnings.length = 0;
  const threw = await page.evaluate((config) => {
    try {
      (window as unknown as { clientele: Api }).clientele.init((0, eval)(config));
      return null;
    } catch (e) {
      return String(e);
    }
  }, config);
  expect(threw).toBeNull();
  // The rest of that config applies: after 500 events, at most 300 are stored.
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 500; i++) c.track('First Limit', { n: i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'First Limit').some((e) => e.properties.n === 499), { timeout: 15_000 }).toBe(true);
  const first = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.events ?? -1);
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(300);
  // A later, correct init() applies too.
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.init({ retention: { maxEvents: 100 } }));
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 200; i++) c.track('Second Limit', { n: i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Second Limit').some((e) => e.properties.n === 199), { timeout: 15_000 }).toBe(true);
  const second = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.events ?? -1);
  expect(second).toBeGreaterThan(0);
  expect(second).toBeLessThanOrEqual(100);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  expect(ours, ours.join('\n')).toHaveLength(1);
  expect(ours[0]).toMatch(message);
  expect(ours[0]).not.toMatch(/got true/);
  expect(pageErrors).toEqual([]);
});
