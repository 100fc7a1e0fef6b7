// Round 41e (bundler installs under a Content-Security-Policy of nonces). An app bundled by Vite or webpack loads
// Clientele's page and widget chunks through the bundler's own chunk loading: Vite's build preloads them with
// <link rel="modulepreload"> elements and webpack adds <script> elements, which carry the page's nonce only when the
// bundler is told it (Vite: `html.cspNonce`; webpack: `__webpack_nonce__`). Tried with the README's fixture apps under
// `script-src 'nonce-...'; worker-src 'self'`: no autocapture (1 event of 7), no row, and one message that blamed the
// files' place: "Loading chunk 887 failed ...: serve the whole dist/ folder beside clientele.js, or set
// config.assetBase", a file an app with a bundler does not have. Here the ESM build runs unbundled, with the refused
// preload link Vite's build writes (a module the browser refused stays refused for that page's import()).
// Expected: one message that names the cause and the bundlers' settings, and nothing thrown. With the nonce on the
// link (the control, what Vite writes given html.cspNonce), the row draws and nothing is refused.
import { test, expect } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { watchConsole, watchViolations } from './helpers.ts';

const PAGE_CHUNK = readdirSync(new URL('../../dist/esm/', import.meta.url)).find((f) => /^pageChunk-.*\.js$/.test(f))!;
const POLICY = "default-src 'self'; script-src 'nonce-r41e'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

for (const nonced of [false, true]) test(`a bundled app under a nonce policy, its chunk preload ${nonced ? 'given' : 'without'} the nonce: ${nonced ? 'the row draws' : 'one message naming the bundler setting'}`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const violations = await watchViolations(page);
  await page.route('**/round41e/bundled.html', (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'content-security-policy': POLICY },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bundled shop</title>
<link rel="modulepreload" href="/dist/esm/${PAGE_CHUNK}"${nonced ? ' nonce="r41e"' : ''}>
<script type="module" nonce="r41e">
import { createClientele } from '/dist/esm/index.js';
const c = window.clientele = createClientele({ siteId: 'r41e-bundled', catalogUrl: '/demo/data/catalog.json' });
c.mount('#recs', { type: 'popular', limit: 4 });
</script></head><body><h1>Shop</h1><div id="recs"></div></body></html>`,
  }));
  await page.goto('/round41e/bundled.html');
  await page.waitForFunction(() => 'clientele' in window);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
  const cards = () => page.evaluate(() => document.querySelector('#recs')?.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? 0);
  if (nonced) {
    await expect.poll(cards, { timeout: 20_000 }).toBe(4);
    expect(await violations()).toEqual([]);
    expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  } else {
    await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')).length, { timeout: 20_000 }).toBe(1);
    const [said] = warnings.filter((w) => w.startsWith('[clientele]'));
    expect(said).toMatch(/nonce/);
    expect(said).toMatch(/html\.cspNonce/);
    expect(said).toMatch(/__webpack_nonce__/);
    expect(said).not.toMatch(/beside clientele\.js/);
    expect(await cards()).toBe(0);
  }
  expect(pageErrors).toEqual([]);
});
