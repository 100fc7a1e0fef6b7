// Round 32, tester C (a shop owner following README "Experiments and the holdout"). A format 2 site model ships
// itemKnn, rp3beta and ease as one combined for-you row (worker/recommend/rows.ts COMBINED), so an experiment whose arms
// name two of them, { model: 'itemKnn' } against { model: 'ease' }, serves the same rows in both: an A/A test the owner
// reads as an A/B one, with no message. It gets one now, naming the fix; the experiment still runs.
import { expect, test } from 'vitest';
import { resolveConfig } from '../../src/contract/config.ts';

const experiment = (rows: Array<Record<string, unknown> | undefined>) => ({
  experiments: [{ id: 'algo', target: { rows: 'for-you' }, variants: rows.map((row, i) => ({ id: `v${i}`, ...(row ? { row } : {}) })) }],
});

test('arms that name two families of the combined for-you row get one message naming both and the fix', () => {
  const { config, problems } = resolveConfig(experiment([{ model: 'itemKnn' }, { model: 'ease' }, { model: 'ials', limit: 8 }]));
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain('experiments[0].variants[1].row.model');
  expect(problems[0]).toContain('"ease"');
  expect(problems[0]).toContain(`variants[0]'s itemKnn`);
  expect(problems[0]).toMatch(/itemKnn,rp3beta,ease,ials are one combined for-you row; compare "coVisitation" or "popularity"/);
  expect(config.experiments).toHaveLength(1);
});

test('arms that differ in a row the model ships apart, or in another setting, get none', () => {
  for (const rows of [[undefined, { model: 'ease' }], [{ model: 'ease' }, { model: 'coVisitation' }], [{ model: 'ease' }, { model: 'itemKnn', limit: 8 }], [{ model: 'ease' }, { model: 'ease', title: 'For you' }]]) {
    expect(resolveConfig(experiment(rows)).problems).toEqual([]);
  }
});
