// show(): the value in a problem message. It reads a value only about as far as the 80 characters it shows, and shows
// exactly what the whole value's JSON would have begun with.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { show } from '../../src/contract/widgetCheck.ts';

/** What show() gave when it wrote the whole JSON (before round 32): the reference it must still match. */
const whole = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  if (v === undefined) return 'nothing';
  // Round 35: a number as written, NaN and Infinity too (JSON wrote them as null: identify(NaN) was told "got null").
  if (typeof v === 'number') return String(v);
  try {
    if (v instanceof Error) return v.message;
    const s = JSON.stringify(v);
    if (s !== undefined) return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch { /* as show */ }
  try {
    return String(v).slice(0, 80);
  } catch {
    return 'a value that cannot be shown';
  }
};

describe('show', () => {
  it('shows what the whole JSON begins with, for any value', () => {
    fc.assert(fc.property(fc.anything({ withNullPrototype: true, withSparseArray: true, withDate: true, withMap: true, withTypedArray: true, maxDepth: 4 }), (v) => {
      expect(show(v)).toBe(whole(v));
    }), { numRuns: 3000 });
    for (const v of ['x'.repeat(100), 'é'.repeat(85), Array.from({ length: 100 }, (_, i) => i), Array(60).fill(''), new Array(50), { a: [1, { b: 'y'.repeat(90) }] }, Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`k${i}`, i]))]) expect(show(v)).toBe(whole(v));
  });

  it('shows a number as written: NaN, Infinity, -Infinity are not null', () => {
    expect([NaN, Infinity, -Infinity, 12.5, -0].map(show)).toEqual(['NaN', 'Infinity', '-Infinity', '12.5', '0']);
  });

  it('reads some dozens of items of a huge array, not all of them', () => {
    let reads = 0;
    const huge = new Proxy(new Array(1_000_000).fill(7), { get(t, k, r) { if (typeof k === 'string' && /^\d+$/.test(k)) reads++; return Reflect.get(t, k, r); } });
    expect(show(huge)).toBe(whole(new Array(1_000_000).fill(7)));
    expect(reads).toBeLessThan(100);
  });
});
