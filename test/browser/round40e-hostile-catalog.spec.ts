// Round 40 (tester E). A catalog feed with hostile or unusable entries: markup in names, javascript: and data: URLs,
// 1 MB strings, __proto__ keys, entries with no usable id. Issue 8: "0 thrown into the page, 0 script run, one clear
// message each".
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
const XSS = (tag: string) => `<img src=x onerror="window.__pwned=(window.__pwned||[]).concat('${tag}')">`;
const MB = 'M'.repeat(1_000_000);

test('a feed with markup, javascript: URLs, 1 MB strings and entries with no usable id: no script runs, one message names the entries left out', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const products = [
    { product_id: 'H1', name: XSS('name'), price: 5, url: 'javascript:window.__pwned=["url"]', image_url: 'java\tscript:window.__pwned=["img"]', category: XSS('cat'), brand: XSS('brand') },
    { product_id: 'H2', name: MB, price: 6, url: 'data:text/html,<script>alert(1)</script>', tags: Array.from({ length: 10_000 }, (_, i) => `t${i}`) },
    { product_id: 'H3', name: 'Plain', price: 7, url: '/p/h3' },
    // Left out: camelCase id (a common slip), an id of 1 MB, an entry that is not an object, null, an object id.
    { productId: 'CAMEL', name: 'camel' }, { product_id: MB, name: 'mb id' }, 'not a product', null, { product_id: { a: 1 }, name: 'object id' },
  ];
  const body = JSON.stringify(products).replace('"product_id":"H3"', '"__proto__":{"url":"javascript:window.__pwned=[\\"proto\\"]","name":"polluted"},"product_id":"H3"');
  await page.route('**/round40e/hostile-feed.json', (route) => route.fulfill({ contentType: 'application/json', body }));
  await page.route('**/round40e/hostile-feed.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>W</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-catalog-url="/round40e/hostile-feed.json" data-autocapture="false"></script></head><body>
<div id="r" data-clientele-widget="popular" data-limit="10"></div></body></html>`,
  }));
  await page.goto('/round40e/hostile-feed.html');
  await expect.poll(() => page.evaluate(() => document.getElementById('r')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  await page.waitForTimeout(1500);
  const seen = await page.evaluate(async () => {
    const root = document.getElementById('r')!.shadowRoot!;
    const w = window as unknown as { __pwned?: string[]; clientele: { status(): Promise<{ catalog: number } | null> } };
    // The cards whose URL was refused link to '#': clicking them runs nothing and leaves the page where it is.
    root.querySelectorAll('a[href="#"]').forEach((a) => a.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })));
    return {
      pwned: w.__pwned ?? [], catalog: (await w.clientele.status())?.catalog,
      hrefs: Array.from(root.querySelectorAll('a[href]')).map((a) => a.getAttribute('href')).filter((h) => h !== '#').sort(),
      srcs: Array.from(root.querySelectorAll('img[src]')).map((i) => i.getAttribute('src')),
      imgsInText: root.querySelectorAll('[onerror]').length,
    };
  });
  expect(seen).toEqual({ pwned: [], catalog: 3, hrefs: ['/p/h3'], srcs: [], imgsInText: 0 });
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  // On main: no message at all; the five entries were left out in silence (a feed keyed productId showed no rows).
  expect(ours.filter((w) => /catalogUrl .*: 5 of 8 products are left out: each needs a product_id or id.*got \{"productId":"CAMEL"/.test(w))).toHaveLength(1);
  expect(ours.find((w) => /5 of 8/.test(w))!.length).toBeLessThan(400);
  expect(pageErrors).toEqual([]);
});
