// Round 32, tester C (a newcomer following the README's "Evaluation" section). `npm run eval:segments -- --help` said
// "Unknown option '--help'" and exited 2; `--cutoff 2011-13-01` was taken (Date.UTC rolled it into January 2012) and
// the run read the log, then blamed the labels; `npm run eval -- --bogus` exited 1, not 2 as bad usage does elsewhere.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });

test('eval:segments --help prints its options and exits 0', () => {
  const r = run('scripts/eval-segments.ts', ['--help']);
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/--orders/);
  expect(r.stdout).toMatch(/--cutoff/);
  expect(r.stderr).not.toMatch(/Unknown option/);
}, 40_000);

test.each(['2011-13-01', '2011-02-30', '2011-00-10'])('eval:segments --cutoff %s is refused before the log is read', (cutoff) => {
  const r = run('scripts/eval-segments.ts', ['--orders', 'demo/data/sample-log.csv', '--cutoff', cutoff]);
  expect(r.status).toBe(2);
  expect(r.stderr).toContain(`--cutoff must be a date that exists, like 2011-09-10, got "${cutoff}"`);
  expect(r.stderr).not.toMatch(/reading/);
}, 40_000);

test('eval with an unknown option or no --data exits 2, as bad usage', () => {
  const bad = run('scripts/eval.ts', ['--bogus']);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/--bogus/);
  const none = run('scripts/eval.ts', []);
  expect(none.status).toBe(2);
  expect(none.stderr).toMatch(/--data is required/);
}, 60_000);
