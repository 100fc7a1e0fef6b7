// Round 32, tester C. `npm run simulate -- --out README.md` (a file) printed Node's "simulate failed: EEXIST: file
// already exists, mkdir ..." (exit 1), and a missing --data folder "simulate failed: [clientele] --data ..." (a prefix
// twice). The clientele commands' own checks and wording now: one message naming the option, the value and the fix.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const simulate = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/simulate.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

test('--out naming a file is refused as bad usage, in the clientele commands\' words', () => {
  const r = simulate(['--data', '../shared/data/online-retail/split', '--out', 'README.md']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('[clientele] --out "README.md" is a file, not a folder; pass a folder (it is created if missing)');
  expect(r.stderr).not.toMatch(/EEXIST/);
}, 40_000);

test('--data that is not a folder is told once, with one prefix', () => {
  const r = simulate(['--data', '/nope', '--out', resolve(root, '.tmp/sim-nope')]);
  expect(r.status).toBe(1);
  expect(r.stderr.trim()).toBe('[clientele] --data "/nope" is not a folder; pass a folder holding train.csv, test.csv, train_inner.csv, valid.csv');
}, 40_000);
