import { describe, expect, it } from 'vitest';
import { createLogParser } from '../../train/ingest/logParser.ts';
import { eachLine, readLogBlob } from '../../train/buildWorker/readLog.ts';

const feed = (lines: string[], keep?: (item: string) => boolean) => {
  const p = createLogParser('log.csv', keep);
  for (const l of lines) if (!p.line(l)) break;
  return p.result();
};

describe('createLogParser', () => {
  it.each<[string, string[], string, number]>([
    ['the split layout', ['user,item,ts', 'u1,mug,1700000000', 'u2,cup,1700000100'], 'split', 2],
    ['the event layout', ['user,item,event,timestamp', 'u1,mug,Product Viewed,2024-01-01T10:00:00Z', 'u1,mug,Order Completed,2024-01-01T10:05:00Z'], 'events', 2],
    ['JSON lines', ['{"user":"u1","item":"mug","ts":1700000000}', '{"user":"u2","item":"cup","ts":1700000001}'], 'split', 2],
  ])('reads %s', (_n, lines, kind, rows) => {
    const r = feed(lines);
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.value.layout).toBe(kind);
      expect(r.value.log.length).toBe(rows);
    }
  });

  it('reads the UCI Online Retail export, leaving out cancellations and rows with no customer', () => {
    const r = feed([
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      '536365,85123A,WHITE HANGING HEART,6,2010-12-01 08:26:00,2.55,17850,United Kingdom',
      'C536379,85123A,WHITE HANGING HEART,-1,2010-12-01 09:41:00,2.55,17850,United Kingdom',
      '536366,22633,HAND WARMER,6,2010-12-01 08:28:00,1.85,,United Kingdom',
    ]);
    expect(r.ok && r.value.layout).toBe('online-retail');
    expect(r.ok && r.value.log.length).toBe(1);
    expect(r.ok && r.value.skipped).toMatchObject({ cancelled: 1, 'no-user': 1 });
  });

  it('counts rows left out by reason, including items outside the catalog', () => {
    const r = feed(['user,item,ts', 'u1,mug,1700000000', 'u2,cup,1700000100', ',cup,1700000100'], (item) => item === 'mug');
    expect(r.ok && r.value.skipped).toMatchObject({ 'not in catalog': 1 });
    expect(r.ok && r.value.log.length).toBe(1);
  });

  it.each<[string, string[], RegExp]>([
    ['unknown columns', ['a,b', '1,2'], /has columns \["a","b"\], which is not a layout .* expected one of/],
    ['an empty file', [], /log\.csv is empty; it needs a header line/],
    ['only a header', ['user,item,ts'], /log\.csv has no usable rows/],
    ['broken JSON on line 1', ['{"user":'], /line 1 looks like JSON but does not parse/],
  ])('refuses %s with a message that says the fix', (_n, lines, message) => {
    const r = feed(lines);
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
    const lines: string[] = [];
    await eachLine(blob, (l) => void lines.push(l), () => undefined);
    expect(lines).toEqual(['user,item,ts', 'ü1,mügg,1700000000', 'u2,cup,1700000001']);
    const r = await readLogBlob(blob);
    expect(r.ok && r.value.log.length).toBe(2);
  });
});
