import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionLog } from '../../train/ingest/log.ts';
import { buildSiteModel, type BuiltSiteModel } from '../../train/siteModel/build.ts';
import { addMeta, addShard, parseSiteModel } from '../../scoring/siteModel/parse.ts';
import { contentHash, decodeShard, dequantize, encodeShard, idBytesFor, quantizeRows, SHARD_MAGIC } from '../../scoring/siteModel/codec.ts';
import { FOR_YOU_LIST, type SiteModelHead } from '../../scoring/siteModel/format.ts';
import { fromLists } from '../../scoring/protocol/sparseRows.ts';
import { detectLayout, parseTime, rowReader } from '../../train/ingest/logFormat.ts';
import { coVisitationSpec } from '../../train/models/coVisitation.ts';
import type { Interactions } from '../../scoring/models/types.ts';

const T0 = 1_700_000_000;

/** 30 users; even users buy from aisle A, odd from aisle B, in 3 orders each; a few page views too. */
function smallLog(): InteractionLog {
  const log = new InteractionLog();
  const A = ['a1', 'a2', 'a3', 'a4'], B = ['b1', 'b2', 'b3', 'b4'];
  for (let u = 0; u < 30; u++) {
    const aisle = u % 2 ? B : A;
    for (let o = 0; o < 3; o++) {
      const ts = T0 + u * 1000 + o * 86400 * 5;
      for (let k = 0; k < aisle.length; k++) {
        if ((k + o + u) % 4 === 0) continue;
        log.add({ user: `u${u}`, item: aisle[k], event: 'transaction', ts, order: `o${u}.${o}`, value: 1 + k, price: 2 + k, meta: { name: `Item ${aisle[k]}`, price: 2 + k, category: u % 2 ? 'B' : 'A' } });
      }
      log.add({ user: `u${u}`, item: aisle[o], event: 'view', ts: ts - 60 });
    }
  }
  return log;
}

let built: BuiltSiteModel;
beforeAll(async () => {
  const r = await buildSiteModel(smallLog(), { models: ['itemKnn', 'rp3beta', 'coVisitation'], evalUsers: 50, created: '2024-01-01T00:00:00.000Z' });
  if (!r.ok) throw new Error(r.message);
  built = r.value;
});

const head = (): SiteModelHead => JSON.parse(new TextDecoder().decode(built.files[0].bytes));
const file = (path: string) => built.files.find((f) => f.path === path)!.bytes;

