// Round 32, tester C. `npm run bench -- --big-rows abc` started every section and then built "a generated log of NaN
// interactions"; `--data /nope` ran, recorded "skipped" and exited 0. Both are bad usage: one message naming the
// option, the value and the fix, exit 2, nothing run (bench/results/bench.json untouched).
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const bench = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });

test.each([['abc'], ['-5'], ['1.5'], ['0']])('--big-rows %s is refused before anything runs', (v) => {
  const r = bench(['--only', 'big-log', `--big-rows=${v}`]);
  expect(r.signal, `still running after 20 s; stderr: ${r.stderr.slice(0, 300)}`).toBeNull();
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--big-rows must be a whole number from 1000 to 1000000000, got "${v}"`);
  expect(r.stdout).not.toMatch(/wrote bench/);
}, 30_000);

test('--data naming a folder without train.csv is refused before anything runs', () => {
  const r = bench(['--only', 'train-node', '--data', '/nope']);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('--data "/nope" has no train.csv');
  expect(r.stdout).not.toMatch(/wrote bench/);
}, 30_000);
