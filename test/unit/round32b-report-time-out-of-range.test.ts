// A log line whose timestamp is a number past what a Date holds (8.64e15 ms either side of 1970: a timestamp in
// microseconds or nanoseconds, as some warehouses export them, or a corrupt value).
// Expected: README ("The report"): the reader skips a line it cannot read, with one problem line naming it and the fix;
// the report of the other lines comes. Observed before the fix: the line was read as a time, and analyze() threw
// "RangeError: Invalid time value" (new Date(ms).toISOString() for the daily figures and the span): no report at all,
// on the command line or on the owner page, for one bad line.
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';

const line = (anon: string, timestamp: unknown) => JSON.stringify({ event: 'Experiment Viewed', anonymous_id: anon, timestamp, properties: { experiment_id: 'e', variation_id: 'a', variation_share: 1 } });

describe('a timestamp past the range of a Date', () => {
  for (const t of [1.7e18, -9e15, '1700000000000000000', 1.7e15 * 1000])
    it(`${JSON.stringify(t)} is a line skipped with its problem, and the report of the rest comes`, () => {
      const r = readEvents([line('ok', '2024-05-01T00:00:00Z'), line('bad', t)].join('\n'));
      expect(r.skipped).toBe(1);
      expect(r.problems[0]).toMatch(/line 2 has no readable "timestamp"/);
      const report = analyze(r.events);
      expect(report.experiments[0].variants[0].visitors).toBe(1);
      expect(report.span?.from).toBe('2024-05-01T00:00:00.000Z');
    });
  it('seconds, milliseconds and ISO text still read', () => {
    const r = readEvents([line('s', 1714521600), line('ms', 1714521600000), line('iso', '2024-05-01T00:00:00Z'), line('text', '1714521600000')].join('\n'));
    expect(r.events.map((e) => e.timestamp)).toEqual([1714521600000, 1714521600000, 1714521600000, 1714521600000]);
  });
});
