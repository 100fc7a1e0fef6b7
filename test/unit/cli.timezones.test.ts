// The same log gives the same site model and the same segments whatever time zone the machine is set to: both CLIs read
// times written without a zone in --tz (default UTC), through the one log reader.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dir = mkdtempSync(join(tmpdir(), 'clientele-tz-'));
const log = join(dir, 'orders.csv');

/** Runs `clientele <args>` through bin/clientele.mjs with the machine's zone set to `tz`. */
function cli(tz: string, args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(root, 'bin/clientele.mjs'), ...args], { cwd: root, env: { ...process.env, TZ: tz }, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** What a build decides, without the build's own time stamp. */
function decisions(out: string) {
  const head = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  delete head.version;
  delete head.created;
  delete head.metrics;
  return head;
}

beforeAll(() => {
  // 60 customers, orders at wall-clock times near midnight, where a zone shift moves them across days
  const rows = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  let inv = 500000;
  for (let c = 0; c < 60; c++) {
    for (let o = 0; o < 1 + (c % 6); o++) {
      const day = new Date(Date.UTC(2011, 0, 2 + ((c * 11 + o * 29) % 330)));
      const when = `${day.toISOString().slice(0, 10)} ${String((c + o) % 2 ? 23 : 0).padStart(2, '0')}:${String((c * 7) % 60).padStart(2, '0')}:00`;
      inv++;
      for (let k = 0; k < 3; k++) rows.push(`${inv},${21000 + ((c % 5) * 7 + k + o) % 20},ITEM ${k},${1 + k},${when},${1.25 * (1 + (c % 4))},${13000 + c},United Kingdom`);
    }
  }
  writeFileSync(log, rows.join('\n') + '\n');
});

describe('both CLIs under TZ=Asia/Shanghai and TZ=UTC', () => {
  it('build-model writes the same model, byte for byte in its shards', () => {
    const a = cli('Asia/Shanghai', ['build-model', '--events', log, '--out', join(dir, 'model-sh'), '--no-holdout']);
    const b = cli('UTC', ['build-model', '--events', log, '--out', join(dir, 'model-utc'), '--no-holdout']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const ha = decisions(join(dir, 'model-sh')), hb = decisions(join(dir, 'model-utc'));
    expect(ha.segments).toBeTruthy();
    expect(ha).toEqual(hb);
  });

  it('segments writes the same customers, RFM, lifecycle, clusters and propensities', () => {
    const a = cli('Asia/Shanghai', ['segments', '--orders', log, '--out', join(dir, 'seg-sh.csv'), '--cutoff', '2011-10-01']);
    const b = cli('UTC', ['segments', '--orders', log, '--out', join(dir, 'seg-utc.csv'), '--cutoff', '2011-10-01']);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    const sa = readFileSync(join(dir, 'seg-sh.csv'), 'utf8');
    expect(sa.split('\n').length).toBeGreaterThan(50);
    expect(sa).toEqual(readFileSync(join(dir, 'seg-utc.csv'), 'utf8'));
  });

  it('--tz is what moves times, not the machine: the log read in Shanghai ends 8 hours earlier', () => {
    const r = cli('UTC', ['build-model', '--events', log, '--out', join(dir, 'model-tz'), '--no-holdout', '--tz', 'Asia/Shanghai']);
    expect(r.code, r.stderr).toBe(0);
    const utc = decisions(join(dir, 'model-utc')), sh = decisions(join(dir, 'model-tz'));
    expect(utc.trending.end - sh.trending.end).toBe(8 * 3600);
    const bad = cli('UTC', ['segments', '--orders', log, '--out', join(dir, 'x.csv'), '--tz', 'Mars/Olympus']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--tz "Mars\/Olympus" is not a time zone/);
  });
});
