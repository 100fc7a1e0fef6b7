// Round 32, tester C. `build-model --out=` (an empty value, as a shell variable that was never set gives) wrote
// manifest.json, shards/ and meta/ into the current folder; `--catalog=` was called "a folder"; `--models coVisitation`
// read the whole log, then said "pass options.models ..." (the library's words, not the option's). Each is refused
// before any work, naming the option and the fix.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { runCli } from '../../scripts/cli/main.ts';

let err = '';
let cwd = '';
const home = process.cwd();
beforeEach(() => {
  err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  cwd = mkdtempSync(join(tmpdir(), 'clientele-empty-'));
});
afterEach(() => { vi.restoreAllMocks(); process.chdir(home); });

const log = join(home, 'demo/data/sample-log.csv');

test('--out= writes nothing into the current folder', async () => {
  process.chdir(cwd);
  const code = await runCli(['build-model', '--events', log, '--out=', '--no-holdout']);
  expect(code).not.toBe(0);
  expect(err).toContain('[clientele] --out is empty; pass the path to write to');
  expect(readdirSync(cwd)).toEqual([]);
}, 60_000);

test('--catalog= is empty, not a folder', async () => {
  const code = await runCli(['build-model', '--events', log, '--out', join(cwd, 'm'), '--catalog=']);
  expect(code).not.toBe(0);
  expect(err).toContain('[clientele] --catalog is empty; pass the path of a file');
});

test('--models naming no for-you family is bad usage, in the option\'s name, before the log is read', async () => {
  const code = await runCli(['build-model', '--events', log, '--out', join(cwd, 'm'), '--models', 'coVisitation']);
  expect(code).toBe(2);
  expect(err).toContain('[clientele] --models "coVisitation" names no for-you family; add at least one of itemKnn, rp3beta, ease');
  expect(err).not.toMatch(/options\.models|reading log/);
});
