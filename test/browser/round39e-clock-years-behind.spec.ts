// Round 39 (tester e), issue 8 ("never lose an event"): a page whose Date.now() runs years behind the worker's clock
// (fake timers left on a page: sinon's useFakeTimers() starts at 0; a page shim that sets the clock back) dates every
// call before the age limit (retention.maxAgeDays, 400 by default), and the worker, which applies the limit by its own
// clock, stores none of them, with no message at all: 0 of 100 stored, the console silent. The worker cannot tell
// such a call from a parked one that is really that old (parked calls keep their time), so the fix is not obvious:
// the page could date its calls by the performance clock when Date.now() is that far from it, or the worker could say
// once that it refused events past the age limit. It says so since round 39 (one message naming
// config.retention.maxAgeDays and the page's clock): the events are still not kept, as the age limit says.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';

for (const [what, base] of [['at 0 (fake timers)', '0'], ['three years behind', 'd() - 3 * 365 * 86400e3']] as const) {
  test(`the page's Date.now() ${what}: 100 events are stored, or the page is told why not`, async ({ page }) => {
    const { warnings, pageErrors } = watchConsole(page);
    await page.addInitScript(`(function(){var d=Date.now,s=d(),b=${base};Date.now=function(){return b+(d()-s)}})();`);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => { const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele; for (let i = 0; i < 100; i++) c.track('Clock Behind', { n: i }); });
    await page.waitForTimeout(3000);
    const stored = eventsNamed((await exported(page)).events, 'Clock Behind').length;
    const told = warnings.filter((w) => w.startsWith('[clientele]') && /clock|age|maxAgeDays|old/i.test(w)).length;
    expect(pageErrors).toEqual([]);
    expect(stored === 100 || told === 1, `stored ${stored} of 100, ${told} messages (one is said, not one per call)`).toBe(true);
  });
}
