// Round 39 (tester D). Issue #8: nothing accepted may be lost, and nothing may throw into the page. A page whose
// Object.prototype.then is a function (a prototype-pollution bug in one of its libraries, a gadget an attacker
// planted): every object is a thenable, and a promise resolved with one waits on that then() for good. The page's own
// promises of objects hang too, but its tracked events can still be stored: the worker's answers and the loaded chunks
// are resolved with no prototype (src/rpc.ts plain, src/loadAssets.ts loadChunk). Playwright's own evaluate() hangs on
// such a page (its results are objects), so the polluted tab makes its calls from its own scripts, says what escaped
// on the console, and a second tab of the site, not polluted, reads what was stored.
// Before the fix: the polluted tab's init() answer never settled; none of its 5 events were stored (the queued call,
// the 3 tracked, autocapture's page view), and its page chunk never loaded.
// Reads whose answer is an object (recommend(), exportData(), rows) hung on such a page until round 40
// (round40c-polluted-then-reads).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('Object.prototype.then set by the page: the events it tracks are stored, nothing is thrown into it', async ({ page, context }) => {
  const escaped: string[] = [];
  const said: string[] = [];
  page.on('console', (m) => (m.text().startsWith('ESCAPED') ? escaped : said).push(m.text()));
  page.on('pageerror', (e) => escaped.push(e.message));
  await page.route('**/hostile39d/then.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>shop</title>
<script>addEventListener('unhandledrejection', (e) => console.error('ESCAPED rejection ' + (e.reason && e.reason.stack)));
addEventListener('error', (e) => console.error('ESCAPED error ' + e.message));
Object.defineProperty(Object.prototype, 'then', { value: function () {}, writable: true, configurable: true });</script>
<script>${SNIPPET}</script>
<script>clientele.track('Queued Before', { n: 1 });
setTimeout(() => { console.log('real ' + (clientele.__real === true)); for (let i = 0; i < 3; i++) clientele.track('Tracked After', { i }); }, 2000);</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script><body><p>shop</p></body>`,
  }));
  await page.goto('/hostile39d/then.html');
  await expect.poll(() => said.includes('real true')).toBe(true);

  const reader = await context.newPage();
  await reader.goto('/demo/fixtures/blank.html');
  await ready(reader);
  const path = '/hostile39d/then.html';
  let counts = { queued: 0, tracked: 0, views: 0 };
  await expect.poll(async () => {
    const ev = (await exported(reader)).events;
    counts = { queued: eventsNamed(ev, 'Queued Before').length, tracked: eventsNamed(ev, 'Tracked After').length, views: eventsNamed(ev, 'Page Viewed').filter((e) => e.properties.path === path).length };
    return counts;
  }, { timeout: 20_000 }).toEqual({ queued: 1, tracked: 3, views: 1 }).catch(() => undefined);
  expect(counts).toEqual({ queued: 1, tracked: 3, views: 1 });
  expect(escaped).toEqual([]);
});
