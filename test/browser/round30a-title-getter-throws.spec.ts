// Round 30 (tester A). README, API: "Every method is safe to call at any time ... nothing throws into your page"; the
// brief's first duty: never throw into the host page. A page whose document.title getter throws (a hostile or broken
// library redefining Document.prototype.title) gets an uncaught "title boom" from clientele-page.js: startAutocapture
// reads document.title for the first page view inside the chunk's then() callback, the error escapes as a pageerror,
// and ready() then resolves false although the worker is up and storage is IndexedDB (status() says so), so the page
// is told Clientele did not start. Expected: no error escapes into the page, ready() resolves true, and the page's own
// track() calls are stored (a page view without a title, or none, is fine). Observed: pageerror "title boom" from
// clientele-page.js, ready() false.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { eventsNamed, exported, trackMarker } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('a throwing document.title getter: nothing escapes into the page, ready() is true, events are stored', async ({ page }) => {
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`${e.message} ${e.stack?.split('\n').find((l) => l.includes('clientele')) ?? ''}`));
  await page.route('**/host/title.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><title>Host</title>
<script>Object.defineProperty(Document.prototype, 'title', { get() { throw new Error('title boom'); }, configurable: true });</script>
<script>${SNIPPET}</script>
<script>clientele.track('Early', {});</script>
<script async src="/dist/clientele.js"></script><body></body></html>` }));
  await page.goto('/host/title.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await trackMarker(page, 'Marker');
  const events = (await exported(page)).events;
  expect(eventsNamed(events, 'Early')).toHaveLength(1);
  // The page view is recorded, without the title the page would not give.
  expect(eventsNamed(events, 'Page Viewed').map((e) => e.properties.path)).toEqual(['/host/title.html']);
  await page.waitForTimeout(1000);
  expect({ pageErrors, ready: ok }).toEqual({ pageErrors: [], ready: true });
});

// The same kind: a page that refuses one of our hooks (a MutationObserver replaced by one that throws, as some
// anti-tamper scripts do). Autocapture does not start (one
// message), the rest of Clientele does, and nothing half-installed is left behind.
test('a page whose MutationObserver throws: one message, nothing thrown, ready() true, track() stored', async ({ page }) => {
  const pageErrors: string[] = [];
  const warnings: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'warning') warnings.push(m.text()); });
  await page.route('**/host/observer.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><title>Host</title>
<script>window.MutationObserver = function () { throw new Error('observer refused'); };</script>
<script>${SNIPPET}</script>
<script>clientele.track('Early', {});</script>
<script async src="/dist/clientele.js"></script><body></body></html>` }));
  await page.goto('/host/observer.html');
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await trackMarker(page, 'Marker');
  expect(eventsNamed((await exported(page)).events, 'Early')).toHaveLength(1);
  // Nothing is left half-installed: the router's pushState is not hooked, so it adds no view of ours.
  await page.evaluate(() => history.pushState({}, '', '/host/other'));
  await page.waitForTimeout(1500);
  await trackMarker(page, 'Marker 2');
  const views = eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => e.properties.path);
  expect({ pageErrors, ready: ok, views, told: warnings.filter((w) => w.includes('autocapture could not start')).length }).toEqual({ pageErrors: [], ready: true, views: ['/host/observer.html'], told: 1 });
});
