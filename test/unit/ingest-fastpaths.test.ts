// The worker's ingest shortcuts give exactly what the plain rules give (fast-check): catalogFromEvents skipping
// repeated descriptions, productId's plain-ASCII path, checkEvent without the JSON round trip for parsed input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { catalogFromEvents, mergeCatalogItem, toCatalogItem } from '../../worker/storage/catalog.ts';
import { productId } from '../../src/contract/productId.ts';
import { checkEvent } from '../../src/contract/validateEvent.ts';
import type { CatalogItem } from '../../src/contract/types.ts';

/** The rule catalogFromEvents implements, one merge per product description. */
function plainCatalog(events: { properties: Record<string, unknown>; timestamp: number }[]): CatalogItem[] {
  const byId = new Map<string, CatalogItem>();
  const add = (raw: unknown, at: number, currency: unknown) => {
    const item = toCatalogItem(raw, at);
    if (!item) return;
    if (!item.currency && typeof currency === 'string' && currency.trim() !== '') item.currency = currency.trim();
    byId.set(item.product_id, mergeCatalogItem(byId.get(item.product_id), item));
  };
  for (const e of events) {
    const p = e.properties;
    if (p.product_id !== undefined) add(p, e.timestamp, undefined);
    if (Array.isArray(p.products)) for (const i of p.products) if (i && typeof i === 'object' && (i as { product_id?: unknown }).product_id !== undefined) add(i, e.timestamp, p.currency);
  }
  return [...byId.values()];
}

// Few ids and few values, so descriptions repeat, as in a burst, and times go back and forth.
const description = fc.record({
  product_id: fc.constantFrom('p1', 'p2', ' p1 ', 7),
  name: fc.option(fc.constantFrom('Mug', 'Red mug', ''), { nil: undefined }),
  price: fc.option(fc.constantFrom(9.5, 12, '3.50', -1), { nil: undefined }),
  description: fc.option(fc.constantFrom('short', 'a much longer text'), { nil: undefined }),
  tags: fc.option(fc.constantFrom(['a'], ['a', 'b'], ['b']), { nil: undefined }),
  in_stock: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['product_id'] });
// Events drawn from a pool of a few descriptions (shared objects and equal copies), so that they repeat as in a burst.
const events = fc.array(description, { minLength: 1, maxLength: 3 }).chain((pool) => {
  const pick = fc.constantFrom(...pool).chain((d) => fc.constantFrom(d, { ...d }));
  const at = fc.integer({ min: 0, max: 5 });
  return fc.array(fc.oneof(
    fc.record({ properties: pick, timestamp: at }),
    fc.record({ properties: fc.record({ currency: fc.constantFrom('EUR', 'GBP'), products: fc.array(pick, { maxLength: 3 }) }), timestamp: at }),
  ), { maxLength: 40 });
});

describe('ingest fast paths', () => {
  it('catalogFromEvents equals one merge per description, whatever repeats and in whatever time order', () => {
    fc.assert(fc.property(events, (events) => {
      const byId = (items: CatalogItem[]) => Object.fromEntries(items.map((i) => [i.product_id, i]));
      expect(byId(catalogFromEvents(events as never))).toEqual(byId(plainCatalog(events as never)));
    }), { numRuns: 2000 });
  });

  it('a burst of one repeated description keeps the newest time', () => {
    const p = { product_id: 'P1', name: 'Mug', price: 9.99 };
    const events = Array.from({ length: 1000 }, (_, i) => ({ properties: p, timestamp: 1000 + i }));
    expect(catalogFromEvents(events as never)).toEqual([{ product_id: 'P1', name: 'Mug', price: 9.99, updated_at: 1999 }]);
  });

  it('productId of a plain ASCII id is the id the full rule gives', () => {
    const full = (v: string) => { const s = v.normalize('NFC').replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '').replace(/\s+/g, ' ').trim(); return s && s.length <= 200 ? s : null; };
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 210 }), (v) => { expect(productId(v)).toBe(full(v)); }), { numRuns: 5000 });
  });

  it('checkEvent on parsed JSON gives what the round trip gives', () => {
    fc.assert(fc.property(fc.constantFrom('Product Viewed', 'Order Completed', 'Signed Up'), fc.jsonValue(), fc.record({ product_id: fc.string(), price: fc.oneof(fc.double(), fc.string()), products: fc.array(fc.record({ product_id: fc.string(), quantity: fc.nat() })) }, { requiredKeys: [] }), (name, extra, known) => {
      const props = JSON.parse(JSON.stringify({ ...known, extra })) as unknown;
      expect(checkEvent(name, props, true)).toEqual(checkEvent(name, props));
    }), { numRuns: 3000 });
  });
});
