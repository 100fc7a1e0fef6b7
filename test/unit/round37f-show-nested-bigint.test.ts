// show() writes a BigInt as code does (10n) since round 36 (round36b-show-bigint), but only a BigInt given by itself:
// one inside the value (track('Product Viewed', { price: 10n }), [10n]) made JSON.stringify throw, and the message
// fell back to String(value): '[object Object]' names nothing, and '10' reads as a number that was fine.
import { describe, expect, it } from 'vitest';
import { problem, show } from '../../src/contract/widgetCheck.ts';

describe('a BigInt inside a value is shown as written', () => {
  it.each([
    [{ price: 10n }, '{"price":"10n"}'],
    [[10n], '["10n"]'],
    [{ product: { id: 'SKU-1', qty: 2n } }, '{"product":{"id":"SKU-1","qty":"2n"}}'],
  ])('show(%o)', (v, want) => {
    expect(show(v)).toBe(want);
  });
  it('in a problem message', () => {
    const m = problem('track(event, properties)', { price: 10n }, 'must be plain JSON');
    expect(m).toContain('10n');
    expect(m).not.toContain('[object Object]');
  });
  it('a BigInt by itself, and plain values, unchanged', () => {
    expect(show(10n)).toBe('10n');
    expect(show({ a: 1, b: 'x' })).toBe('{"a":1,"b":"x"}');
  });
});
