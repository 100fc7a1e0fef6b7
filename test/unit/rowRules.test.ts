// Row rules apart from ranking: rows of the visitor's own items show only those; the product on screen
// is never recommended; without stored history (consent withdrawn, personalization off) no row says
// anything about the visitor's history. Table-driven over the pure recommend().
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVENT_WEIGHTS, type StoredEvent } from '../../src/contract/events.ts';
import { REC_TYPES, type CatalogItem, type RecommendRequest } from '../../src/contract/types.ts';
import { HISTORY_REASONS } from '../../src/messages/types.ts';
import { recommend } from '../../worker/recommend/index.ts';
import { mayFallBack, mayStore, onScreen, OWN_ITEM_ROWS, usesHistory } from '../../worker/recommend/rowRules.ts';

const NOW = Date.UTC(2024, 5, 30);
const catalog = new Map<string, CatalogItem>(
  ['mug', 'plate', 'bowl', 'spoon', 'kettle', 'hose', 'shovel', 'gloves'].map((id, i) => [id, { product_id: id, name: id.toUpperCase(), price: 5 + i, category: i < 5 ? 'Kitchen' : 'Garden' }]),
);
let seq = 0;
const ev = (event: string, properties: Record<string, unknown>, minutesAgo: number): StoredEvent => ({
  message_id: `m${seq++}`, event, properties, timestamp: NOW - minutesAgo * 60_000, session_id: 's1', anonymous_id: 'a1',
});
const view = (id: string, minutesAgo: number) => ev('Product Viewed', { product_id: id }, minutesAgo);
const run = (request: RecommendRequest, events: StoredEvent[], currentItemId?: string) =>
  recommend({ request, events, catalog, site: null, now: NOW, eventWeights: DEFAULT_EVENT_WEIGHTS as Record<string, number>, currentItemId });
const ids = (r: ReturnType<typeof recommend>) => r.map((x) => x.item.product_id);

describe('buy again', () => {
  it('shows only items the visitor bought', () => {
    const events = [view('mug', 50), view('hose', 40), ev('Order Completed', { order_id: 'o1', products: [{ product_id: 'plate', quantity: 1 }, { product_id: 'spoon', quantity: 2 }] }, 30)];
    expect(ids(run({ type: 'buy-again', limit: 6 }, events)).sort()).toEqual(['plate', 'spoon']);
  });
  it('is empty, not popular items, for a visitor who bought nothing', () => {
    expect(run({ type: 'buy-again', limit: 6 }, [view('mug', 50), ev('Product Added', { product_id: 'mug' }, 40)])).toEqual([]);
    expect(run({ type: 'buy-again', limit: 6 }, [])).toEqual([]);
  });
});

describe('recently viewed', () => {
  const events = [view('mug', 50), view('plate', 40), view('bowl', 30)];
  it('leaves out the product on screen, whether the row names it or the page does', () => {
    expect(ids(run({ type: 'recently-viewed', itemId: 'bowl' }, events))).toEqual(['plate', 'mug']);
    expect(ids(run({ type: 'recently-viewed' }, events, 'bowl'))).toEqual(['plate', 'mug']);
  });
  it('is empty when the only product viewed is the one on screen', () => {
    expect(run({ type: 'recently-viewed', itemId: 'mug' }, [view('mug', 5)])).toEqual([]);
  });
});

describe('no row shows the product on screen', () => {
  const events = [view('mug', 50), view('plate', 40), ev('Order Completed', { products: [{ product_id: 'bowl' }] }, 30)];
  it.each(REC_TYPES)('%s', (type) => {
    expect(ids(run({ type, itemId: 'plate', limit: 8 }, events))).not.toContain('plate');
    expect(ids(run({ type, limit: 8 }, events, 'bowl'))).not.toContain('bowl');
  });
});

describe('without stored history (consent withdrawn, personalization off)', () => {
  it.each(REC_TYPES)('%s says nothing about the visitor\'s history', (type) => {
    // What the engine passes when usesHistory() is false: no events, only the product on screen.
    const r = run({ type, limit: 6 }, [], 'mug');
    if (OWN_ITEM_ROWS.has(type)) expect(r).toEqual([]);
    for (const x of r) {
      expect(HISTORY_REASONS.has(x.why!.key), `${type}: ${x.reason}`).toBe(false);
      expect(x.reason).not.toMatch(/\byou\b/);
    }
  });
  it('similar still follows the product on screen', () => {
    const r = run({ type: 'similar', limit: 3 }, [], 'mug');
    expect(r.length).toBe(3);
    for (const x of r) expect(x.why).toEqual({ key: 'reason.similar', params: { name: 'MUG' } });
  });
});

describe('rule functions', () => {
  it.each([
    [{ personalization: true, requireConsent: false }, null, true],
    [{ personalization: true, requireConsent: false }, true, true],
    [{ personalization: true, requireConsent: false }, false, false],
    [{ personalization: false, requireConsent: false }, true, false],
    [{ personalization: true, requireConsent: true }, null, false],
    [{ personalization: true, requireConsent: true }, true, true],
  ])('usesHistory(%j, consent %s) is %s', (config, consent, want) => {
    expect(usesHistory(config, consent)).toBe(want);
  });
  it('mayStore: nothing is stored while consent is withdrawn, or required and not yet given', () => {
    expect(mayStore({ requireConsent: false }, null)).toBe(true);
    expect(mayStore({ requireConsent: false }, false)).toBe(false);
    expect(mayStore({ requireConsent: true }, null)).toBe(false);
    expect(mayStore({ requireConsent: true }, true)).toBe(true);
  });
  it('only discovery rows fall back past their own strategies', () => {
    expect(mayFallBack('buy-again', 0, 1)).toBe(true);
    expect(mayFallBack('buy-again', 1, 1)).toBe(false);
    expect(mayFallBack('recently-viewed', 1, 1)).toBe(false);
    expect(mayFallBack('similar', 1, 1)).toBe(true);
  });
  it('onScreen names the row\'s seed and the page\'s product once each', () => {
    expect(onScreen({ type: 'similar', itemId: 'a' }, 'b')).toEqual(['a', 'b']);
    expect(onScreen({ type: 'similar', itemId: 'a' }, 'a')).toEqual(['a']);
    expect(onScreen({ type: 'popular' }, undefined)).toEqual([]);
  });
});
