// Round 39 (tester D). Issue #8: nothing may throw into the page, and nothing accepted may be lost. A hostile page's
// clocks and promises: a Date.now the page replaced (a mock half set up, a fake-timers library's bug) that throws or
// answers NaN, a performance object it removed (an old webview, a privacy extension, a test harness), a
// Promise.prototype.then broken for a moment, a navigator.locks getter that throws. IndexedDB and the worker (its own
// realm, its own clocks) are intact, so every event can be stored. Before-fix results are in each test's comment.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
type C = Record<string, (...a: unknown[]) => unknown>;
/** Records what escapes into the page (uncaught errors, unhandled rejections) from before any script runs. */
const CATCH = `window.__escaped = [];
addEventListener('unhandledrejection', (e) => { let s = '?'; try { s = String(e.reason && e.reason.stack || e.reason); } catch (x) {} __escaped.push('rejection: ' + s.slice(0, 300)); });
addEventListener('error', (e) => __escaped.push('error: ' + e.message + ' ' + e.filename));`;

/**
 * A shop page with `hostile` run before the snippet (or, `late`, after the call queued in it), one call queued in the
 * snippet, and the script tag.
 */
async function open(page: Page, hostile: string, late = false) {
  await page.route('**/hostile39d/shop.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>shop</title><script>${CATCH}</script><script>${late ? '' : hostile}</script><script>${SNIPPET}</script>
<script>clientele.track('Queued Before', { n: 1 })</script><script>${late ? hostile : ''}</script>
<script async src="/dist/clientele.js" data-autocapture="false" data-catalog-url="/demo/data/catalog.json"></script><body><div id=row></div></body>`,
  }));
  await page.goto('/hostile39d/shop.html');
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
}
const escaped = (page: Page) => page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped);
/** Tracks 3 events after `code` ran, and counts each event name stored (polls up to 15 s for `want` of them). */
async function trackAndCount(page: Page, code = '', want = 4): Promise<Record<string, number>> {
  await page.evaluate((code) => {
    (0, eval)(code);
    const c = (window as unknown as { clientele: C }).clientele;
    for (let i = 0; i < 3; i++) c.track('Tracked After', { i });
  }, code);
  let counts: Record<string, number> = {};
  await expect.poll(async () => {
    const names = await page.evaluate(async () => ((await (window as unknown as { clientele: C }).clientele.exportData()) as { events: Array<{ event: string }> } | null)?.events.map((e) => e.event) ?? []);
    counts = {};
    for (const n of names) counts[n] = (counts[n] ?? 0) + 1;
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }, { timeout: 15_000 }).toBe(want).catch(() => undefined);
  return counts;
}
const ALL = { 'Queued Before': 1, 'Tracked After': 3 };

// Before the fix: each op was written with `${Date.now()}` in its JSON: NaN made the batch unreadable, and the worker
// dropped it whole ("the page sent the worker a batch it could not read"): 0 of 4 stored.
test('Date.now answers NaN: the events are stored, each once', async ({ page }) => {
  await open(page, `Date.now = function () { return NaN; };`);
  expect(await trackAndCount(page)).toEqual(ALL);
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: every track() threw inside (its time) and was dropped ("internal error: no clock"), the call queued
// in the snippet too, and the kept rows' read threw into the page as an unhandled rejection: none of the 4 stored.
// Broken after the snippet's call: the stub stamped each call with Date.now() and threw the page's error back at it
// until round 40 (round40c-stub-hostile-clocks).
test('Date.now throws: the events are stored, nothing is thrown into the page', async ({ page }) => {
  await open(page, `Date.now = function () { throw new Error('no clock'); };`, true);
  expect(await trackAndCount(page)).toEqual(ALL);
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: the worker's every answer threw "Cannot read properties of undefined (reading 'now')" into the page
// (its hang check's clock), its start was taken for a failure, and exportData() answered null: nothing stored.
test('performance removed by the page: the events are stored, nothing is thrown into the page', async ({ page }) => {
  await open(page, `Object.defineProperty(window, 'performance', { value: undefined, configurable: true });`);
  expect(await trackAndCount(page)).toEqual(ALL);
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: the outbox's send called then() after marking the batch in flight; the throw left it so for good,
// and no batch was sent again: exportData() answered null (its flush never settled) and nothing was stored, though the
// page put then() back 50 ms later.
test('Promise.prototype.then broken for a moment after load: the events tracked are stored', async ({ page }) => {
  await open(page, '');
  expect(await trackAndCount(page, `const then = Promise.prototype.then; Promise.prototype.then = function () { throw new Error('broken by the page'); }; clientele.track('Tracked After', { i: -1 }); clientele.recommend({ type: 'popular' }); setTimeout(() => { Promise.prototype.then = then; }, 50);`, 5))
    .toEqual({ 'Queued Before': 1, 'Tracked After': 4 });
});

// Before the fix: the engine's life-lock check (src/rpc.ts) read navigator.locks, whose getter a privacy shim made
// throw, outside any guard: its error reached the page as an unhandled rejection (the events were stored).
test('navigator.locks getter throws: nothing is thrown into the page, the events are stored', async ({ page }) => {
  await open(page, `Object.defineProperty(Navigator.prototype, 'locks', { get() { throw new Error('blocked by a shim'); }, configurable: true });`);
  expect(await trackAndCount(page)).toEqual(ALL);
  // The check runs 3 s after the worker starts.
  await page.waitForTimeout(3500);
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: page() copies its properties through the page's JSON.parse: broken after load (put back 4 s later
// here), its view was dropped ("internal error"). JSON.parse is now kept as it was at load, as JSON.stringify is.
test('JSON.parse broken for a while after load: page() and track() calls made then are stored', async ({ page }) => {
  await open(page, '');
  await page.evaluate(() => setTimeout(() => {
    const parse = JSON.parse;
    JSON.parse = () => { throw new Error('broken by the page'); };
    (window as unknown as { clientele: C }).clientele.page({ section: 'shoes' });
    setTimeout(() => { JSON.parse = parse; }, 4000);
  }));
  await page.waitForTimeout(4500);
  expect(await trackAndCount(page, '', 5)).toEqual({ ...ALL, 'Page Viewed': 1 });
  expect(await escaped(page)).toEqual([]);
});

// The control: nothing broken, the 4 events are stored.
test('control: nothing broken, the events are stored', async ({ page }) => {
  await open(page, '');
  expect(await trackAndCount(page)).toEqual(ALL);
  expect(await escaped(page)).toEqual([]);
});
