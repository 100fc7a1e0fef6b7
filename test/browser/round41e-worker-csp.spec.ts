// Round 41e (a nonce policy sent on every response). Servers that set the Content-Security-Policy as middleware
// (helmet, a framework's, a server-wide add_header) send it with clientele-worker.js too, and a dedicated worker runs
// under the policy of its own file: there `script-src 'nonce-...'` allows none of the files the worker loads with
// importScripts. The product reader was refused (no Product Viewed), with a message that blamed the file's place:
// "the product reader ... did not load (... failed to load.); serve the whole dist/ folder beside clientele.js", where
// the file was served and fetched. Expected: the message says the worker file's policy refused it and what to add;
// with 'self' added to the policy sent with the worker (the README's advice), the product is recorded (control).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { eventsNamed, exported, ready, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
const POLICY = "default-src 'self'; script-src 'nonce-r41e'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'";

for (const self of [false, true]) test(`a nonce policy sent with the worker's file too${self ? ", with 'self' added there" : ''}: ${self ? 'the product is recorded' : 'the message names that policy'}`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/round41e/helmet.html', (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'content-security-policy': POLICY },
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mug</title><script nonce="r41e">${SNIPPET}</script>
<script type="application/ld+json" nonce="r41e">{"@context":"https://schema.org","@type":"Product","sku":"85123A","name":"White Hanging Heart T-Light Holder","offers":{"@type":"Offer","price":"2.95","priceCurrency":"GBP"}}</script>
<script async nonce="r41e" src="/dist/clientele.js" data-site-id="r41e-helmet" data-catalog-url="/demo/data/catalog.json"></script></head>
<body><h1>White Hanging Heart T-Light Holder</h1></body></html>`,
  }));
  await page.route('**/dist/clientele-worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': self ? POLICY.replace("'nonce-r41e'", "'nonce-r41e' 'self'") : POLICY } });
  });
  await page.goto('/round41e/helmet.html');
  await ready(page);
  if (self) {
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id), { timeout: 20_000 }).toEqual(['85123A']);
    expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  } else {
    await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')), { timeout: 20_000 }).toHaveLength(1);
    const [said] = warnings.filter((w) => w.startsWith('[clientele]'));
    expect(said).toMatch(/product reader.*the worker file's CSP refused it: add 'self' to script-src\)/);
  }
  expect(pageErrors).toEqual([]);
});
