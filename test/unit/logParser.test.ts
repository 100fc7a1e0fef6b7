import { describe, expect, it } from 'vitest';
import { readLogBlob } from '../../train/buildWorker/readLog.ts';
import { csvRecords, readLog } from '../../train/ingest/read.ts';
import { parseTime } from '../../train/ingest/time.ts';

async function* chunksOf(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The lines as one log file, read in 7-character chunks so records straddle chunk edges. */
const feed = (lines: string[], keep?: (item: string) => boolean) => readLog(chunksOf(lines.join('\n'), 7), { source: 'log.csv', keep });

describe('createLogParser', () => {
  it.each<[string, string[], string, number]>([
    ['the split layout', ['user,item,ts', 'u1,mug,1700000000', 'u2,cup,1700000100'], 'split', 2],
    ['the event layout', ['user,item,event,timestamp', 'u1,mug,Product Viewed,2024-01-01T10:00:00Z', 'u1,mug,Order Completed,2024-01-01T10:05:00Z'], 'events', 2],
    ['JSON lines', ['{"user":"u1","item":"mug","ts":1700000000}', '{"user":"u2","item":"cup","ts":1700000001}'], 'split', 2],
  ])('reads %s', async (_n, lines, kind, rows) => {
    const r = await feed(lines);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.layout).toBe(kind);
      expect(r.value.log.length).toBe(rows);
    }
  });

  it('reads the UCI Online Retail export, leaving out cancellations, rows with no customer and non-product codes', async () => {
    const r = await feed([
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      'C536379,85123A,WHITE HANGING HEART,-1,2010-12-01 09:41:00,2.55,17850,United Kingdom',
      '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom',
      '536367,POST,POSTAGE,1,2010-12-01 08:34:00,18,17850,United Kingdom',
      '536368,DCGSSGIRL,GIRLS PARTY BAG,1,2010-12-01 08:34:00,3.29,17850,United Kingdom',
      '536369,84879,"ASSORTED COLOUR BIRD ORNAMENT, LARGE",32,2010-12-01 08:34:00,1.69,17850,United Kingdom',
    ]);
    expect(r.ok && r.value.layout).toBe('online-retail');
    expect(r.ok && r.value.log.length).toBe(2);
    expect(r.ok && r.value.skipped).toMatchObject({ cancelled: 1, 'no-user': 1, 'not-a-product': 2 });
    expect(r.ok && r.value.log.itemMeta[r.value.log.items.get('84879')!]?.name).toBe('ASSORTED COLOUR BIRD ORNAMENT, LARGE');
  });

  it('counts rows left out by reason, including items outside the catalog', async () => {
    const r = await feed(['user,item,ts', 'u1,mug,1700000000', 'u2,cup,1700000100', ',cup,1700000100'], (item) => item === 'mug');
    expect(r.ok && r.value.skipped).toMatchObject({ 'not in catalog': 1 });
    expect(r.ok && r.value.log.length).toBe(1);
  });

  it.each<[string, string[], RegExp]>([
    ['unknown columns', ['a,b', '1,2'], /has columns \["a","b"\], which is not a log layout Clientele reads; expected one of/],
    ['an empty file', [], /log\.csv is empty; it needs a header line/],
    ['only a header', ['user,item,ts'], /log\.csv has no usable rows/],
    ['broken JSON on line 1', ['{"user":'], /line 1 looks like JSON but does not parse/],
  ])('refuses %s with a message that says the fix', async (_n, lines, message) => {
    const r = await feed(lines);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(message);
  });
});

describe('reading a Blob in chunks', () => {
  it('splits lines across chunk edges, CRLF and multi-byte characters', async () => {
    const text = 'user,item,ts\r\nü1,mügg,1700000000\r\nu2,cup,1700000001';
    // Built from one-byte parts, so the stream's chunks can end anywhere, even inside a character.
    const bytes = new TextEncoder().encode(text);
    const blob = new Blob(Array.from(bytes, (b) => new Uint8Array([b])));
    const r = await readLogBlob(blob);
    expect(r.ok && r.value.log.length).toBe(2);
    expect(r.ok && r.value.log.users.names).toEqual(['ü1', 'u2']);
    expect(r.ok && r.value.log.items.names).toEqual(['mügg', 'cup']);
  });
});

describe('the CSV reader (papaparse, fed in chunks)', () => {
  it('keeps quoted commas, quotes and newlines inside fields across any chunk size', async () => {
    const text = 'a,b\r\n"x, ""y""",2\r\n"line\nbreak",3\r\n';
    for (const size of [1, 2, 5, 100]) {
      const rows: string[][] = [];
      await csvRecords(chunksOf(text, size), (r) => void rows.push(r));
      expect(rows, `chunks of ${size}`).toEqual([['a', 'b'], ['x, "y"', '2'], ['line\nbreak', '3']]);
    }
  });
});

describe('times without a zone', () => {
  it('are read in the zone given, UTC by default, whatever the machine is set to', () => {
    expect(parseTime('2011-12-09 12:50:00')).toBe(Date.UTC(2011, 11, 9, 12, 50) / 1000);
    expect(parseTime('2011-12-09 12:50:00', 'Asia/Shanghai')).toBe(Date.UTC(2011, 11, 9, 4, 50) / 1000);
    // London in summer is UTC+1, in winter UTC
    expect(parseTime('2011-07-01 12:00', 'Europe/London')).toBe(Date.UTC(2011, 6, 1, 11, 0) / 1000);
    expect(parseTime('2011-01-01 12:00', 'Europe/London')).toBe(Date.UTC(2011, 0, 1, 12, 0) / 1000);
    expect(parseTime('12/9/2011 12:50', 'UTC')).toBe(Date.UTC(2011, 11, 9, 12, 50) / 1000);
    // a time with an offset, or a unix time, means the same in every zone
    expect(parseTime('2011-12-09T12:50:00+01:00', 'Asia/Shanghai')).toBe(Date.UTC(2011, 11, 9, 11, 50) / 1000);
    expect(parseTime('1323435000', 'Asia/Shanghai')).toBe(1323435000);
  });
});

