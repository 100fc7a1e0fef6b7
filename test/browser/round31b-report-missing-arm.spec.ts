// The report on forwarded events where one planned arm got no visitor at all (the holdout dropped by a bug, a variant
// whose config never served): the most extreme sample-ratio mismatch there is.
// Expected: the sample-ratio check counts the missing arm as 0 visitors against its planned share (each
// `Experiment Viewed` carries `variation_share`; the seen arms' shares sum to 0.9, or 2/3, so the rest is an arm that
// never showed up), gives a tiny p and the "Sample ratio mismatch" warning.
// README ("The report"): "a chi-square sample-ratio check against each arm's planned share; a warning while any arm
// has under 200 visitors or 25 orders".
// Observed on this build: 1,000 visitors all in `personalized` (planned 90%) with a 10% holdout that got nobody:
// "SRM p = 1.000", srm { chi2: 0, df: 0 }, no warning at all; a three-arm test whose third arm got nobody: p = 1.000,
// no SRM warning. The report reads as a clean experiment.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let n = 0;
const ev = (event: string, anon: string, props: object, t: number) => JSON.stringify({ type: 'track', event, properties: props, message_id: `m${n++}`, anonymous_id: anon, user_id: null, session_id: `s-${anon}`, timestamp: new Date(t).toISOString() });
const T = Date.parse('2026-11-01T10:00:00Z');

function report(lines: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'r31b-'));
  writeFileSync(join(dir, 'events.ndjson'), lines.join('\n') + '\n');
  execFileSync('npx', ['clientele', 'report', '--events', join(dir, 'events.ndjson'), '--json', join(dir, 'report.json')], { stdio: 'pipe' });
  return JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { experiments: Array<{ id: string; srm_p: number; warnings: string[]; variants: Array<{ id: string; visitors: number }> }> };
}

test('a holdout whose holdout arm got no visitor is a sample-ratio mismatch', () => {
  test.setTimeout(60_000);
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    lines.push(ev('Experiment Viewed', `v${i}`, { experiment_id: 'holdout', experiment_name: 'Personalization holdout', variation_id: 'personalized', variation_name: 'Personalized', variation_share: 0.9 }, T + i * 1000));
    if (i % 10 === 0) lines.push(ev('Order Completed', `v${i}`, { order_id: `o${i}`, revenue: 10, products: [{ product_id: 'p', price: 10, quantity: 1 }] }, T + i * 1000 + 500));
  }
  const x = report(lines).experiments.find((e) => e.id === 'holdout')!;
  console.log(JSON.stringify({ srm_p: x.srm_p, variants: x.variants.map((v) => [v.id, v.visitors]), warnings: x.warnings }));
  // planned 900 / 100, observed 1000 / 0: chi-square 111, p about 1e-25
  expect(x.srm_p).toBeLessThan(0.01);
  expect(x.warnings.join(' ')).toMatch(/Sample ratio mismatch/);
});

test('a three-arm experiment whose third arm got no visitor is a sample-ratio mismatch', () => {
  test.setTimeout(60_000);
  const lines: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const arm = ['a', 'b'][i % 2];
    lines.push(ev('Experiment Viewed', `v${i}`, { experiment_id: 'three', experiment_name: 'three', variation_id: arm, variation_name: arm, variation_share: 1 / 3 }, T + i * 1000));
  }
  const x = report(lines).experiments.find((e) => e.id === 'three')!;
  console.log(JSON.stringify({ srm_p: x.srm_p, variants: x.variants.map((v) => [v.id, v.visitors]), warnings: x.warnings }));
  // planned 333 / 333 / 333, observed 500 / 500 / 0
  expect(x.srm_p).toBeLessThan(0.01);
  expect(x.warnings.join(' ')).toMatch(/Sample ratio mismatch/);
});
