// Round 32 (tester C, a shop owner's logs): times that do not exist were rolled over by Date.UTC ("2024-13-45" was read
// as 2025-02-14 and moved the trending window a year), a day-first spreadsheet export ("25/12/2010 09:59") was read
// month first (day 25 became month 25: January 2012), and a ';' or tab separated export was refused as one column.
import { describe, expect, it } from 'vitest';
import { readLog } from '../../train/ingest/read.ts';
import { readLogBlob } from '../../train/buildWorker/readLog.ts';
import { parseTime } from '../../train/ingest/time.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}
const read = (text: string) => readLog(chunksOf(text, 7), { source: 'log.csv', again: () => chunksOf(text, 7) });
const day = (ts: number) => new Date(ts * 1000).toISOString().slice(0, 16);
const times = (r: Awaited<ReturnType<typeof read>>) => (r.ok ? Array.from(r.value.log.ts.subarray(0, r.value.log.length), day) : []);

describe('log times', () => {
  it.each(['2024-13-45', '2024-02-30 10:00', '2023-02-29', '2024-01-01 24:30', '2024-01-01 10:61', '13/45/2024 10:00', '2024-02-30T10:00:00Z'])(
    'a time that does not exist, %s, is unreadable, not rolled over', (s) => {
      expect(parseTime(s)).toBeNaN();
    });

  it('reads times that exist as before', () => {
    expect(parseTime('2024-02-29 23:59:59')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59) / 1000);
    expect(parseTime('12/9/2011 12:50')).toBe(Date.UTC(2011, 11, 9, 12, 50) / 1000);
    expect(parseTime('9/12/2011 12:50', 'UTC', true)).toBe(Date.UTC(2011, 11, 9, 12, 50) / 1000);
  });

  it('counts a row with a time that does not exist as bad-time, so the log span is the real one', async () => {
    const r = await read('user,item,ts\nu1,mug,2024-01-01 10:00\nu2,mug,2024-13-45\n');
    expect(r.ok && r.value.skipped).toEqual({ 'bad-time': 1 });
    expect(times(r)).toEqual(['2024-01-01T10:00']);
  });

  it('reads a day-first export day first, the dates that fit either way included', async () => {
    const r = await read([
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,HEART,6,01/12/2010 08:26,2.55,17850,United Kingdom',
      '536366,71053,LANTERN,6,25/12/2010 09:59,3.39,17850,United Kingdom',
    ].join('\r\n'));
    expect(r.ok && r.value.layout).toBe('day-first online-retail');
    expect(times(r)).toEqual(['2010-12-01T08:26', '2010-12-25T09:59']);
  });

  it('keeps reading month first where every date fits month first (the UCI spreadsheet)', async () => {
    const r = await read('user,item,ts\nu1,mug,12/1/2010 08:26\nu1,cup,12/25/2010 09:59\n');
    expect(r.ok && r.value.layout).toBe('split');
    expect(times(r)).toEqual(['2010-12-01T08:26', '2010-12-25T09:59']);
  });

  it('the owner page reads a day-first file day first too', async () => {
    const r = await readLogBlob(new Blob(['user,item,ts\nu1,mug,01/12/2010 08:26\nu1,cup,25/12/2010 09:59\n']));
    expect(r.ok && Array.from(r.value.log.ts.subarray(0, 2), day)).toEqual(['2010-12-01T08:26', '2010-12-25T09:59']);
  });
});

describe('log delimiters', () => {
  it.each([[';'], ['\t'], ['|']])('reads a log separated by %j', async (d) => {
    const r = await read(['user,item,event,timestamp', 'u1,"mug, red",view,2024-01-01T10:00:00Z', 'u1,"cup;blue",purchase,2024-01-02T10:00:00Z']
      .map((l) => l.replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, d)).join('\n'));
    expect(r.ok && r.value.layout).toBe('events');
    expect(r.ok && r.value.log.items.names).toEqual(['mug, red', 'cup;blue']);
  });
});
