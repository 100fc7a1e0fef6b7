// The demo shop under the README's strict policy plus Trusted Types (`require-trusted-types-for 'script'`), a policy
// shops adopt against DOM XSS. README: "Trusted Types see no HTML sink". Clientele assigns a plain string to a script
// element's src (src/loadAssets.ts loadChunk) and passes a plain string to new Worker() (startWorker): both are
// Trusted Types sinks, refused. Expected: the engine starts, events are stored, widgets draw, zero violations.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported } from './helpers.ts';

const POLICY = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'";
const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8').trim();

test('the demo under a strict CSP with Trusted Types: the engine starts, events are stored, rows draw, no violation', async ({ page }) => {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Control only (TT_CONTROL=1): a page-wide default policy stands in for the policy Clientele should create itself.
  if (process.env.TT_CONTROL) await page.addInitScript(() => (window as unknown as { trustedTypes: { createPolicy(n: string, p: object): unknown } }).trustedTypes.createPolicy('default', { createScriptURL: (s: string) => s }));
  await page.route(/\/demo\/[\w-]+\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    let body = await res.text();
    expect(body).toContain(SNIPPET);
    body = body.replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': POLICY } });
  });
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  const items = await page.locator('[data-clientele-widget] [data-clientele-widget-item]').count();
  const stored = ok ? (await exported(page)).events.filter((e) => e.event === 'Page Viewed').length : 0;
  console.log(JSON.stringify({ ok, violations, items, stored, warnings, pageErrors }, null, 1));
  expect(violations).toEqual([]);
  expect(ok).toBe(true);
  expect(stored).toBeGreaterThan(0);
  expect(pageErrors).toEqual([]);
});
