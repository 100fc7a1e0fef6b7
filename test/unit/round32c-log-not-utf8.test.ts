// Round 32, tester C. Excel's plain "CSV" on Windows writes windows-1252: the log's "é" and "£" became U+FFFD, so a
// product id such as "TASSE-É" was "TASSE-\uFFFD" in the site model and matched nothing the shop tracks, and
// build-model, segments and the owner page said nothing. Each now warns once, with the count and the fix.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test, vi } from 'vitest';
import { readLogBlob } from '../../train/buildWorker/readLog.ts';
import { runCli } from '../../scripts/cli/main.ts';

const latin1 = Buffer.from('user,item,event,timestamp\nu1,TASSE-\xC9,purchase,2024-01-01T10:00:00Z\nu2,TASSE-\xC9,purchase,2024-01-02T10:00:00Z\nu2,mug,purchase,2024-01-03T10:00:00Z\n', 'latin1');
afterEach(() => { vi.restoreAllMocks(); });

test('build-model and segments warn that the log is not UTF-8', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'clientele-1252-'));
  writeFileSync(join(dir, 'orders.csv'), latin1);
  let out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => { out += String(s); return true; });
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => { out += String(s); return true; });
  expect(await runCli(['build-model', '--events', join(dir, 'orders.csv'), '--out', join(dir, 'model'), '--no-holdout'])).toBe(0);
  expect(out).toMatch(/orders\.csv" is not UTF-8: 2 characters could not be read .*save the file as UTF-8 \(Excel: "CSV UTF-8"\)/);
  out = '';
  expect(await runCli(['segments', '--events', join(dir, 'orders.csv'), '--out', join(dir, 'c.csv')])).toBe(0);
  expect(out).toMatch(/warning: --events ".*orders\.csv" is not UTF-8: 2 characters/);
}, 60_000);

test('the owner page reader counts them', async () => {
  const r = await readLogBlob(new Blob([latin1]));
  expect(r.ok && r.value.unreadable).toBe(2);
});
