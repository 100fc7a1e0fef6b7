// Round 32, tester C. `clientele report` on a first small export said "personalized vs holdout: conversion rate n/a
// (the holdout arm has no conversions yet)" for a holdout whose one visitor bought, on the line above "holdout has 1
// visitors and 1 orders": any lift without an interval was put down to the baseline having no conversions.
import { expect, test } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';
import { summaryLines } from '../../scripts/report.ts';

const exposure = (a: string, arm: string) => `{"event":"Experiment Viewed","anonymous_id":"${a}","timestamp":"2024-01-01T10:00:00Z","properties":{"experiment_id":"holdout","variation_id":"${arm}","variation_share":0.5}}`;
const order = (a: string, id: string) => `{"event":"Order Completed","anonymous_id":"${a}","timestamp":"2024-01-02T10:00:00Z","properties":{"order_id":"${id}","total":10}}`;

test('a lift with no interval because an arm has one visitor says so, not that the baseline has no conversions', () => {
  const lines = summaryLines(analyze(readEvents([exposure('a1', 'holdout'), exposure('a2', 'personalized'), order('a1', 'o1'), order('a2', 'o2')].join('\n')).events));
  const conv = lines.find((l) => l.includes('conversion rate'))!;
  expect(conv).not.toMatch(/no conversions/);
  expect(conv).toMatch(/2 visitors or more in each arm; holdout has 1, personalized has 1/);
  expect(lines.find((l) => l.includes('revenue per visitor'))).not.toMatch(/no revenue/);
});

test('a baseline with no conversions is still named so', () => {
  const lines = summaryLines(analyze(readEvents([exposure('a1', 'holdout'), exposure('a3', 'holdout'), exposure('a2', 'personalized'), exposure('a4', 'personalized'), order('a2', 'o2')].join('\n')).events));
  expect(lines.find((l) => l.includes('conversion rate'))).toMatch(/the holdout arm has no conversions yet/);
});
