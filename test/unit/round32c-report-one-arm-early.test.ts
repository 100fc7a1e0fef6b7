// Round 32, tester C. A shop's first export under a 50% holdout, its visitor in the personalized arm: the report said
// "personalized 1; SRM p = 0.317" and nothing else (no lift, no warning), although the README promises "a warning
// while any arm has under 200 visitors or 25 orders": the holdout, planned for half the visitors, had none.
import { expect, test } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';
import { summaryLines } from '../../scripts/report.ts';

test('one small arm seen and the holdout not yet reached: too early, and the unseen arm is named', () => {
  const r = analyze(readEvents([
    '{"event":"Experiment Viewed","anonymous_id":"a1","timestamp":"2024-01-01T10:00:00Z","properties":{"experiment_id":"holdout","variation_id":"personalized","variation_share":0.5}}',
    '{"event":"Order Completed","anonymous_id":"a1","timestamp":"2024-01-02T10:00:00Z","properties":{"order_id":"o1","total":10}}',
  ].join('\n')).events);
  expect(r.experiments[0].warnings.join('\n')).toMatch(/Too early to conclude: "personalized" has 1 visitors and 1 orders; the arms planned for 50% of visitors have none yet/);
  expect(summaryLines(r).join('\n')).toMatch(/! Too early to conclude/);
});
