// Trusted Types on a page whose own 'default' policy is a gate for script URLs (the usual pattern: allow the shop's own
// third parties, return null for anything else so the sink refuses it), with the README's directive
// `require-trusted-types-for 'script'; trusted-types default clientele`. README: a default policy "that makes no script
// URLs leaves them to the 'clientele' policy". A createScriptURL that returns null does not throw: per the Trusted Types
// spec, policy.createScriptURL(url) then gives an EMPTY TrustedScriptURL, which is truthy, so src/loadAssets.ts
// scriptUrl() takes it as made (`if (made) return made`) and sets script.src = '' and new Worker(''): the engine never
// starts (ready() false after 10 s, status() null) and the console blames the dist/ folder and worker-src, although the
// CSP allows 'clientele'. Control: ALLOW=1 makes the gate accept the page's origin (the engine starts).
// Expected: the engine starts through the 'clientele' policy (ready() true), 0 violations, nothing thrown.
import { test, expect } from '@playwright/test';
import { demoUnderCsp, STRICT_CSP } from './helpers.ts';

const POLICY = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types default clientele`;

test('a page default policy that returns null for script URLs it does not list, CSP naming clientele: the engine still starts, 0 violations', async ({ page }) => {
  await page.addInitScript((ALLOW) => {
    const w = window as unknown as { trustedTypes: { createPolicy(n: string, p: object): unknown } };
    // The shop's default policy: HTML as is, script URLs only from the hosts it lists, null (refused) for the rest.
    w.trustedTypes.createPolicy('default', { createHTML: (s: string) => s, createScriptURL: (u: string) => (new RegExp(ALLOW).test(u) ? u : null) });
  }, process.env.ALLOW ? '^http://127\\.0\\.0\\.1' : '^https://www\\.googletagmanager\\.com/');
  const { warnings, pageErrors, violations: seen } = await demoUnderCsp(page, POLICY);
  const t0 = Date.now();
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  const status = await page.evaluate(() => (window as unknown as { clientele: { status(): Promise<unknown> } }).clientele.status());
  const violations = await seen();
  const probe = await page.evaluate(() => { const u = (window as unknown as { trustedTypes: { defaultPolicy: { createScriptURL(u: string): unknown } } }).trustedTypes.defaultPolicy.createScriptURL('/dist/clientele-worker.js'); return { truthy: !!u, text: String(u) }; });
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  console.log(JSON.stringify({ probe, ok, readyMs: Date.now() - t0, status, violations, ours, pageErrors }, null, 1));
  expect(pageErrors).toEqual([]);
  expect(violations).toEqual([]);
  expect(ok).toBe(true);
});
