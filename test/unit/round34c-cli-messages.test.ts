// Round 34, tester C (a new user trying the README's commands). Two messages named the wrong thing:
// `report --out <a folder>` said "pass a file name like <folder>/out.csv" (the report is HTML; --json and --priors are
// JSON), and `segments --events <forwarded NDJSON>` said the columns were "not a layout build-model reads" (it was the
// segments command). The folder case now suggests the name the option's help shows; the layout message names no command.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { runCli } from '../../scripts/cli/main.ts';

let err = '';
let dir = '';
beforeEach(() => {
  err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err += String(s); return true; });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  dir = mkdtempSync(join(tmpdir(), 'clientele-msg-'));
});
afterEach(() => { vi.restoreAllMocks(); });

const events = () => {
  const f = join(dir, 'events.ndjson');
  writeFileSync(f, JSON.stringify({ type: 'track', event: 'Page Viewed', properties: {}, message_id: 'm1', anonymous_id: 'a', user_id: null, session_id: 's', timestamp: '2026-01-01T00:00:00Z' }) + '\n');
  return f;
};

for (const [option, name] of [['--out', 'report.html'], ['--json', 'report.json'], ['--priors', 'priors.json']])
test(`report ${option} <a folder> suggests ${name}`, async () => {
  const code = await runCli(['report', '--events', events(), option, dir]);
  expect(code).toBe(1);
  expect(err).toContain(`[clientele] ${option} "${dir}" is a folder; pass a file name like ${dir}/${name}`);
});

test('segments --out <a folder> suggests a CSV, --model a JSON file', async () => {
  expect(await runCli(['segments', '--events', events(), '--out', dir])).toBe(1);
  expect(err).toContain(`pass a file name like ${dir}/file.csv`);
  err = '';
  expect(await runCli(['segments', '--events', events(), '--out', join(dir, 'c.csv'), '--model', dir])).toBe(1);
  expect(err).toContain(`pass a file name like ${dir}/file.json`);
});

test('segments on a file of another layout does not name build-model', async () => {
  expect(await runCli(['segments', '--events', events(), '--out', join(dir, 'c.csv')])).toBe(1);
  expect(err).toContain('which is not a log layout Clientele reads');
  expect(err).not.toContain('build-model');
});
