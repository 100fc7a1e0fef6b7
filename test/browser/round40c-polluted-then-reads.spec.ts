// Round 40 (tester c). Issue #8 (2): "every pending promise settles within a bounded time (the documented fallback
// value)". A page whose Object.prototype.then is a function (a prototype-pollution bug in one of its libraries): every
// object and array is a thenable, and a promise resolved with one waits on that then() for good. Round 39d made the
// events store; the public reads whose answer is an object or an array (recommend, exportData, status, segments,
// ready's boolean aside) were left hanging. Playwright's evaluate() itself hangs on such a page (its results are
// objects), so the page makes the calls from its own script and says on the console how each settled, and a second tab
// of the site, not polluted, reads what was stored.
// Round 39 (tester D), merged here in round 41 (its page was this one's twin): the page's own promises of objects hang
// too, but its tracked events can still be stored (the worker's answers and the loaded chunks are resolved with no
// prototype: src/rpc.ts plain, src/loadAssets.ts loadChunk). Before that fix the polluted tab's init() answer never
// settled; none of its 5 events were stored (the queued call, the 3 tracked, autocapture's page view), and its page
// chunk never loaded.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('Object.prototype.then set by the page: the events it tracks are stored, every public read settles within its 10 s deadline, with an answer, nothing is thrown into it', async ({ page, context }) => {
  test.setTimeout(60_000);
  const said: string[] = [];
  const escaped: string[] = [];
  page.on('console', (m) => (m.text().startsWith('ESCAPED') ? escaped : said).push(m.text()));
  page.on('pageerror', (e) => escaped.push(e.message));
  await page.route('**/hostile40c/then.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>shop</title>
<script>addEventListener('unhandledrejection', (e) => console.error('ESCAPED rejection ' + (e.reason && e.reason.stack)));
addEventListener('error', (e) => console.error('ESCAPED error ' + e.message));
Object.defineProperty(Object.prototype, 'then', { value: function () {}, writable: true, configurable: true });</script>
<script>${SNIPPET}</script>
<script>
var c = clientele, t0;
var kind = function (v) { return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v; };
var look = function (name, p) { var t = performance.now(); p.then(function (v) { console.log('READ ' + name + ' ' + kind(v) + ' ' + (performance.now() - t < 10500)); }); };
c.track('Queued Before', { n: 1 });
setTimeout(function () {
  look('ready', c.ready());
  setTimeout(function () { console.log('real ' + (clientele.__real === true)); for (var i = 0; i < 3; i++) clientele.track('Tracked After', { i: i }); }, 1000);
  setTimeout(function () {
    look('recommend', c.recommend({ type: 'popular', limit: 4 }));
    look('status', c.status());
    look('segments', c.segments());
    look('exportData', c.exportData());
  }, 2000);
}, 1000);
</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script><body><p>shop</p></body>`,
  }));
  await page.goto('/hostile40c/then.html');
  const reads = () => said.filter((s) => s.startsWith('READ ')).sort();
  await expect.poll(() => reads().length, { timeout: 30_000 }).toBe(5).catch(() => undefined);
  expect(reads()).toEqual(['READ exportData object true', 'READ ready boolean true', 'READ recommend array true', 'READ segments object true', 'READ status object true']);
  expect(said).toContain('real true');

  const reader = await context.newPage();
  await reader.goto('/demo/fixtures/blank.html');
  await ready(reader);
  const path = '/hostile40c/then.html';
  let counts = { queued: 0, tracked: 0, views: 0 };
  await expect.poll(async () => {
    const ev = (await exported(reader)).events;
    counts = { queued: eventsNamed(ev, 'Queued Before').length, tracked: eventsNamed(ev, 'Tracked After').length, views: eventsNamed(ev, 'Page Viewed').filter((e) => e.properties.path === path).length };
    return counts;
  }, { timeout: 20_000 }).toEqual({ queued: 1, tracked: 3, views: 1 }).catch(() => undefined);
  expect(counts).toEqual({ queued: 1, tracked: 3, views: 1 });
  expect(escaped).toEqual([]);
});

// The rows on a page whose Object.prototype.then is polluted (and a control, another key polluted). On main at round 40
// no row was ever drawn (0 cards in 3 of 3 rows, no shadow root: the page and widget chunks were awaited as
// Promise.all's array, a thenable); past that, rows stayed loading (the widget's own promises of objects: the
// rows shown so far, the row served). Now all 3 fill. A slot's default when the engine is unavailable is not covered.
for (const prop of ['then', 'notThen']) test(`Object.prototype.${prop} set by the page: the demo home page's rows fill with cards`, async ({ page }) => {
  test.setTimeout(60_000);
  const escaped: string[] = [];
  page.on('pageerror', (e) => escaped.push(e.message));
  const said: string[] = [];
  page.on('console', (m) => said.push(m.text()));
  // Read from the page's own script and told on the console: Playwright's evaluate() hangs on such a page.
  await page.addInitScript((prop) => {
    Object.defineProperty(Object.prototype, prop, { value: function () {}, writable: true, configurable: true });
    setInterval(() => console.log('ROWS ' + Array.from(document.querySelectorAll('[data-clientele-widget]')).map((el) => `${el.getAttribute('data-clientele-widget')}:${el.getAttribute('data-clientele-state')}:${!!el.shadowRoot}:${(el.shadowRoot ?? el).querySelectorAll('[data-clientele-widget-item]').length}`).join(' ')), 1000);
  }, prop);
  await page.goto('/demo/index.html');
  await expect.poll(() => said.filter((s) => s.startsWith('ROWS')).at(-1) ?? '', { timeout: 8000 }).toMatch(/^ROWS for-you:ready:true:[1-9]\d* trending:ready:true:[1-9]\d* popular:ready:true:[1-9]\d*$/).catch(() => undefined);
  expect(said.filter((s) => s.startsWith('ROWS')).at(-1)).toMatch(/^ROWS for-you:ready:true:[1-9]\d* trending:ready:true:[1-9]\d* popular:ready:true:[1-9]\d*$/);
  expect(escaped).toEqual([]);
});
