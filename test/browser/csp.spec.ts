// The demo shop served under the strict Content-Security-Policy the README recommends, with the snippet loaded as a
// file instead of inline: widgets render styled, events are stored, and the browser reports no violation at all.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, ready, STRICT_CSP, watchViolations } from './helpers.ts';

/** The README's minimal policy for shop pages (the owner page's in-browser training also needs 'wasm-unsafe-eval'). */
const POLICY = STRICT_CSP;
const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8').trim();
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

test('the README gives this policy and the file snippet', () => {
  expect(README).toContain(POLICY);
  expect(README).toContain('<script src="/clientele/clientele-snippet.js"></script>');
});

test('the demo under a strict CSP: no violations, widgets styled by an adopted stylesheet, events stored', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => { if (/Content[- ]Security[- ]Policy|Refused to/i.test(m.text())) violations.push(m.text()); });
  page.on('pageerror', (e) => violations.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.route(/\/demo\/[\w-]+\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    let body = await res.text();
    // The inline stub becomes the file the build ships beside the script.
    expect(body).toContain(SNIPPET);
    body = body.replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    expect(body).not.toMatch(/<script>(?!<\/script>)/);
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': POLICY } });
  });
  for (const path of ['/demo/index.html', '/demo/product.html?id=85123A', '/demo/category.html?c=home-decor']) {
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
    const row = page.locator('[data-clientele-widget] [data-clientele-widget-item]').first();
    if (await page.locator('[data-clientele-widget]').count()) {
      await row.waitFor({ timeout: 20_000 });
      // Styled: the adopted sheet applies (cards are laid out as a grid row, not a bare list).
      const styled = await page.locator('[data-clientele-widget]').first().evaluate((el) => ({
        sheets: el.shadowRoot!.adoptedStyleSheets.length,
        display: getComputedStyle(el.shadowRoot!.querySelector('ul')!).display,
        inline: el.shadowRoot!.querySelectorAll('style').length,
      }));
      expect(styled).toEqual({ sheets: 1, display: 'grid', inline: 0 });
    }
    expect(await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
  }
  expect((await exported(page)).events.some((e) => e.event === 'Page Viewed')).toBe(true);
  expect(violations).toEqual([]);
});

test('the owner page under the strict policy plus \'wasm-unsafe-eval\' (npm run demo -- --csp): no violations', async ({ page }) => {
  const violations = await watchViolations(page);
  await page.route(/\/demo\/owner\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': POLICY.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'") } });
  });
  await page.goto('/demo/owner.html');
  await ready(page);
  await page.waitForLoadState('networkidle');
  // Its build panel is styled from a file: an inline <style> or style attribute is refused here.
  expect(await page.locator('.build-options').evaluate((el) => getComputedStyle(el).display)).toBe('flex');
  expect(await violations()).toEqual([]);
});