describe('buildSiteModel', () => {
  it('summarises what it learned: each family alone and the for-you weights it chose on each user\'s last 10%', () => {
    const s = built.summary;
    expect(s.users).toBe(30);
    expect(s.items).toBe(8);
    expect(s.orders).toBe(90);
    expect(s.models.map((m) => m.name).sort()).toEqual(['coVisitation', 'itemKnn', 'rp3beta']);
    for (const m of s.models.filter((x) => x.name !== 'coVisitation')) expect(m.holdout!.nUsers).toBe(30);
    expect(Object.keys(s.blend).length).toBeGreaterThan(0);
    expect(Object.values(s.blend).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    // co-visitation is flattered by a split that cuts orders in two: it never gets for-you weight
    expect(s.blend.coVisitation).toBeUndefined();
    expect(s.blendHoldout!.ndcg).toBeGreaterThan(0);
    expect(s.segments?.customers).toBe(30);
    expect(head().segments).toBeTruthy();
  });

  it('writes manifest.json first, then shards and metadata files named by the hash of their bytes', async () => {
    expect(built.files[0].path).toBe('manifest.json');
    const h = head();
    expect(h.formatVersion).toBe(2);
    expect(h.shards.files.length).toBe(Math.ceil(8 / h.shards.itemsPerShard));
    for (const f of built.files.slice(1)) {
      expect(f.path).toMatch(/^(shards\/[0-9a-f]{16}\.bin|meta\/[0-9a-f]{16}\.json)$/);
      expect(f.path).toContain(await contentHash(f.bytes));
    }
    expect(h.meta?.files.length).toBe(1);
  });

  it('ships exactly the for-you rows it tuned on: shards decode to the builder\'s quantized rows, float for float', () => {
    const parsed = parseSiteModel(new TextDecoder().decode(built.files[0].bytes));
    if (!parsed.ok) throw new Error(parsed.message);
    const m = parsed.value;
    m.head.shards.files.forEach((p, s) => expect(addShard(m, s, file(p)).ok).toBe(true));
    const rows = built.forYouRows;
    for (let i = 0; i < rows.nItems; i++) {
      const row = m.row(FOR_YOU_LIST, i)!;
      expect(Array.from(row.items)).toEqual(Array.from(rows.idx.subarray(rows.ptr[i], rows.ptr[i + 1])));
      expect(Array.from(row.scores)).toEqual(Array.from(rows.val.subarray(rows.ptr[i], rows.ptr[i + 1])));
    }
    expect(m.meta(m.index.get('a2')!)).toBeUndefined();
    expect(addMeta(m, 0, JSON.parse(new TextDecoder().decode(file(m.head.meta!.files[0])))).ok).toBe(true);
    expect(m.meta(m.index.get('a2')!)?.name).toBe('Item a2');
  });

  it('refuses an empty log with a message', async () => {
    const r = await buildSiteModel(new InteractionLog());
    expect(r).toMatchObject({ ok: false, code: 'empty-log' });
    if (!r.ok) expect(r.message).toMatch(/^\[clientele\]/);
  });

  it('refuses a family it cannot ship, naming the ones it can', async () => {
    const r = await buildSiteModel(smallLog(), { models: ['ials'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/"ials".*itemKnn, rp3beta, ease, coVisitation/);
  });
});

describe('the shard codec', () => {
  const rows = fromLists(300, (i, push) => { for (let r = 1; r <= 5; r++) push((i * 7 + r * 31) % 300, 1 / r + i / 1000); }, 5);

  it('stores ids in the narrowest width the catalogue allows', () => {
    expect([idBytesFor(256), idBytesFor(257), idBytesFor(65536), idBytesFor(65537)]).toEqual([1, 2, 2, 4]);
  });

  it.each([8, 16] as const)('keeps %i-bit scores within half a step of the row\'s largest, and round-trips them exactly', (bits) => {
    const q = quantizeRows(rows, bits);
    for (let i = 0; i < 300; i++) {
      const step = rows.val[rows.ptr[i]] / (bits === 8 ? 255 : 65535);
      for (let p = rows.ptr[i]; p < rows.ptr[i + 1]; p++) expect(Math.abs(q.rows.val[p] - rows.val[p])).toBeLessThanOrEqual(step / 2 + 1e-7);
    }
    const bytes = encodeShard(32, 32, [q], new Float32Array(300).fill(0.5), { idBytes: idBytesFor(300), scoreBits: bits });
    const d = decodeShard(bytes, 300);
    expect([d.start, d.count]).toEqual([32, 32]);
    for (let r = 0; r < 32; r++) {
      const i = 32 + r;
      expect(Array.from(d.lists[0][r].items)).toEqual(Array.from(q.rows.idx.subarray(q.rows.ptr[i], q.rows.ptr[i + 1])));
      expect(Array.from(d.lists[0][r].scores)).toEqual(Array.from(q.rows.val.subarray(q.rows.ptr[i], q.rows.ptr[i + 1])));
    }
    expect(d.repeat[0]).toBeCloseTo(0.5, 2);
    expect(dequantize(bits === 8 ? 255 : 65535, 0.75, bits)).toBeCloseTo(0.75, 6);
  });

  const good = () => encodeShard(0, 10, [quantizeRows(rows, 8)], new Float32Array(300), { idBytes: 2, scoreBits: 8 });
  it.each<[string, () => Uint8Array, RegExp]>([
    ['a file that is not a shard', () => new TextEncoder().encode('<html>not found</html>'), /does not start with the shard magic/],
    ['a truncated shard', () => good().subarray(0, 40), /cut short/],
    ['an id outside the catalogue', () => { const b = good(); new DataView(b.buffer).setUint16(16 + 4 + 20 + 40, 999, true); return b; }, /names item 999 of 300/],
    ['another id width', () => { const b = good(); b[12] = 3; return b; }, /id width 3/],
  ])('refuses %s', (_n, make, message) => {
    expect(() => decodeShard(make(), 300)).toThrow(message);
    expect(new DataView(good().buffer).getUint32(0, true)).toBe(SHARD_MAGIC);
  });
});

describe('parseSiteModel', () => {
  const clone = () => head() as unknown as Record<string, unknown> & SiteModelHead;
  const bad: Array<[string, () => unknown, string, RegExp]> = [
    ['not JSON', () => '{"format": "clientele-site', 'bad-json', /not valid JSON/],
    ['not an object', () => [1, 2], 'bad-manifest', /must be a JSON object/],
    ['another format', () => ({ ...clone(), format: 'something-else' }), 'wrong-format', /manifest.format must be "clientele-site-model", got "something-else"/],
    ['a format 1 model (one weights.bin)', () => ({ ...clone(), formatVersion: 1 }), 'old-format', /format 1 .* no longer reads.*npx clientele build-model/],
    ['another format version', () => ({ ...clone(), formatVersion: 99 }), 'wrong-version', /formatVersion must be 2.*got 99/],
    ['duplicate item ids', () => { const m = clone(); m.items[1] = m.items[0]; return m; }, 'bad-manifest', /twice/],
    ['a popular list naming an unknown item', () => { const m = clone(); m.popular.items[0] = 99; return m; }, 'bad-manifest', /manifest.popular/],
    ['a shard list of the wrong length', () => { const m = clone(); m.shards.files.pop(); return m; }, 'dimension-mismatch', /manifest.shards.files must list/],
    ['a shard path that climbs out of the folder', () => { const m = clone(); m.shards.files[0] = '../../secret.bin'; return m; }, 'dimension-mismatch', /relative paths/],
    // Round 40e: a trending window of -5 days was taken as is, and rows said "more interest in the last -5 days".
    ...[-5, 0, 0.5, '7', 1e309].map((d): [string, () => unknown, string, RegExp] =>
      [`a trending window of ${typeof d == 'string' ? `"${d}"` : d} days`, () => { const m = clone(); (m.trending as { windowDays: unknown }).windowDays = d; return m; }, 'bad-manifest', /manifest.trending must be .*windowDays/]),
  ];
  it.each(bad)('refuses %s with a [clientele] message that says how to fix it', (_n, make, code, pattern) => {
    let r: ReturnType<typeof parseSiteModel> | undefined;
    expect(() => { r = parseSiteModel(make()); }).not.toThrow();
    expect(r!.ok).toBe(false);
    if (r!.ok) return;
    expect(r!.code).toBe(code);
    expect(r!.message).toMatch(/^\[clientele\] site model /);
    expect(r!.message).toMatch(pattern);
    expect(r!.message).toMatch(/npx clientele build-model/);
  });

  it('refuses a shard that covers other items than its place in the list', () => {
    const r = parseSiteModel(clone());
    if (!r.ok) throw new Error(r.message);
    // a well-formed shard of the first half only, where shard 0 must hold every item of the first run
    expect(r.value.head.shards.itemsPerShard).toBeGreaterThan(4);
    const half = encodeShard(0, 4, [quantizeRows(built.forYouRows, 8)], new Float32Array(8), { idBytes: 1, scoreBits: 8 });
    const wrong = addShard(r.value, 0, half);
    expect(wrong).toMatchObject({ ok: false, code: 'bad-shard' });
    expect(r.value.hasShard(0)).toBe(false);
  });
});

describe('log layouts', () => {
  it('recognises the three layouts and explains an unknown one', () => {
    expect(detectLayout(['user', 'item', 'event', 'timestamp', 'value'])).toMatchObject({ ok: true, value: { kind: 'events', value: 'value' } });
    expect(detectLayout(['timestamp', 'visitorid', 'event', 'itemid', 'transactionid'])).toMatchObject({ ok: true, value: { kind: 'events', order: 'transactionid' } });
    expect(detectLayout(['user', 'item', 'ts'])).toMatchObject({ ok: true, value: { kind: 'split' } });
    expect(detectLayout('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','))).toMatchObject({ ok: true, value: { kind: 'online-retail' } });
    // Online Retail II names three columns differently
    expect(detectLayout('Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country'.split(','))).toMatchObject({ ok: true, value: { kind: 'online-retail', invoice: 'Invoice', price: 'Price', customer: 'Customer ID' } });
    const r = detectLayout(['a', 'b'], 'events.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/events.csv has columns \["a","b"\].*user,item,event,timestamp/);
  });

  it('reads Online Retail rows as purchases and leaves out what the protocol drops', () => {
    const read = rowReader({ kind: 'online-retail', invoice: 'InvoiceNo', price: 'UnitPrice', customer: 'CustomerID' });
    const row = (s: string) => {
      const f = s.split(';');
      const names = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(',');
      return read(Object.fromEntries(names.map((n, k) => [n, f[k]])));
    };
    expect(row('536381;82567;AIRLINE LOUNGE,METAL SIGN;2;2010-12-01 09:41:00;2.1;15311;United Kingdom')).toEqual({
      user: '15311', item: '82567', event: 'Order Completed', ts: Date.UTC(2010, 11, 1, 9, 41) / 1000, value: 2, price: 2.1, order: '536381', meta: { name: 'AIRLINE LOUNGE,METAL SIGN', price: 2.1 },
    });
    expect(row('536381;82567;X;2;2010-12-01 09:41:00;2.1;;United Kingdom')).toBe('no-user');
    expect(row('C536381;82567;X;2;2010-12-01 09:41:00;2.1;15311;United Kingdom')).toBe('cancelled');
    expect(row('536381;82567;X;-2;2010-12-01 09:41:00;2.1;15311;United Kingdom')).toBe('non-positive');
    expect(row('536381;82567;X;2;2010-12-01 09:41:00;0;15311;United Kingdom')).toBe('non-positive');
    expect(row('536381;POST;POSTAGE;2;2010-12-01 09:41:00;18;15311;France')).toBe('not-a-product');
  });

  it('reads times as ISO, unix seconds or unix milliseconds', () => {
    expect(parseTime(1_700_000_000_000)).toBe(1_700_000_000);
    expect(parseTime('1700000000')).toBe(1_700_000_000);
    expect(parseTime(1_700_000_000_000)).toBe(1_700_000_000);
    expect(parseTime('2023-11-14T22:13:20Z')).toBe(1_700_000_000);
    expect(parseTime('2023-11-14 22:13:20')).toBe(1_700_000_000);
    expect(parseTime('yesterday')).toBeNaN();
  });
});

describe('coVisitation', () => {
  it('links items that share a basket, and not items in baskets far apart in time', async () => {
    // user 0: basket {0,1} then, a day later, {2}; user 1: basket {0,1,3}
    const data: Interactions = {
      nUsers: 2, nItems: 4, userPtr: Int32Array.of(0, 3, 6),
      items: Int32Array.of(0, 1, 2, 0, 1, 3), weights: Float32Array.of(8, 8, 8, 1, 1, 1), ts: Float64Array.of(0, 10, 86400, 0, 5, 20),
    };
    const m = await coVisitationSpec.train(data, { ...coVisitationSpec.defaults, k: 3 });
    const n0 = m.neighbours!(0, 3);
    expect(n0.items[0]).toBe(1);
    expect(Array.from(n0.items)).not.toContain(2);
    const out = new Float32Array(4);
    m.score(m.foldIn({ items: Int32Array.of(3), weights: Float32Array.of(1), ts: Float64Array.of(0), now: 0 }), out);
    expect(out[0]).toBeGreaterThan(0);
    expect(out[2]).toBe(0);
    const back = coVisitationSpec.fromWeights(m.toWeights());
    expect(Array.from(back.neighbours!(0, 3).items)).toEqual(Array.from(n0.items));
  });
});
