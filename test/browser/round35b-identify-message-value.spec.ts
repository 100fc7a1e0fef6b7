// Round 35 (tester B, hostile input). README, API: "A bad call logs one console message that names the key, the value
// and the fix". identify() is checked in the worker, after the page wrote the call as JSON: JSON writes NaN, Infinity,
// undefined and a Symbol as null, so identify(NaN) is told "identify(userId) needs your user id ..., got null"; and a
// BigInt makes the whole call unwritable, told as the traits' fault: identify(10n) says "identify(userId, traits) needs
// plain data ...; got nothing" (the traits, which were not given).
// Before the fix: "got null" for the first three, the traits' message for the BigInt. Expected: each message names
// identify(userId) and the value given (the page checks what JSON cannot write as given, and show() writes a number as
// it is).
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

const CASES: Array<[string, RegExp]> = [
  ['NaN', /^\[clientele\] identify\(userId\) needs your user id as a string or number; the call was ignored, got NaN$/],
  ['Infinity', /identify\(userId\) needs your user id .*got Infinity$/],
  ['undefined', /identify\(userId\) needs your user id .*got nothing$/],
  // Round 36 (tester B): a BigInt is shown as written, 10n (as 10 it read as the number a user id may be).
  ['10n', /identify\(userId\) needs your user id .*got 10n$/],
  // Unchanged: a number is a user id ("42"), and a string the worker refuses is told by the worker.
  ['"   "', /identify\(userId\) needs your user id as a string of 1 to 200 characters; the call was ignored, got " {3}"$/],
];

for (const [arg, message] of CASES) test(`identify(${arg}): the message names the value given`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  warnings.length = 0;
  await page.evaluate(`window.clientele.identify(${arg})`);
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele] identify')), { timeout: 10_000 }).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele] identify'))).toMatch(message);
  expect(pageErrors).toEqual([]);
});
