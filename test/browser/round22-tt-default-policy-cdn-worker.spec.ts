// Trusted Types with the page's own 'default' policy and clientele.js served from a CDN (README: "Add blob: to
// worker-src when clientele.js is served from another origin (a CDN: the worker starts through a small blob)" and "A
// page that has its own default policy needs no name for Clientele: the plain URLs go through that policy, and
// Clientele asks for none"). The blob worker inherits the page's CSP but not its default policy (a worker global has
// its own): it asks for a 'clientele' policy the CSP refuses, then passes the CDN URL to importScripts as a plain
// string, which Trusted Types refuse. Expected: the engine starts (ready() true), events are stored, 0 violations.
// Control (SAME_ORIGIN=1, clientele.js from the page's own origin): passes.
import { test, expect, type Page } from '@playwright/test';
import { exported } from './helpers.ts';

const CDN = 'http://cdn.test';
const POLICY = `default-src 'self'; script-src 'self' ${CDN}; worker-src 'self' blob: ${CDN}; style-src 'self'; img-src 'self' data:; connect-src 'self' ${CDN}; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'; trusted-types default`;

async function open(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[]; trustedTypes: { createPolicy(n: string, p: object): unknown } };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.sample}`));
    // The shop's own default policy: lets its own script URLs through (here, any).
    w.trustedTypes.createPolicy('default', { createScriptURL: (u: string) => u, createHTML: (s: string) => s });
  });
  await page.route(/\/demo\/([\w-]+\/)?[\w-]+\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    let body = (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    if (!process.env.SAME_ORIGIN) body = body.replace('src="/dist/clientele.js"', `src="${CDN}/dist/clientele.js"`);
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': POLICY } });
  });
  await page.context().route(/^http:\/\/cdn\.test\//, async (route) => {
    const res = await route.fetch({ url: route.request().url().replace(CDN, new URL(test.info().project.use.baseURL!).origin) });
    await route.fulfill({ response: res, headers: { ...res.headers(), 'access-control-allow-origin': '*' } });
  });
}

test('a page with its own default policy, clientele.js from a CDN: the blob worker starts, 0 violations', async ({ page }) => {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await open(page);
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  const stored = ok ? (await exported(page)).events.length : 0;
  const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
  console.log(JSON.stringify({ ok, stored, violations, warnings: warnings.filter((w) => /clientele|Trusted/i.test(w)), pageErrors }, null, 1));
  expect(pageErrors).toEqual([]);
  expect(ok).toBe(true);
  expect(violations).toEqual([]);
});
