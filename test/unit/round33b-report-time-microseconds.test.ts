// A log whose timestamps are unix microseconds (GA4's BigQuery export writes event_timestamp so; other warehouses
// too): 1714521600000000 for 1 May 2024.
// Expected: round 32 (round32b-report-time-out-of-range): a timestamp in µs or ns is a line skipped with its problem
// ('has no readable "timestamp"'), never a time read wrong; README ("The report"): one problem line naming it.
// Observed before the fix: only values past a Date's range (8.64e15 ms) were refused; a µs time of today (1.7e15) is
// inside it and was read as milliseconds: the year 56,301, with no problem, so the span, the daily figures and the
// order of exposures and orders (against a log in ms) were wrong without a word.
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';

const line = (anon: string, timestamp: unknown) => JSON.stringify({ event: 'Experiment Viewed', anonymous_id: anon, timestamp, properties: { experiment_id: 'e', variation_id: 'a', variation_share: 1 } });

describe('a timestamp in microseconds', () => {
  for (const t of [1714521600000000, '1714521600000000', 1e14 + 1])
    it(`${JSON.stringify(t)} is a line skipped with its problem`, () => {
      const r = readEvents([line('ok', '2024-05-01T00:00:00Z'), line('bad', t)].join('\n'));
      expect(r.events.map((e) => e.anonymous_id)).toEqual(['ok']);
      expect(r.problems[0]).toMatch(/line 2 has no readable "timestamp"/);
    });
  it('ms up to the year 5000 and seconds still read', () => {
    const far = Date.UTC(5000, 0, 1);
    const r = readEvents([line('ms', 1714521600000), line('s', 1714521600), line('far', far)].join('\n'));
    expect(r.events.map((e) => e.timestamp)).toEqual([1714521600000, 1714521600000, far]);
  });
});
