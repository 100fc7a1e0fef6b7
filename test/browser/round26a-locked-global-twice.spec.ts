// Issue #8: "nothing stored twice". A tag manager that locks the globals it saw (window.clientele made non-writable
// after the snippet ran) and a shop that includes clientele.js twice (its own tag plus the tag manager's; round 25
// made a second createClientele() return the running instance for the same reason). src/script.ts boot() takes the
// script as already running only when window.clientele.__real is set; its `w.clientele = Object.assign(...)` fails
// silently on the locked global (the bundle is not strict), the queue gets the real methods by defineProperty but no
// __real mark, so the second copy boots a second engine: every autocaptured page view (and click) is stored twice.
// Control: LOCK=0 (the same page with the global left writable) stores the page view once.
// Expected: one 'Page Viewed', 0 errors.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('window.clientele locked by a tag manager, clientele.js included twice: each page view stored once', async ({ page }) => {
  test.setTimeout(60_000);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const lock = process.env.LOCK === '0' ? '' : `Object.defineProperty(window, 'clientele', { writable: false, configurable: false });`;
  await page.route('**/lock/twice.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>t</title><script>${SNIPPET}</script>
<script>clientele.track('Queued', {}); ${lock}</script>
<script async src="/dist/clientele.js"></script>
<script async src="/dist/clientele.js"></script>` }));
  await page.goto('/lock/twice.html');
  await page.waitForTimeout(2500);
  const out = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void; ready(): Promise<boolean>; exportData(): Promise<{ events: { event: string }[] } | null> } }).clientele;
    c.track('After', {});
    const ok = await c.ready();
    await new Promise((r) => setTimeout(r, 2500));
    const d = await c.exportData();
    const count = (n: string) => (d?.events ?? []).filter((e) => e.event === n).length;
    return { ready: ok, queued: count('Queued'), after: count('After'), pageViews: count('Page Viewed') };
  });
  console.log(JSON.stringify({ ...out, errors }));
  expect({ ...out, errors }).toEqual({ ready: true, queued: 1, after: 1, pageViews: 1, errors: [] });
});
