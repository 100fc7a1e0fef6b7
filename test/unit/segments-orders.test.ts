import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseOrderLog, parseOrderTime } from '../../scripts/lib/orders.ts';
import { main as segmentsCli } from '../../scripts/segments-cli.ts';
import { rocAuc } from '../../scripts/eval-segments.ts';
import { groupOrders } from '../../scoring/segments/orders.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

describe('parseCsv', () => {
  it('keeps quoted commas, doubled quotes and CRLF line ends', () => {
    expect(parseCsv('a,"b,c",d\r\n1,"say ""hi""",3\n')).toEqual([['a', 'b,c', 'd'], ['1', 'say "hi"', '3']]);
  });
});

describe('parseOrderLog', () => {
  it('drops rows as the reference does and groups lines into orders', () => {
    const rows = parseCsv([
      HEADER,
      '1,A,"MUG, RED",2,2011-01-03 10:00:00,2.5,17850.0,United Kingdom',
      '1,B,TEA,1,2011-01-03 10:00:00,4,17850.0,United Kingdom',
      'C2,A,MUG,-1,2011-01-04 10:00:00,2.5,17850,United Kingdom', // cancellation
      '3,A,MUG,1,2011-01-05 10:00:00,2.5,,United Kingdom', // no customer
      '4,A,MUG,0,2011-01-05 10:00:00,2.5,12346,France', // quantity 0
      '5,A,MUG,1,not a date,2.5,12346,France',
      '6,A,MUG,1,2011-01-06 09:30,2.5,12346,France',
    ].join('\n'));
    const res = parseOrderLog(rows);
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.stats).toMatchObject({ rows: 7, kept: 3, cancelled: 1, noCustomer: 1, nonPositive: 1, badTime: 1 });
    const orders = groupOrders(res.value.lines);
    expect([...orders.keys()].sort()).toEqual(['12346', '17850']);
    expect(orders.get('17850')![0]).toMatchObject({ orderId: '1', total: 9 });
    expect(orders.get('12346')![0].time).toBe(new Date(2011, 0, 6, 9, 30).getTime());
  });

  it('matches column names loosely (Online Retail II) and names missing ones', () => {
    const ok = parseOrderLog(parseCsv('Invoice,StockCode,Quantity,InvoiceDate,Price,Customer ID\n9,X,1,2010-12-01 08:26,3,13085\n'));
    expect(ok.ok).toBe(true);
    const bad = parseOrderLog(parseCsv('Invoice,StockCode,Qty,When,Price\n'), 'x.csv');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/x\.csv has no column for time \(looked for invoicedate.*customer \(looked for customerid/);
  });

  it('reads the spreadsheet date style too', () => {
    expect(parseOrderTime('12/1/2010 8:26')).toBe(new Date(2010, 11, 1, 8, 26).getTime());
    expect(parseOrderTime('2010-12-01')).toBeNaN();
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
        const d = new Date(2011, 0, 1 + ((c * 3 + k * 37) % 330));
        const ts = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')} 10:00:00`;
        lines.push(`${inv++},I${(c + k) % 9},ITEM,${1 + (k % 3)},${ts},${(1 + (c % 4)) * 2.5},${20000 + c},UK`);
      }
    }
    writeFileSync(join(dir, 'orders.csv'), lines.join('\n') + '\n');
    const code = await segmentsCli(['--orders', join(dir, 'orders.csv'), '--out', join(dir, 'out.csv')]);
    expect(code).toBe(0);
    const out = parseCsv(readFileSync(join(dir, 'out.csv'), 'utf8'));
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
