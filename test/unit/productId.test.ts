// One product-id normalization everywhere an id enters: track(), recommend(), the catalog feed, product
// markup and the site model builder. The same product gets the same id from each (issue kind 10).
import { describe, expect, it } from 'vitest';
import { productId, productIds, requestIds } from '../../src/contract/productId.ts';
import { checkEvent } from '../../src/contract/validateEvent.ts';
import { productFromMarkup } from '../../src/contract/productMarkup.ts';
import { toCatalogItem } from '../../worker/storage/catalog.ts';
import { catalogMeta } from '../../train/buildWorker/catalog.ts';
import { rowReader } from '../../train/ingest/logFormat.ts';
import { recommend } from '../../worker/recommend/index.ts';
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';

describe('productId', () => {
  it.each<[unknown, string | null]>([
    [42, '42'], ['42', '42'], [' 42 ', '42'], ['42\u200B', '42'], ['\uFEFF42', '42'], [4.5, '4.5'],
    ['A  1', 'A 1'], ['A-01', 'A-01'], ['a-01', 'a-01'], ['Cafe\u0301', 'Café'],
    ['', null], ['   ', null], [Number.NaN, null], [Infinity, null], [null, null], [undefined, null], [{ id: 1 }, null], [true, null],
    ['x'.repeat(201), null],
  ])('productId(%j) is %j', (raw, id) => {
    expect(productId(raw)).toBe(id);
  });

  it('a BigInt is its decimal string', () => {
    expect(productId(42n)).toBe('42');
  });

  it('lists and requests', () => {
    expect(productIds([7, '7', ' 8 ', null, ''])).toEqual(['7', '8']);
    expect(requestIds({ type: 'similar', itemId: 101, filters: { exclude: [102, ' 103 '] } })).toEqual({ type: 'similar', itemId: '101', filters: { exclude: ['102', '103'] } });
    expect(requestIds({ type: 'popular' })).toEqual({ type: 'popular' });
  });
});

describe('the same product gets the same id from every path', () => {
  const written = [101, '101', ' 101 ', '101\u200B'];

  it.each(written)('%j from track(), the catalog feed, product markup, the site model\'s catalog and log', (raw) => {
    const tracked = checkEvent('Product Viewed', { product_id: raw });
    expect(tracked.ok && tracked.properties.product_id).toBe('101');
    expect(toCatalogItem({ product_id: raw, name: 'Mug' })?.product_id).toBe('101');
    expect(productFromMarkup({ ld: [JSON.stringify({ '@type': 'Product', sku: raw })], items: [], meta: {}, attr: null })?.product_id).toBe('101');
    const meta = catalogMeta([{ product_id: raw, name: 'Mug' }]);
    expect(meta.ok && [...meta.value.keys()]).toEqual(['101']);
    const row = rowReader({ kind: 'split', user: 'user', item: 'item', ts: 'ts' })({ user: 'u1', item: raw, ts: '1700000000' });
    expect(typeof row === 'object' && row.item).toBe('101');
  });

  it('recommend() excludes and seeds by id whatever type the page gave it', () => {
    const catalog = new Map<string, CatalogItem>(['101', '102', '103'].map((id) => [id, { product_id: id, name: `Item ${id}`, category: 'Mugs' }]));
    const view = (id: string, at: number): StoredEvent => ({ message_id: `m${at}`, event: 'Product Viewed', properties: { product_id: id }, timestamp: at, session_id: 's', anonymous_id: 'a' });
    const input = { events: [view('101', 1), view('102', 2)], catalog, site: null, now: 10, eventWeights: { 'Product Viewed': 1 } };
    const ids = (request: Record<string, unknown>) => recommend({ ...input, request: requestIds(request) as never }).map((r) => r.item.product_id);
    expect(ids({ type: 'popular', filters: { exclude: [101, 102] } })).toEqual(['103']);
    expect(ids({ type: 'similar', itemId: 101 })).not.toContain('101');
  });
});
