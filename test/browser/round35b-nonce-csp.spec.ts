// Round 35 (tester B, a shop under a Content-Security-Policy of nonces). Many shops (and the policy CSP guides
// recommend) allow scripts by nonce: `script-src 'nonce-...'`, the snippet and the script tag carrying the nonce. The
// script added its page and widget chunks as <script> elements without the nonce, so the browser refused both: no
// autocapture (not even a page view), no rows, three refusals of each file, and the message blamed the files' place
// ("serve the whole dist/ folder beside clientele.js"). Before the fix: 0 events stored, the row had no shadow root.
// Expected: the chunks carry the page's nonce, load, and the page records its view and its product and draws its row,
// with no violation. (A nonce cannot allow a worker: the worker needs `worker-src 'self'`, or 'strict-dynamic'.)
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, ready, watchConsole, watchViolations } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

const POLICIES = [
  "default-src 'self'; script-src 'nonce-r35b'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'",
  // The strict policy CSP guides give: 'strict-dynamic' lets what a nonced script adds run (the control).
  "script-src 'nonce-r35b' 'strict-dynamic'; object-src 'none'; base-uri 'none'",
];

for (const policy of POLICIES) test(`a page under "${policy.replace(/;.*?script-src /, '; ...script-src ').slice(0, 60)}...": chunks load, the page's product is recorded, its row draws`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const violations = await watchViolations(page);
  await page.route('**/round35b/nonce.html', (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'content-security-policy': policy },
    body: `<!doctype html><html lang="en"><head><title>Mug</title><script nonce="r35b">${SNIPPET}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","sku":"85123A","name":"White Hanging Heart T-Light Holder","offers":{"@type":"Offer","price":"2.95","priceCurrency":"GBP"}}</script>
<script async nonce="r35b" src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-site-model-url="/demo/model/manifest.json"></script></head>
<body><h1>White Hanging Heart T-Light Holder</h1><div data-clientele-widget="similar" data-limit="4"></div></body></html>`,
  }));
  await page.goto('/round35b/nonce.html');
  await ready(page);
  await expect.poll(async () => (await exported(page)).events.map((e) => `${e.event}:${e.properties.product_id ?? ''}`).filter((e) => !e.startsWith('Widget')).sort(), { timeout: 20_000 })
    .toEqual(['Page Viewed:', 'Product Viewed:85123A']);
  await expect.poll(() => page.evaluate(() => document.querySelector('[data-clientele-widget]')?.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? 0), { timeout: 20_000 }).toBe(4);
  expect(await violations()).toEqual([]);
  expect(warnings.filter((w) => /\[clientele\]|Content Security Policy/.test(w))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
