// Trusted Types on a page whose own 'default' policy only sanitizes HTML (the common DOMPurify set-up:
// trustedTypes.createPolicy('default', { createHTML: (s) => DOMPurify.sanitize(s) })), with the README's directive:
// `require-trusted-types-for 'script'; trusted-types default clientele`. README: pages "add `trusted-types clientele`
// beside `require-trusted-types-for 'script'` (and any policy names of their own)" and "A page that has its own
// default policy needs no name for Clientele: the plain URLs go through that policy, and Clientele asks for none."
// A default policy without createScriptURL refuses every plain script URL, so Clientele, which skipped its own
// (allowed) policy, cannot start its worker nor load its chunks. Expected: the engine starts (ready() true), events
// are stored, 0 violations, nothing thrown into the page.
import { test, expect } from '@playwright/test';
import { demoUnderCsp, STRICT_CSP } from './helpers.ts';

const POLICY = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types default clientele`;

test('a page default policy for HTML only, CSP naming clientele: the engine still starts, 0 violations', async ({ page }) => {
  await page.addInitScript(() => {
    const w = window as unknown as { trustedTypes: { createPolicy(n: string, p: object): unknown } };
    // The shop's HTML sanitizer (stands in for DOMPurify): no createScriptURL.
    w.trustedTypes.createPolicy('default', { createHTML: (s: string) => s.replace(/<script[\s\S]*?<\/script>/gi, '') });
  });
  const { warnings, pageErrors, violations: seen } = await demoUnderCsp(page, POLICY);
  const t0 = Date.now();
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  const status = await page.evaluate(() => (window as unknown as { clientele: { status(): Promise<unknown> } }).clientele.status());
  const violations = await seen();
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  console.log(JSON.stringify({ ok, readyMs: Date.now() - t0, status, violations, ours, pageErrors }, null, 1));
  expect(pageErrors).toEqual([]);
  expect(violations).toEqual([]);
  expect(ok).toBe(true);
});
