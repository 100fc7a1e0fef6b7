// Events a full quota refused are kept by message_id and read beside the store (worker/engine.ts, refused), so this
// page's rows see them (round38d-real-quota). Each read merged them into a copy of the whole history, sorted: with
// 5,000 events stored, 20 rows sorted 100,000 events. A read now costs a look-up per refused event; the merged copy
// is made again only when the history or the refused events change. Real storage code over fake-indexeddb.
import 'fake-indexeddb/auto';
import { afterEach, expect, it, vi } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import type { PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB', lock: 'l1' };
afterEach(() => vi.restoreAllMocks());

it('rows read while the quota refuses events see them, and sort the history once per change, not once per read', async () => {
  const engine = createEngine();
  await engine.init(JSON.stringify({ siteId: `refused-${Math.random()}`, autocapture: false }), page);
  const t = Date.now() - 3_600_000;
  const view = (id: string, product: string, at: number) => ({ message_id: id, event: 'Product Viewed', properties: { product_id: product, name: product }, timestamp: at });
  expect(await engine.ingest(Array.from({ length: 5000 }, (_, i) => view(`old${i}`, `p${i % 50}`, t + i)))).toMatchObject({ ok: true, value: { stored: 5000 } });
  // The quota fills: every put of events is refused.
  const put = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    return put.apply(this, args);
  });
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const sort = Array.prototype.sort;
  let sorted = 0;
  vi.spyOn(Array.prototype, 'sort').mockImplementation(function <T>(this: T[], cmp?: (a: T, b: T) => number) {
    if (this.length > 1000) sorted += this.length;
    return sort.call(this, cmp) as T[];
  });
  const recent = async () => {
    const r = await engine.recommend({ type: 'recently-viewed', limit: 3 }, {});
    return r.ok ? r.value.map((x) => x.item.product_id) : [r.message];
  };
  expect(await recent()).toEqual(['p49', 'p48', 'p47']);
  expect(await engine.ingest([view('new1', 'p10', Date.now())])).toMatchObject({ ok: true, value: { stored: 0 } });
  sorted = 0;
  for (let i = 0; i < 20; i++) expect((await recent())[0]).toBe('p10');
  // One merge for the 20 reads (its sort of some 4,000 stored events and the refused one), where each read sorted them.
  expect(sorted).toBeGreaterThan(0);
  expect(sorted).toBeLessThan(5002);
  // Another event refused: seen by the next read.
  expect(await engine.ingest([view('new2', 'p20', Date.now() + 1)])).toMatchObject({ ok: true, value: { stored: 0 } });
  expect((await recent()).slice(0, 2)).toEqual(['p20', 'p10']);
});
