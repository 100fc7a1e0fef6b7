// Round 36 (tester B). README, API: "A bad call logs one console message that names the key, the value and the fix".
// A BigInt given where a number belongs was shown by String(), as "10": `setClock(10n)` said "needs a time in ms like
// Date.now(), or null, got 10", `identify(10n)` "needs your user id as a string ..., got 10", `track(10n)` "needs an
// event name string ..., got 10": a value that reads as the very number that was fine. Expected: the value as written
// in code, 10n.
import { describe, it, expect } from 'vitest';
import { problem, show } from '../../src/contract/widgetCheck.ts';

describe('show() of a BigInt', () => {
  it('writes it as code does, with its n', () => {
    expect(show(10n)).toBe('10n');
    expect(show(-(2n ** 70n))).toBe('-1180591620717411303424n');
    expect(problem('setClock(ms)', 10n, 'needs a time in ms like Date.now(), or null')).toBe('[clientele] setClock(ms) needs a time in ms like Date.now(), or null, got 10n');
  });
  it('leaves numbers as they were', () => {
    expect([show(10), show(NaN), show(-0), show(Infinity)]).toEqual(['10', 'NaN', '0', 'Infinity']);
  });
});
