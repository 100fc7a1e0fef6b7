import { beforeAll, describe, expect, it } from 'vitest';
import { InteractionLog } from '../../train/ingest/log.ts';
import { buildSiteModel } from '../../train/siteModel/build.ts';
import { parseSiteModel } from '../../scoring/siteModel/parse.ts';
import { serializeSiteModel } from '../../train/siteModel/serialize.ts';
import { checksumOf, type SiteModelManifest } from '../../scoring/siteModel/format.ts';
import { detectLayout, parseTime, rowReader, splitCsvLine } from '../../train/ingest/logFormat.ts';
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

let built: { manifest: SiteModelManifest; weights: Uint8Array };
beforeAll(async () => {
  const r = await buildSiteModel(smallLog(), { models: ['popularity', 'itemKnn', 'coVisitation'], holdout: true, evalUsers: 50, created: '2024-01-01T00:00:00.000Z' });
  if (!r.ok) throw new Error(r.message);
  built = r.value;
});

const clone = (): SiteModelManifest => JSON.parse(JSON.stringify(built.manifest));

describe('buildSiteModel', () => {
  it('summarises what it learned, with holdout metrics per model and for the blend', async () => {
    const r = await buildSiteModel(smallLog(), { models: ['popularity', 'itemKnn', 'coVisitation'], evalUsers: 50 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const s = r.value.summary;
    expect(s.users).toBe(30);
    expect(s.items).toBe(8);
    expect(s.orders).toBe(90);
    expect(s.models.map((m) => m.name)).toEqual(['popularity', 'itemKnn', 'coVisitation']);
    for (const m of s.models) {
      expect(m.holdout!.nUsers).toBe(30);
      expect(m.holdout!.ndcg).toBeGreaterThanOrEqual(0);
      expect(m.bytes).toBeGreaterThan(0);
    }
    // a user's held-out items come from their own aisle, which item-to-item models see and popularity does not
    const ndcg = Object.fromEntries(s.models.map((m) => [m.name, m.holdout!.ndcg]));
    expect(ndcg.itemKnn).toBeGreaterThan(ndcg.popularity);
    expect(Object.values(s.blend).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    expect(s.segments?.customers).toBe(30);
    expect(r.value.manifest.segments).toBeTruthy();
    expect(r.value.manifest.itemMeta.name[r.value.manifest.items.indexOf('a2')]).toBe('Item a2');
  });

  it('refuses an empty log with a message', async () => {
    const r = await buildSiteModel(new InteractionLog());
    expect(r).toMatchObject({ ok: false, code: 'empty-log' });
    if (!r.ok) expect(r.message).toMatch(/^\[clientele\]/);
  });

  it('refuses an unknown model family, naming the known ones', async () => {
    const r = await buildSiteModel(smallLog(), { models: ['nope'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/"nope".*itemKnn/);
  });
});

describe('parseSiteModel / serializeSiteModel', () => {
  it('round-trips exactly: same bytes, same manifest, same scores', () => {
    const a = parseSiteModel(clone(), built.weights.slice().buffer);
    expect(a.ok).toBe(true);
    if (!a.ok) return;
    const again = serializeSiteModel(a.value);
    expect(Buffer.from(again.weights).equals(Buffer.from(built.weights))).toBe(true);
    expect(again.manifest).toEqual(built.manifest);
    const b = parseSiteModel(JSON.parse(JSON.stringify(again.manifest)), again.weights);
    expect(b.ok).toBe(true);
    if (!b.ok) return;
    const h = { items: Int32Array.of(0, 1), weights: Float32Array.of(1, 8), ts: Float64Array.of(T0, T0), now: T0 };
    for (const name of Object.keys(a.value.models)) {
      const x = new Float32Array(8), y = new Float32Array(8);
      a.value.models[name].score(a.value.models[name].foldIn(h), x);
      b.value.models[name].score(b.value.models[name].foldIn(h), y);
      expect(Array.from(y)).toEqual(Array.from(x));
    }
    expect(Array.from(b.value.popularity.count)).toEqual(Array.from(a.value.popularity.count));
    expect(b.value.version).toBe(built.manifest.version);
  });

  it('accepts the manifest as JSON text and the weights as a Uint8Array', () => {
    expect(parseSiteModel(JSON.stringify(built.manifest), built.weights).ok).toBe(true);
  });

  const bad: Array<[string, () => [unknown, ArrayBuffer | Uint8Array], string, RegExp]> = [
    ['not JSON', () => ['{"format": "clientele-site', built.weights], 'bad-json', /not valid JSON/],
    ['not an object', () => [[1, 2], built.weights], 'bad-manifest', /must be a JSON object/],
    ['another format', () => [{ ...clone(), format: 'something-else' }, built.weights], 'wrong-format', /manifest.format must be "clientele-site-model", got "something-else"/],
    ['another format version', () => [{ ...clone(), formatVersion: 99 }, built.weights], 'wrong-version', /formatVersion must be 1.*got 99/],
    ['truncated weights', () => [clone(), built.weights.slice(0, built.weights.length - 64)], 'truncated', /cut short/],
    ['corrupt weights', () => { const w = built.weights.slice(); w[17] ^= 0xff; return [clone(), w]; }, 'checksum-mismatch', /checksum/],
    ['array out of bounds', () => { const m = clone(); m.models.itemKnn.arrays.nbrIdx.length = 1e7; return [m, built.weights]; }, 'out-of-bounds', /nbrIdx spans bytes/],
    ['misaligned array', () => { const m = clone(); m.popularity.arrays.count.offset += 2; return [m, built.weights]; }, 'bad-manifest', /multiple of 4/],
    ['popularity of the wrong size', () => { const m = clone(); m.popularity.arrays.count.length -= 1; return [m, built.weights]; }, 'dimension-mismatch', /8 entries/],
    ['items of the wrong count', () => { const m = clone(); m.items.push('extra'); m.itemMeta.name.push(null); m.itemMeta.price.push(null); m.itemMeta.category.push(-1); m.itemMeta.image.push(null); return [m, built.weights]; }, 'dimension-mismatch', /9/],
    ['item metadata of the wrong size', () => { const m = clone(); m.itemMeta.name.pop(); return [m, built.weights]; }, 'dimension-mismatch', /itemMeta.name/],
    ['duplicate item ids', () => { const m = clone(); m.items[1] = m.items[0]; return [m, built.weights]; }, 'bad-manifest', /twice/],
    ['a model that cannot revive', () => { const m = clone(); m.models.coVisitation.meta.k = 7; return [m, built.weights]; }, 'bad-model', /coVisitation/],
  ];
  it.each(bad)('refuses %s with a [clientele] message that says how to fix it', (_, make, code, pattern) => {
    const [m, w] = make();
    let r: ReturnType<typeof parseSiteModel> | undefined;
    expect(() => { r = parseSiteModel(m, w); }).not.toThrow();
    expect(r!.ok).toBe(false);
    if (r!.ok) return;
    expect(r!.code).toBe(code);
    expect(r!.message).toMatch(/^\[clientele\] site model /);
    expect(r!.message).toMatch(pattern);
    expect(r!.message).toMatch(/npx clientele build-model/);
  });

  it('skips a model family it does not know, with a warning, and keeps the rest', () => {
    const m = clone();
    m.models.future = { meta: { model: 'future' }, arrays: {} };
    const r = parseSiteModel(m, built.weights);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.value.models).sort()).toEqual(['coVisitation', 'itemKnn', 'popularity']);
    expect(r.value.warnings[0]).toMatch(/"future"/);
  });

  it('checksums are sensitive to every word and stable', () => {
    const a = new Uint8Array(64);
    const b = a.slice();
    b[63] = 1;
    expect(checksumOf(a)).not.toBe(checksumOf(b));
    expect(checksumOf(a)).toBe(checksumOf(a.slice()));
  });
});

describe('log layouts', () => {
  it('recognises the three layouts and explains an unknown one', () => {
    expect(detectLayout(['user', 'item', 'event', 'timestamp', 'value'])).toMatchObject({ ok: true, value: { kind: 'events', value: 'value' } });
    expect(detectLayout(['timestamp', 'visitorid', 'event', 'itemid', 'transactionid'])).toMatchObject({ ok: true, value: { kind: 'events', order: 'transactionid' } });
    expect(detectLayout(['user', 'item', 'ts'])).toMatchObject({ ok: true, value: { kind: 'split' } });
    expect(detectLayout('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(','))).toMatchObject({ ok: true, value: { kind: 'online-retail' } });
    const r = detectLayout(['a', 'b'], 'events.csv');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/events.csv has columns \["a","b"\].*user,item,event,timestamp/);
  });

  it('reads Online Retail rows as purchases and leaves out what the protocol drops', () => {
    const read = rowReader({ kind: 'online-retail' });
    const row = (s: string) => {
      const f = splitCsvLine(s);
      const names = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'.split(',');
      return read(Object.fromEntries(names.map((n, k) => [n, f[k]])));
    };
    expect(row('536381,82567,"AIRLINE LOUNGE,METAL SIGN",2,2010-12-01 09:41:00,2.1,15311,United Kingdom')).toEqual({
      user: '15311', item: '82567', event: 'Order Completed', ts: Date.UTC(2010, 11, 1, 9, 41) / 1000, value: 2, price: 2.1, order: '536381', meta: { name: 'AIRLINE LOUNGE,METAL SIGN', price: 2.1 },
    });
    expect(row('536381,82567,X,2,2010-12-01 09:41:00,2.1,,United Kingdom')).toBe('no-user');
    expect(row('C536381,82567,X,2,2010-12-01 09:41:00,2.1,15311,United Kingdom')).toBe('cancelled');
    expect(row('536381,82567,X,-2,2010-12-01 09:41:00,2.1,15311,United Kingdom')).toBe('non-positive');
    expect(row('536381,82567,X,2,2010-12-01 09:41:00,0,15311,United Kingdom')).toBe('non-positive');
    expect(row('536381,POST,POSTAGE,2,2010-12-01 09:41:00,18,15311,France')).toBe('not-a-product');
  });

  it('reads times as ISO, unix seconds or unix milliseconds', () => {
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
