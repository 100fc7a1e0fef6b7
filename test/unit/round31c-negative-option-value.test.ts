// Round 31, tester C. A negative number given to a numeric option with a space (`--window-days -3`, `--eval-users -5`)
// is a bad value, and the message must say so: README "Command line": "Problems read `[clientele] <what> <fix>`", and
// the brief: bad arguments give one clear message naming the argument and the fix. Written with `=` (`--window-days=-3`)
// it reads `--window-days must be a number from 1 to 3650, got "-3"`. Observed with a space: `[clientele]
// --window-days needs a value, e.g. --window-days <n>`, which tells a user who gave a value to give one.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('build-model --window-days -3 names the bad value, not a missing one', () => {
  const r = spawnSync(process.execPath, ['bin/clientele.mjs', 'build-model', '--events', 'demo/data/sample-log.csv', '--out', '.tmp/r31c-neg', '--window-days', '-3'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(2);
  expect(r.stderr.split('\n')[0]).toMatch(/--window-days must be a number from 1 to 3650, got "-3"/);
}, 40_000);

test('simulate --days -3 names the bad value too (node said "argument is ambiguous")', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', '--data', 'x', '--out', '.tmp/r31c-sim', '--days', '-3'], { cwd: root, encoding: 'utf8', timeout: 30_000 });
  expect(r.status).toBe(2);
  expect(r.stderr.split('\n')[0]).toBe('[clientele] --days must be a number from 1 to 365, got "-3"');
}, 40_000);
