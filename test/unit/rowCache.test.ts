// @vitest-environment happy-dom
// The rows kept on the page for the next page of the visit (src/rowCache.ts): one config, 30 minutes, the newest 12.
import { beforeEach, describe, expect, it } from 'vitest';
import { keepRow, keptRows, readRows, rowKey, ROW_CACHE_MS, type RowCacheSpec } from '../../src/rowCache.ts';
import { DEFAULT_CONFIG } from '../../src/contract/config.ts';
import type { ServedRow } from '../../src/contract/protocol.ts';

const spec: RowCacheSpec = { storageKey: 'clientele:shop:rows', config: '{"siteId":"shop"}en-GB' };
const row = (...ids: string[]): ServedRow => ({ items: ids.map((product_id) => ({ item: { product_id, name: product_id }, score: 1, source: 'popularity', reason: 'popular' })), dismiss: false });
const T0 = 1_800_000_000_000;

describe('the row cache', () => {
  beforeEach(() => localStorage.clear());

  it('keys a row by its request without exclusions, its widget and the page product', () => {
    expect(rowKey({ type: 'for-you', limit: 6, filters: { exclude: ['a'] } }, 'home', undefined)).toBe(rowKey({ type: 'for-you', limit: 6 }, 'home', undefined));
    expect(rowKey({ type: 'for-you', limit: 6 }, 'home', undefined)).not.toBe(rowKey({ type: 'for-you', limit: 4 }, 'home', undefined));
    expect(rowKey({ type: 'for-you' }, 'home', undefined)).not.toBe(rowKey({ type: 'for-you' }, 'home', 'p1'));
    expect(rowKey({ type: 'similar', itemId: 'p1' }, 'pdp', undefined)).not.toBe(rowKey({ type: 'similar', itemId: 'p2' }, 'pdp', undefined));
  });

  it('gives back what it kept, with the config and labels it was drawn with', () => {
    const k = rowKey({ type: 'for-you', limit: 6 }, 'home', undefined);
    keepRow(spec, k, row('a', 'b'), DEFAULT_CONFIG, { 'row.for-you': 'Pour vous' } as never, T0);
    const snap = readRows(spec, T0 + 1000)!;
    expect(snap.rows[k].row.items.map((r) => r.item.product_id)).toEqual(['a', 'b']);
    expect(snap.checked.currency).toBe(DEFAULT_CONFIG.currency);
    expect(snap.labels).toEqual({ 'row.for-you': 'Pour vous' });
  });

  it('forgets rows older than 30 minutes, and rows kept under another config or language', () => {
    keepRow(spec, 'a', row('a'), DEFAULT_CONFIG, undefined, T0);
    expect(readRows(spec, T0 + ROW_CACHE_MS - 1)).not.toBeNull();
    expect(readRows(spec, T0 + ROW_CACHE_MS)).toBeNull();
    // a clock set back is no reason to trust a row either
    expect(readRows(spec, T0 - 1)).toBeNull();
    expect(readRows({ ...spec, config: '{"siteId":"shop"}fr-FR' }, T0 + 1)).toBeNull();
    // a new config starts over: the old rows go on the next write
    keepRow({ ...spec, config: 'other' }, 'b', row('b'), DEFAULT_CONFIG, undefined, T0 + 2);
    expect(readRows(spec, T0 + 3)).toBeNull();
    expect(Object.keys(readRows({ ...spec, config: 'other' }, T0 + 3)!.rows)).toEqual(['b']);
  });

  it('removes rows past their time from localStorage when read, and the entry once none is left', () => {
    keepRow(spec, 'old', row('a'), DEFAULT_CONFIG, undefined, T0);
    keepRow(spec, 'new', row('b'), DEFAULT_CONFIG, undefined, T0 + ROW_CACHE_MS / 2);
    expect(Object.keys(keptRows(spec, T0 + ROW_CACHE_MS))).toEqual(['new']);
    expect(Object.keys(JSON.parse(localStorage.getItem(spec.storageKey)!).rows)).toEqual(['new']);
    expect(readRows(spec, T0 + 2 * ROW_CACHE_MS)).toBeNull();
    expect(localStorage.getItem(spec.storageKey)).toBeNull();
  });

  it('gives exportData every fresh row of the site, whatever config it was drawn under', () => {
    keepRow(spec, 'a', row('a'), DEFAULT_CONFIG, undefined, T0);
    expect(Object.keys(keptRows({ ...spec, config: 'another config' }, T0 + 1))).toEqual(['a']);
    expect(keptRows({ ...spec, storageKey: 'clientele:other:rows' }, T0 + 1)).toEqual({});
  });

  it('keeps the newest 12 rows', () => {
    for (let i = 0; i < 20; i++) keepRow(spec, `k${i}`, row(`p${i}`), DEFAULT_CONFIG, undefined, T0 + i);
    const keys = Object.keys(readRows(spec, T0 + 30)!.rows).sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
    expect(keys).toEqual(Array.from({ length: 12 }, (_, i) => `k${i + 8}`));
  });

  it('reads nothing from a damaged entry, and never throws when localStorage refuses', () => {
    for (const bad of ['{', 'null', '[]', '{"config":"x"}', JSON.stringify({ config: spec.config, checked: DEFAULT_CONFIG, rows: { a: { at: T0, row: { items: 'no' } } } })]) {
      localStorage.setItem(spec.storageKey, bad);
      expect(readRows(spec, T0 + 1)).toBeNull();
      // and it is removed, not read again on every page
      expect(localStorage.getItem(spec.storageKey)).toBeNull();
    }
    const setItem = Storage.prototype.setItem;
    Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); };
    try {
      expect(() => keepRow(spec, 'a', row('a'), DEFAULT_CONFIG, undefined, T0)).not.toThrow();
    } finally {
      Storage.prototype.setItem = setItem;
    }
  });
});
