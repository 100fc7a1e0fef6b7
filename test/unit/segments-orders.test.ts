import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readLog } from '../../train/ingest/read.ts';
import { orderLinesFromLog } from '../../train/segments/fromLog.ts';
import { main as segmentsCli } from '../../scripts/segments-cli.ts';
import { rocAuc } from '../../scripts/eval-segments.ts';
import { groupOrders } from '../../scoring/segments/orders.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

async function* one(text: string) { yield text; }
const linesOf = async (text: string, tz?: string) => {
  const r = await readLog(one(text), { source: 'orders.csv', tz });
  return r.ok ? { ok: true as const, lines: orderLinesFromLog(r.value.log), skipped: r.value.skipped } : r;
};

describe('order lines from the one log reader', () => {
  it('drops rows as the references do (no customer, cancelled, quantity or price <= 0, non-product codes, bad times) and groups lines into orders', async () => {
    const res = await linesOf([
      HEADER,
      '1,10A,"MUG, RED",2,2011-01-03 10:00:00,2.5,17850.0,United Kingdom',
      '1,10B,TEA,1,2011-01-03 10:00:00,4,17850.0,United Kingdom',
      'C2,10A,MUG,-1,2011-01-04 10:00:00,2.5,17850,United Kingdom',
      '3,10A,MUG,1,2011-01-05 10:00:00,2.5,,United Kingdom',
      '4,10A,MUG,0,2011-01-05 10:00:00,2.5,12346,France',
      '5,10A,MUG,1,not a date,2.5,12346,France',
      '6,10A,MUG,1,2011-01-06 09:30,2.5,12346,France',
      '7,POST,POSTAGE,1,2011-01-06 09:30,18,12346,France',
    ].join('\n'));
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.skipped).toMatchObject({ cancelled: 1, 'no-user': 1, 'non-positive': 1, 'bad-time': 1, 'not-a-product': 1 });
    const orders = groupOrders(res.lines);
    expect([...orders.keys()].sort()).toEqual(['12346', '17850']);
    expect(orders.get('17850')![0]).toMatchObject({ orderId: '1', total: 9 });
    expect(orders.get('12346')![0].time).toBe(Date.UTC(2011, 0, 6, 9, 30));
  });

  it('reads Online Retail II column names, and says which layouts it knows otherwise', async () => {
    const ok = await linesOf('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n9,22X,MUG,1,2010-12-01 08:26,3,13085,UK\n');
    expect(ok.ok && ok.lines).toHaveLength(1);
    const bad = await linesOf('Invoice,StockCode,Qty,When,Price\n1,2,3,4,5\n');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/orders\.csv has columns .* which is not a log layout Clientele reads; .*InvoiceNo,StockCode/);
  });

  it('reads the spreadsheet date style and naive times in the zone given', async () => {
    const text = `${HEADER}\n1,10A,MUG,1,12/1/2010 8:26,2,17850,UK\n`;
    const utc = await linesOf(text), shanghai = await linesOf(text, 'Asia/Shanghai');
    expect(utc.ok && utc.lines[0].time).toBe(Date.UTC(2010, 11, 1, 8, 26));
    expect(shanghai.ok && shanghai.lines[0].time).toBe(Date.UTC(2010, 11, 1, 0, 26));
  });
});

describe('rocAuc', () => {
  it('counts ties half', () => {
    expect(rocAuc([0.1, 0.9, 0.5, 0.5], [0, 1, 0, 1])).toBe(0.875);
    expect(rocAuc([1, 2, 3], [1, 0, 0])).toBe(0);
  });
});

describe('clientele segments', () => {
  it('writes every customer with RFM, lifecycle, cluster and propensity columns', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'segments-'));
    const lines = [HEADER];
    let inv = 1;
    for (let c = 0; c < 40; c++) {
      const n = 1 + (c % 5) * 2;
      for (let k = 0; k < n; k++) {
        const ts = new Date(Date.UTC(2011, 0, 1 + ((c * 3 + k * 37) % 330), 10)).toISOString().slice(0, 19).replace('T', ' ');
        lines.push(`${inv++},2${(c + k) % 9},ITEM,${1 + (k % 3)},${ts},${(1 + (c % 4)) * 2.5},${20000 + c},UK`);
      }
    }
    writeFileSync(join(dir, 'orders.csv'), lines.join('\n') + '\n');
    const code = await segmentsCli(['--orders', join(dir, 'orders.csv'), '--out', join(dir, 'out.csv')]);
    expect(code).toBe(0);
    const out = Papa.parse<string[]>(readFileSync(join(dir, 'out.csv'), 'utf8').trim()).data;
    expect(out[0]).toEqual(['customer', 'orders', 'monetary', 'recency_days', 'r', 'f', 'm', 'rfm_tier', 'lifecycle', 'lifecycle_reason', 'cluster', 'purchase_90d', 'churn']);
    expect(out.length).toBe(41);
    for (const row of out.slice(1)) {
      expect(['champions', 'loyal', 'potential', 'new', 'at-risk', 'hibernating', 'lost']).toContain(row[7]);
      expect(row[9]).toMatch(/^(new|active|growing|at risk|lapsed|churned)/);
      const p = Number(row[11]);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
  });

  it('fails with a message, not a throw, on a missing file or option', async () => {
    expect(await segmentsCli(['--orders', '/no/such/file.csv', '--out', '/tmp/x.csv'])).toBe(1);
    expect(await segmentsCli(['--orders', 'x.csv'])).toBe(2);
    expect(await segmentsCli(['--bogus', '1'])).toBe(2);
  });
});
