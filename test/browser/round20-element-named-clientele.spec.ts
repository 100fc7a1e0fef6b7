// A page with an element whose id is "clientele" (an "Our clientele" section, a container named after the product):
// the browser exposes it as window.clientele (named access). The README's stub-free form for strict-CSP pages was
// `(window.clientele = window.clientele || []).push([...])`: it took the element for the queue, and the page's own call
// threw a TypeError into the page and was lost. The form tested is the one the README gives now. (The snippet in <head>, as the README asks, runs before the element
// exists and is not affected; the control cases show it.)
// Expected: 0 thrown into the page, the early call stored once.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, ready, trackMarker, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
// The stub-free form as the README gives it, making this page's call.
const STUB_FREE = /`(\(window\.clientele = [^`]*\)\.push)\(\['track', \['Product Viewed', \{ product_id: 'SKU-1' \}\]\]\)`/.exec(readFileSync(new URL('../../README.md', import.meta.url), 'utf8'))![1];

const STUBS: Record<string, { stub: string; call: string }> = {
  'the inline snippet': { stub: `<script>${SNIPPET}</script>`, call: `clientele.track('Early', { n: 1 });` },
  'the snippet file': { stub: '<script src="/dist/clientele-snippet.js"></script>', call: `clientele.track('Early', { n: 1 });` },
  "the README's stub-free queue": { stub: '', call: `${STUB_FREE}(['track', ['Early', { n: 1 }]]);` },
};

for (const [name, { stub, call }] of Object.entries(STUBS)) test(`a page with <div id="clientele"> and ${name}: the call made before the script arrives neither throws nor is lost`, async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.route('**/named/clientele.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>Our clientele</title>${stub}</head><body>
<section id="clientele"><h2>Our clientele</h2></section>
<script>try { ${call} } catch (e) { window.__thrown = String(e); }</script>
<script async src="/dist/clientele.js" data-autocapture="false"></script></body></html>`,
  }));
  await page.goto('/named/clientele.html');
  await ready(page);
  await trackMarker(page);
  const thrown = await page.evaluate(() => (window as unknown as { __thrown?: string }).__thrown ?? null);
  const early = (await exported(page)).events.filter((e) => e.event === 'Early');
  console.log(JSON.stringify({ name, thrown, early: early.length, pageErrors }));
  expect(thrown).toBeNull();
  expect(pageErrors).toEqual([]);
  expect(early).toHaveLength(1);
});
