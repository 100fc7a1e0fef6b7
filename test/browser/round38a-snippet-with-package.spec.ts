// README "The snippet": paste it into <head> "before anything that calls window.clientele": the stub queues the calls
// made before Clientele has loaded and they are applied in order. README "Bundlers": the npm package's createClientele()
// runs the one engine of the page. A shop that moved to the package kept the snippet (its tag manager's tags call
// window.clientele before the app's bundle runs) and dropped the script tag: src/index.ts never looked at the queue, so
// every queued track() and identify() was lost, a queued ready() or recommend() waited the stub's 10 s for its fallback,
// and the stub, still window.clientele, parked its queue in localStorage on every page left, where nothing read it.
// Expected: the queued calls applied once, in order (identify before track stamps the user id), the queued promises
// answered by the engine, window.clientele the real API, and nothing left parked after the page is left.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('the snippet and createClientele() with no script tag: the queued calls are applied once, in order, and their promises answered', async ({ page }) => {
  test.setTimeout(60_000);
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/pkg-snippet/*.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>shop</title>
<script>${SNIPPET}</script>
<script>
clientele.identify('user-7');
clientele.track('Queued', { n: 1 });
window.queuedReady = clientele.ready();
window.queuedRows = clientele.recommend({ type: 'popular', limit: 3 });
</script>
<script type="module">import { createClientele } from '/dist/esm/index.js'; window.app = createClientele({ catalogUrl: '/demo/data/catalog.json' });</script>
</head><body>shop</body></html>` }));
  await page.goto('/pkg-snippet/a.html');
  await page.waitForFunction(() => (window as unknown as { app?: unknown }).app);
  type Api = { ready(): Promise<boolean>; exportData(): Promise<{ user_id: string | null; events: Array<{ event: string; user_id?: string }> } | null> };
  const out = await page.evaluate(async () => {
    const w = window as unknown as { app: Api; queuedReady: Promise<boolean>; queuedRows: Promise<unknown[]>; clientele: { __real?: boolean } };
    const t0 = Date.now();
    const [ready, rows] = await Promise.all([w.queuedReady, w.queuedRows]);
    const waited = Date.now() - t0;
    await w.app.ready();
    await new Promise((r) => setTimeout(r, 1500));
    const d = await w.app.exportData();
    return { ready, rows: rows.length, answeredBeforeFallback: waited < 8000, real: w.clientele.__real === true, user: d?.user_id, queued: (d?.events ?? []).filter((e) => e.event === 'Queued').map((e) => e.user_id ?? null) };
  });
  expect(out).toEqual({ ready: true, rows: 3, answeredBeforeFallback: true, real: true, user: 'user-7', queued: ['user-7'] });
  // Leaving: the engine's outbox has stored everything, so the stub parks nothing for a next page that may never read it.
  await page.goto('/demo/index.html?after');
  const parked = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).length);
  expect(parked).toBe(0);
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

// The same page whose tag manager adds the script tag later (after the app's createClientele() took the queue over),
// with a data-* config of its own: the tag's config still applies to the one engine (here requireConsent), as when the
// package's instance had left the queue to the tag.
test('the snippet and createClientele(), then a script tag added later: its data-* config applies to the running engine', async ({ page }) => {
  test.setTimeout(60_000);
  const { pageErrors } = watchConsole(page);
  await page.route('**/pkg-snippet/late-tag.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>shop</title>
<script>${SNIPPET}</script>
<script>clientele.track('Queued', {});</script>
<script type="module">import { createClientele } from '/dist/esm/index.js'; window.app = createClientele({ catalogUrl: '/demo/data/catalog.json' });</script>
</head><body>shop</body></html>` }));
  await page.goto('/pkg-snippet/late-tag.html');
  await page.waitForFunction(() => (window as unknown as { app?: unknown }).app);
  type Api = { ready(): Promise<boolean>; track(e: string, p: object): void; exportData(): Promise<{ events: Array<{ event: string }>; consent: boolean | null } | null> };
  await page.evaluate(() => (window as unknown as { app: Api }).app.ready());
  await page.evaluate(() => new Promise<void>((done) => {
    const s = document.createElement('script');
    s.src = '/dist/clientele.js';
    s.setAttribute('data-require-consent', 'true');
    s.onload = () => setTimeout(done, 1000);
    document.head.appendChild(s);
  }));
  const out = await page.evaluate(async () => {
    const w = window as unknown as { app: Api; clientele: Api };
    w.clientele.track('After Tag', {});
    await new Promise((r) => setTimeout(r, 2000));
    const d = await w.app.exportData();
    return { same: w.clientele.exportData !== undefined, afterTag: (d?.events ?? []).filter((e) => e.event === 'After Tag').length };
  });
  // requireConsent from the tag, and no consent given: nothing more is stored about the visitor.
  expect(out).toEqual({ same: true, afterTag: 0 });
  expect(pageErrors).toEqual([]);
});
