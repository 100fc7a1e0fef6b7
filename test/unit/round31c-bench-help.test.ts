// Round 31, tester C. `npm run bench -- --help` must print the bench's options and exit, as every other command of the
// project does (`npx clientele <command> --help`, `npm run eval -- --help`, `npm run simulate -- --help`).
// README, "Benchmarks": "npm run bench -- --only page    # one section", and "Command line": "`npx clientele <command>
// --help` their options"; the brief of a new user: "npm run bench -- --help or its quickest mode".
// Observed on this build: bench/run.ts ignores --help (and any unknown option) and starts the whole benchmark: every
// section, the build-model on a generated log of 10,000,000 interactions (a 310 MB CSV in .tmp/, 7-10 min, 2.4 GB peak),
// and overwrites bench/results/bench.json. Expected: a usage text on stdout, exit code 0, within seconds, nothing run.
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

test('bench --help prints its options and exits without running any section', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--help'], { cwd: root, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  expect(r.signal, `still running after 20 s; stderr: ${r.stderr.slice(0, 300)}`).toBeNull();
  expect(r.status).toBe(0);
  expect(r.stdout + r.stderr).toMatch(/--only/);
  expect(r.stderr).not.toMatch(/^bench: /m);
}, 30_000);

test('bench with an unknown option names it and exits 2 without running', () => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--onyl', 'page'], { cwd: root, encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  expect(r.signal, `still running after 20 s; stderr: ${r.stderr.slice(0, 300)}`).toBeNull();
  expect(r.status).toBe(2);
  expect(r.stderr).toMatch(/--onyl/);
}, 30_000);
