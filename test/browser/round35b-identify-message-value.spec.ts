// Round 35 (tester B, hostile input). README, API: "A bad call logs one console message that names the key, the value
// and the fix". identify() is checked in the worker, after the page wrote the call as JSON: JSON writes NaN, Infinity,
// undefined and a Symbol as null, so identify(NaN) is told "identify(userId) needs your user id ..., got null"; and a
// BigInt makes the whole call unwritable, told as the traits' fault: identify(10n) says "identify(userId, traits) needs
// plain data ...; got nothing" (the traits, which were not given).
// Not fixed: the check on the page costs the script tag some 40-60 bytes gzip, and clientele.js has 21 left of its
// budget (test/browser/budgets.spec.ts). Expected once fixed: each message names identify(userId) and the value given.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

const CASES: Array<[string, RegExp]> = [
  ['NaN', /identify\(userId\) needs your user id .*got NaN$/],
  ['Infinity', /identify\(userId\) needs your user id .*got Infinity$/],
  ['undefined', /identify\(userId\) needs your user id .*got nothing$/],
  ['10n', /identify\(userId\) .*BigInt/],
];

for (const [arg, message] of CASES) test.fixme(`identify(${arg}): the message names the value given`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  warnings.length = 0;
  await page.evaluate(`window.clientele.identify(${arg})`);
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele] identify')), { timeout: 10_000 }).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele] identify'))).toMatch(message);
  expect(pageErrors).toEqual([]);
});
