// Trusted Types with a trusted-types directive that leaves clientele out (README: "Clientele logs once (`add clientele
// to the trusted-types directive`) and goes on with plain URLs ... It never throws into the page"). The issue asks for
// one message per problem. Clientele logs the Trusted Types message, then a second one for the same cause that points
// the owner at the wrong fix ("serve it beside clientele.js (or set config.assetBase) and allow it in the CSP's
// worker-src"). Expected: exactly one [clientele] message, naming the trusted-types directive; nothing thrown.
import { test, expect } from '@playwright/test';
import { demoUnderCsp, STRICT_CSP } from './helpers.ts';

const POLICY = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types shop`;

test('a trusted-types directive without clientele: exactly one [clientele] message, and it names the fix', async ({ page }) => {
  const { warnings, pageErrors } = await demoUnderCsp(page, POLICY);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await page.waitForTimeout(3000);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  console.log(JSON.stringify({ ok, ours, pageErrors }, null, 1));
  expect(pageErrors).toEqual([]);
  expect(ours.filter((w) => w.includes('add clientele to the trusted-types directive'))).toHaveLength(1);
  expect(ours).toHaveLength(1);
});
