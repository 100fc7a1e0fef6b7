// Issue #8: "never break the page"; "no exception ever escapes". A page whose Function.prototype.bind throws (a broken
// bind polyfill / shim left on an old shop page) gets an uncaught error thrown by clientele.js as it loads, and no
// engine: src/soon.ts:8 calls queueMicrotask.bind(globalThis) at module evaluation, outside script.ts's try around
// boot(). Expected: 0 uncaught errors from clientele.js (at most one console message), ready() true, the queued call stored.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';
import { readFileSync } from 'node:fs';
const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('a throwing Function.prototype.bind throws nothing out of clientele.js', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  const fromUs: string[] = [];
  page.on('pageerror', (e) => { if (/clientele/.test(e.stack ?? '')) fromUs.push(e.message); });
  await page.route('**/misc/bind.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>m</title><script>${SNIPPET}</script>
<script>clientele.track('Queued', {}); Function.prototype.bind = function () { throw new Error('bind is not supported here'); };</script>
<script async src="/dist/clientele.js"></script><script>setTimeout(function () { document.title = 'real=' + !!(window.clientele && window.clientele.__real); }, 3000);</script><body>x</body>` }));
  await page.goto('/misc/bind.html');
  // (page.evaluate itself needs a working bind: the page reports through its title.)
  await page.waitForTimeout(3500);
  const real = (await page.title()) === 'real=true';
  console.log(JSON.stringify({ real, fromUs, pageErrors }));
  expect({ real, fromUs }).toEqual({ real: true, fromUs: [] });
});
