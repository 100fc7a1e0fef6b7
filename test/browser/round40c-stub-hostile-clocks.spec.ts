// Round 40 (tester c). Issue #8 (5): no exception ever escapes a public method, and nothing accepted is lost. The
// snippet's stub on a hostile page, its calls made before clientele.js arrives (held back here, a slow CDN): a Date.now
// the page replaced that throws or answers NaN, performance.now removed, crypto.randomUUID missing (a shop on plain
// http: not a secure context, in the page and in its worker), a localStorage getter that throws (storage blocked).
// Each call is made in a try: what it throws is counted; then the script comes, and what is stored is counted.
import { test, expect } from '@playwright/test';
import { slowScriptPage, exported, eventsNamed, shimWorker } from './helpers.ts';

const CASES: Array<[string, string]> = [
  ['Date.now throws', `Date.now = function () { throw new Error('no clock'); };`],
  ['Date.now answers NaN', `Date.now = function () { return NaN; };`],
  ['Date.now throws and performance.now is removed', `Date.now = function () { throw new Error('no clock'); }; performance.now = undefined;`],
  ['localStorage getter throws, no crypto.randomUUID, no performance.now', `Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); }, configurable: true });
    Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined, configurable: true }); performance.now = undefined;`],
];

for (const [name, hostile] of CASES) {
  test(`snippet stub, ${name}: nothing thrown, every call stored once`, async ({ context }) => {
    test.setTimeout(60_000);
    await shimWorker(context, `Object.defineProperty(Crypto.prototype, 'randomUUID', { value: undefined, configurable: true });\n`);
    // The hostile page is set up before the snippet runs: the page's own scripts come first in its <head>.
    await context.addInitScript(`window.__thrown = []; addEventListener('error', (e) => __thrown.push('error ' + e.message));
      addEventListener('unhandledrejection', (e) => __thrown.push('rejection ' + String(e.reason)));
      if (!/fixtures/.test(location.pathname)) { ${hostile} }`);
    const { page, release } = await slowScriptPage(context, `
      var c = window.clientele;
      var call = function (f) { try { f(); } catch (e) { __thrown.push('call ' + e.message); } };
      for (var i = 0; i < 20; i++) call(function () { c.track('Stub Call', { i: i }); });
      call(function () { c.identify('u-40c', { tier: 'gold' }); });
      call(function () { window.__recs = c.recommend({ type: 'popular', limit: 3 }); });`, name.replace(/\W+/g, '-'));
    release();
    await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { __real?: boolean } }).clientele.__real === true), { timeout: 20_000 }).toBe(true);
    await page.evaluate(() => { const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele; for (let i = 20; i < 25; i++) c.track('Stub Call', { i }); });
    let got = { stored: 0, distinct: 0, user: null as unknown };
    await expect.poll(async () => {
      const d = await exported(page);
      const s = eventsNamed(d?.events ?? [], 'Stub Call');
      got = { stored: s.length, distinct: new Set(s.map((e) => e.properties.i)).size, user: d?.user_id ?? null };
      return got.stored;
    }, { timeout: 20_000 }).toBe(25).catch(() => undefined);
    const recs = await page.evaluate(() => Promise.race([Promise.resolve((window as unknown as { __recs?: Promise<unknown[]> }).__recs).then((r) => Array.isArray(r) || String(r)), new Promise((r) => setTimeout(r, 11_000, 'unsettled'))]));
    expect({ ...got, recs, thrown: await page.evaluate(() => (window as unknown as { __thrown: string[] }).__thrown) })
      .toEqual({ stored: 25, distinct: 25, user: 'u-40c', recs: true, thrown: [] });
  });
}
