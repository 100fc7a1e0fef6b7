// The storage layer's pure parts: catalog extraction and merging, sessionizing.
import { describe, expect, it } from 'vitest';
import type { RawEvent } from '../../src/contract/events.ts';
import { catalogFromEvents, mergeCatalogItem, sessionize, toCatalogItem } from '../../worker/storage/db.ts';

const MIN = 60_000;
const ev = (id: string, event: string, timestamp: number, properties: Record<string, unknown> = {}): RawEvent => ({ message_id: id, event, properties, timestamp });

describe('catalogFromEvents', () => {
  it('reads top-level product fields and products lists, one item per id', () => {
    const items = catalogFromEvents([
      ev('1', 'Product Viewed', 100, { product_id: 'p1', name: 'Red Mug', price: '12.50', category: 'Kitchen', quantity: 3 }),
      ev('2', 'Order Completed', 200, { order_id: 'o1', currency: 'EUR', products: [{ product_id: 'p1', price: 11 }, { product_id: 'p2', name: 'Tea' }, { name: 'no id' }] }),
      ev('3', 'Page Viewed', 300, { id: 'page-7', title: 'Home' }),
      ev('4', 'Products Searched', 400, { query: 'mug' }),
    ]);
    const byId = new Map(items.map((i) => [i.product_id, i]));
    expect([...byId.keys()].sort()).toEqual(['p1', 'p2']);
    // The order is newer, so its price wins; the name and category from the view are kept; quantity is a cart fact.
    expect(byId.get('p1')).toEqual({ product_id: 'p1', name: 'Red Mug', price: 11, category: 'Kitchen', currency: 'EUR', updated_at: 200 });
    expect(byId.get('p2')).toEqual({ product_id: 'p2', name: 'Tea', currency: 'EUR', updated_at: 200 });
  });

  it('drops badly typed fields and numeric ids become strings', () => {
    expect(toCatalogItem({ product_id: 42, price: 'abc', name: '  ', tags: ['a', 1, 'a', 'b'], in_stock: 'yes' })).toEqual({ product_id: '42', tags: ['a', 'b'] });
    expect(toCatalogItem({ product_id: '' })).toBeNull();
    expect(toCatalogItem('p1')).toBeNull();
  });
});

describe('mergeCatalogItem', () => {
  it('keeps every known field, lets the newer description win field by field, unites tags, keeps the longer description', () => {
    const feed = { product_id: 'a', name: 'Mug', description: 'A large red mug, 400 ml', tags: ['kitchen'], price: 10, updated_at: 1 };
    const event = { product_id: 'a', price: 9, description: 'A large red…', tags: ['sale'], updated_at: 5 };
    expect(mergeCatalogItem(feed, event)).toEqual({ product_id: 'a', name: 'Mug', description: 'A large red mug, 400 ml', tags: ['sale', 'kitchen'], price: 9, updated_at: 5 });
    // An older description of the product never overwrites a newer one.
    expect(mergeCatalogItem(event, { product_id: 'a', price: 12, updated_at: 2 }).price).toBe(9);
  });
});

describe('sessionize', () => {
  let n = 0;
  const newId = () => `s${++n}`;
  const base = { anonymous_id: 'anon', user_id: null, traits: {}, session: null };

  it('opens a new session after the idle timeout and continues it within', () => {
    n = 0;
    const t0 = 1_700_000_000_000;
    const out = sessionize(base, [ev('c', 'x', t0 + 41 * MIN), ev('a', 'x', t0), ev('b', 'x', t0 + 10 * MIN)], 30 * MIN, newId);
    expect(out.events.map((e) => [e.message_id, e.session_id])).toEqual([['a', 's1'], ['b', 's1'], ['c', 's2']]);
    expect(out.session).toEqual({ id: 's2', startedAt: t0 + 41 * MIN, lastActivity: t0 + 41 * MIN });
    expect(out.events.every((e) => e.anonymous_id === 'anon' && e.user_id === undefined)).toBe(true);
  });

  it('continues the stored session, and gives a long-offline tab its own past session', () => {
    n = 0;
    const t0 = 1_700_000_000_000;
    const live = { id: 'live', startedAt: t0, lastActivity: t0 + 5 * MIN };
    const out = sessionize({ ...base, session: live }, [ev('late', 'x', t0 - 2 * 60 * MIN), ev('now', 'x', t0 + 20 * MIN)], 30 * MIN, newId);
    expect(out.events.map((e) => e.session_id)).toEqual(['s1', 'live']);
    expect(out.session).toEqual({ id: 'live', startedAt: t0, lastActivity: t0 + 20 * MIN });
  });

  it('identifies the Identify event and every later one', () => {
    const out = sessionize(base, [ev('a', 'Page Viewed', 1), ev('b', 'Identify', 2, { user_id: 'u9', traits: { plan: 'pro' } }), ev('c', 'Page Viewed', 3)], 30 * MIN, newId);
    expect(out.events.map((e) => e.user_id)).toEqual([undefined, 'u9', 'u9']);
    expect(out.user_id).toBe('u9');
    expect(out.traits).toEqual({ plan: 'pro' });
  });

  // Round 42a: by identify()'s rule, a user id of 1 to 200 characters; one of 15 KB was stamped on every later event.
  it('takes no user id from an Identify event that identify() would refuse', () => {
    const out = sessionize(base, [ev('b', 'Identify', 2, { user_id: 'x'.repeat(15_000) }), ev('c', 'Identify', 3, { user_id: '  ' }), ev('d', 'Page Viewed', 4)], 30 * MIN, newId);
    expect(out.events.map((e) => e.user_id?.length ?? 0)).toEqual([0, 0, 0]);
    expect(out.user_id?.length ?? 0).toBe(0);
  });

  it("keeps an Identify event's traits only while the visitor's stay under 64 KB together, as identify() does", () => {
    const big = (k: string) => ev(k, 'Identify', 2, { user_id: `u-${k}`, traits: { [k]: 'x'.repeat(15_000) } });
    const out = sessionize(base, ['a', 'b', 'c', 'd', 'e', 'f'].map(big), 30 * MIN, newId);
    expect(out.user_id).toBe('u-f');
    expect(Object.keys(out.traits)).toEqual(['a', 'b', 'c', 'd']);
  });
});
