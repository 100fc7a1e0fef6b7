// Round 38 (tester C). Issue #8: "no exception ever escapes a public method, whatever it is given", "never break the
// page", and (round 38's rule) a page's polluted Object.prototype must not become config, and events are still stored
// wherever the browser still lets us. A hostile page: builtins it replaced or broke before or after Clientele loads,
// and keys it polluted Object.prototype with. Found by probing each builtin in turn (the before-fix result is in each
// test's comment). Expected, as the control: nothing thrown or rejected into the page, every promise the API returns
// settles to its value or fallback, and the events tracked are stored.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
type C = Record<string, (...a: unknown[]) => unknown>;

/** Records what escapes into the page (uncaught errors, unhandled rejections) from before any script runs. */
const CATCH = `window.__escaped = [];
addEventListener('unhandledrejection', (e) => { let s = '?'; try { s = String(e.reason && e.reason.stack || e.reason); } catch (x) {} __escaped.push('rejection: ' + s.slice(0, 300)); });
addEventListener('error', (e) => __escaped.push('error: ' + e.message + ' ' + e.filename));`;

/** Serves a shop page with `hostile` run before the snippet, a call queued in the snippet, and the script tag. */
async function open(page: Page, hostile: string, tagAttrs = '') {
  await page.route('**/hostile38c/shop.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>shop</title><script>${CATCH}</script><script>${hostile}</script><script>${SNIPPET}</script>
<script>clientele.track('Queued Before', { n: 1 })</script>
<script async src="/dist/clientele.js" data-autocapture="false" data-catalog-url="/demo/data/catalog.json"${tagAttrs}></script><body><div id=row></div></body>`,
  }));
  await page.goto('/hostile38c/shop.html');
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
}
const escaped = (page: Page) => page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped);
/** The names of the events stored, once `name` is among them (or after 15 s). */
async function storedOnce(page: Page, name: string): Promise<string[]> {
  let names: string[] = [];
  await expect.poll(async () => {
    names = await page.evaluate(async () => ((await (window as unknown as { clientele: C }).clientele.exportData()) as { events: Array<{ event: string }> } | null)?.events.map((e) => e.event) ?? []);
    return names.includes(name);
  }, { timeout: 15_000 }).toBe(true).catch(() => undefined);
  return names;
}

// Before the fix: 0 events stored of the 2 tracked. The page-side check of the config not yet applied read the script
// tag's data-config (and data-* attributes), JSON parsed on the page, through Object.prototype: a polluted
// requireConsent held every event for a consent never asked, and they were dropped with the page.
for (const [name, pollute, attrs] of [
  ['requireConsent = true, with a data-config on the tag', "Object.prototype.requireConsent = true", ` data-config='{"locale":"en"}'`],
  ["['require-consent'] = 'true' and .config = '{\"requireConsent\":true}'", `Object.prototype['require-consent'] = 'true'; Object.prototype.config = '{"requireConsent":true}'`, ''],
] as const) {
  test(`Object.prototype.${name}: not taken as config; the events are stored`, async ({ page }) => {
    await open(page, pollute, attrs);
    await page.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Tracked After', { n: 2 }));
    const names = await storedOnce(page, 'Tracked After');
    expect(names).toEqual(expect.arrayContaining(['Queued Before', 'Tracked After']));
    expect(await escaped(page)).toEqual([]);
  });
}

// Before the fix: every chunk (rows, the page's markup reader) began with Object.defineProperty(exports,
// Symbol.toStringTag, { value: 'Module' }), whose descriptor inherits the polluted `get`: it threw "Getter must be a
// function: 1" into the page (5 uncaught errors) and no row was drawn.
for (const key of ['get', 'set']) {
  test(`Object.prototype.${key} = 1: rows draw their cards, nothing thrown into the page`, async ({ page }) => {
    await open(page, `Object.prototype.${key} = 1;`);
    await page.evaluate(() => (window as unknown as { clientele: C }).clientele.mount('#row', { type: 'popular', limit: 2 }));
    await expect.poll(() => page.evaluate(() => document.getElementById('row')!.shadowRoot?.querySelectorAll('a.card[href]').length ?? 0), { timeout: 15_000 }).toBe(2);
    expect(await storedOnce(page, 'Widget Impression')).toContain('Queued Before');
    expect(await escaped(page)).toEqual([]);
  });
}

// Before the fix: the engine never started (init()'s check whether the document had loaded called
// performance.getEntriesByType, which threw; the start was never scheduled): nothing was stored, every read got its
// fallback.
test('performance.getEntriesByType broken before the script loads: the events are still stored', async ({ page }) => {
  await open(page, `performance.getEntriesByType = function () { throw new Error('blocked by an extension'); };`);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Tracked After', {}));
  expect(await storedOnce(page, 'Tracked After')).toEqual(expect.arrayContaining(['Queued Before', 'Tracked After']));
  expect(await escaped(page)).toEqual([]);
});

// Before the fix: recommend(), exportData(), segments(), status(), ready(), setClock() and onSegments() threw the
// page's error synchronously (they were not wrapped as track() is); with a throwing setTimeout, every promise the API
// returned rejected (its deadline's timer threw in the promise's executor), and recommend() "never rejects". With
// window.Promise removed, the same methods threw a TypeError of their own (their fallback was made with Promise.resolve).
const BROKEN: Record<string, string> = {
  'Promise.prototype.then throws': `Promise.prototype.then = function () { throw new Error('then broken by the page'); }`,
  'Promise.race throws': `Promise.race = function () { throw new Error('race broken by the page'); }`,
  'performance.now throws': `performance.now = function () { throw new Error('now broken by the page'); }`,
  'setTimeout throws': `window.setTimeout = function () { throw new Error('setTimeout broken by the page'); }`,
  // Before the fix the methods caught the page's error, then threw building their fallback with Promise.resolve.
  'window.Promise removed': `window.Promise = undefined`,
};
for (const [name, breakIt] of Object.entries(BROKEN)) {
  test(`${name} (after the script loaded): no public method throws or rejects`, async ({ page }) => {
    await open(page, '');
    expect(await page.evaluate(() => (window as unknown as { clientele: C }).clientele.ready())).toBe(true);
    const r = await page.evaluate(async (breakIt) => {
      const c = (window as unknown as { clientele: C }).clientele;
      const P = Promise, then = Promise.prototype.then, race = Promise.race, now = performance.now, st = window.setTimeout;
      const out: string[] = [];
      const got: Array<[string, unknown]> = [];
      (0, eval)(breakIt);
      for (const [m, args] of [['recommend', [{ type: 'popular', limit: 2 }]], ['exportData', []], ['segments', []], ['status', []], ['ready', []], ['setClock', [null]], ['onSegments', [() => 0]], ['forget', []], ['track', ['Broken Builtin', {}]], ['page', [{}]], ['identify', ['u-38c', {}]], ['consent', [true]], ['mount', ['#row', { type: 'popular' }]], ['init', [{ sessionTimeoutMinutes: 31 }]]] as Array<[string, unknown[]]>) {
        try { got.push([m, c[m](...args)]); } catch (e) { out.push(`${m} threw ${String(e)}`); }
      }
      window.Promise = P; Promise.prototype.then = then; Promise.race = race; performance.now = now; window.setTimeout = st;
      for (const [m, v] of got) {
        if (!(v instanceof Promise)) continue;
        try { await race.call(Promise, [v.then((x) => (m === 'recommend' && !Array.isArray(x) ? out.push(`recommend gave ${JSON.stringify(x)}`) : 0), (e) => out.push(`${m} rejected ${String(e)}`)), new Promise((res) => st(res, 12_000))]); } catch (e) { out.push(`${m}: ${String(e)}`); }
      }
      return out;
    }, breakIt);
    expect(r).toEqual([]);
    // Nothing of ours escapes into the page either, where our code can still run: a broken performance.now.
    // KNOWN, not fixed (round 38c): with Promise.prototype.then, Promise.race or setTimeout throwing, internal promise
    // chains (the outbox's send, the chunk loader's deadline) still leave unhandled rejections carrying the page's own
    // error; no public method throws or rejects (above).
    if (name === 'performance.now throws') {
      await page.waitForTimeout(500);
      expect(await escaped(page)).toEqual([]);
    }
  });
}

// Before the fix: 0 of the 3 events tracked after load were stored, and no message said why. The event ids' random
// prefix is drawn at the first track() from crypto.getRandomValues, which the page (an anti-fingerprinting extension)
// made throw: every track() then threw inside its write and was lost. The queued call, replayed with an id of its own,
// was stored.
test('crypto.getRandomValues broken before the script loads: the events are still stored, each once', async ({ page }) => {
  await open(page, `Crypto.prototype.getRandomValues = function () { throw new Error('blocked by an extension'); };`);
  await page.evaluate(() => { const c = (window as unknown as { clientele: C }).clientele; for (let i = 0; i < 3; i++) c.track('Tracked After', { i }); });
  await expect.poll(async () => (await storedOnce(page, 'Tracked After')).filter((n) => n === 'Tracked After').length, { timeout: 20_000 }).toBe(3);
  expect(await escaped(page)).toEqual([]);
});
