// The time each queued call is replayed at (src/client.ts callTimes): a call pushed with no time keeps its place.
import { describe, expect, it } from 'vitest';
import { callTimes } from '../../src/client.ts';

describe('callTimes', () => {
  it('a call with no time takes the time of the call before it, so a stable sort keeps it where it was pushed', () => {
    const q = [['track', [], 0, 0, 5], ['forget', []], ['track', [], 0, 0, 9]];
    expect(callTimes(q)).toEqual([5, 5, 9]);
    const order = q.map((c, i) => [callTimes(q)[i], c[0]] as const).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
    expect(order).toEqual(['track', 'forget', 'track']);
  });
  it('leading calls with no time take the first time there is; a queue with none is all 0', () => {
    expect(callTimes([['forget', []], 'not a call', ['track', [], 0, 0, 7]])).toEqual([7, 7, 7]);
    expect(callTimes([['forget', []], ['track', []]])).toEqual([0, 0]);
    expect(callTimes([])).toEqual([]);
  });
});
