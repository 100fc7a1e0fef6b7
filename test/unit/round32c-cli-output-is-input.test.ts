// Round 32, tester C. `clientele segments --events orders.csv --out orders.csv` read the owner's log and then wrote the
// customer CSV over it (so did `--model orders.csv`, and `report --events e.ndjson --json e.ndjson`): the log was gone,
// exit 0. An output that names an input, or another output, is refused before any work (exit 2), and the file stays.
import { copyFileSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { runCli } from '../../scripts/cli/main.ts';

let dir = '';
let err = '';
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'clientele-same-'));
  copyFileSync('demo/data/sample-log.csv', join(dir, 'orders.csv'));
  err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
});
afterEach(() => { vi.restoreAllMocks(); });

const original = readFileSync('demo/data/sample-log.csv', 'utf8');

test.each([
  ['segments --out', (d: string) => ['segments', '--events', join(d, 'orders.csv'), '--out', join(d, 'orders.csv')], /--out ".*orders\.csv" is the --events file; writing there would replace it/],
  ['segments --model', (d: string) => ['segments', '--events', join(d, 'orders.csv'), '--out', join(d, 'c.csv'), '--model', join(d, 'orders.csv')], /--model ".*orders\.csv" is the --events file/],
  ['a path through a link', (d: string) => { symlinkSync(join(d, 'orders.csv'), join(d, 'link.csv')); return ['segments', '--events', join(d, 'orders.csv'), '--out', join(d, 'link.csv')]; }, /--out ".*link\.csv" is the --events file/],
  ['report --json', (d: string) => ['report', '--events', join(d, 'orders.csv'), '--json', join(d, 'orders.csv')], /--json ".*orders\.csv" is the --events file/],
])('%s naming the input is refused and the log is kept', async (_n, args, message) => {
  const code = await runCli(args(dir));
  expect(code).toBe(2);
  expect(err).toMatch(message);
  expect(readFileSync(join(dir, 'orders.csv'), 'utf8')).toBe(original);
});

test('two outputs of one name are refused', async () => {
  const code = await runCli(['report', '--events', join(dir, 'orders.csv'), '--json', join(dir, 'r.json'), '--priors', join(dir, 'r.json')]);
  expect(code).toBe(2);
  expect(err).toMatch(/--priors ".*r\.json" is the --json file too; each output needs its own file name/);
});
