import { describe, expect, it } from 'vitest';
import { heldOut, parseSplitCsv, toInteractions } from '../../scripts/lib/splitCsv.ts';

describe('parseSplitCsv', () => {
  it('reads user,item,ts rows', async () => {
    const r = await parseSplitCsv('user,item,ts\nu1,A,20\nu1,B,10\nu2,A,5\n', 'train.csv');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value.items).toEqual(['A', 'B', 'A']);
  });
  it.each([
    ['missing column', 'user,item\nu1,A\n', /header must have columns user,item,ts/],
    ['non-numeric ts', 'user,item,ts\nu1,A,yesterday\n', /train\.csv has no usable rows \(left out: 1 bad-time\)/],
    ['no rows', 'user,item,ts\n', /train\.csv has no usable rows/],
  ])('%s is a clear error value', async (_n, text, msg) => {
    const r = await parseSplitCsv(text, 'train.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(msg);
  });
});

describe('toInteractions', () => {
  it('orders each row by time and collapses duplicates to the earliest ts', async () => {
    const r = await parseSplitCsv('user,item,ts\nu1,A,20\nu1,B,10\nu1,A,5\nu2,B,1\n', 'x');
    if (!r.ok) throw new Error(r.message);
    const users = new Map([['u1', 0], ['u2', 1]]), items = new Map([['A', 0], ['B', 1]]);
    const X = toInteractions(r.value, users, items);
    expect(Array.from(X.userPtr)).toEqual([0, 2, 3]);
    expect(Array.from(X.items)).toEqual([0, 1, 1]);
    expect(Array.from(X.ts)).toEqual([5, 10, 1]);
    expect([...heldOut(r.value, users, items).get(0)!]).toEqual([0, 1]);
  });
});
