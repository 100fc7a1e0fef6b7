import { beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/contract/events.ts';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/contract/events.ts';
import { REC_TYPES, type CatalogItem, type RecommendRequest, type RecType } from '../../src/contract/types.ts';
import { prepareVisitor, recommend, type RecommendInput } from '../../worker/recommend/index.ts';
import { bestFirst } from '../../worker/recommend/select.ts';
import { OWN_ITEM_ROWS } from '../../worker/recommend/rowRules.ts';
import { InteractionLog } from '../../train/ingest/log.ts';
import { buildSiteModel } from '../../train/siteModel/build.ts';
import { readModelFiles } from '../../scripts/lib/deployed.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';

const DAY = 86400_000;
const NOW = Date.UTC(2024, 5, 30);

const KITCHEN = ['mug', 'plate', 'bowl', 'spoon', 'kettle'];
const GARDEN = ['hose', 'shovel', 'gloves', 'seeds'];
const catalogList: CatalogItem[] = [
  { product_id: 'mug', name: 'Red Mug', price: 8, category: 'Kitchen > Cups', tags: ['ceramic'] },
  { product_id: 'plate', name: 'Blue Plate', price: 12, category: 'Kitchen > Plates', tags: ['ceramic'] },
  { product_id: 'bowl', name: 'Blue Bowl', price: 10, category: 'Kitchen > Plates', tags: ['ceramic'] },
  { product_id: 'spoon', name: 'Steel Spoon', price: 3, category: 'Kitchen > Cutlery' },
  { product_id: 'kettle', name: 'Steel Kettle', price: 40, category: 'Kitchen > Appliances', in_stock: false },
  { product_id: 'hose', name: 'Garden Hose', price: 25, category: 'Garden' },
  { product_id: 'shovel', name: 'Steel Shovel', price: 30, category: 'Garden' },
  { product_id: 'gloves', name: 'Garden Gloves', price: 9, category: 'Garden' },
  { product_id: 'seeds', name: 'Tomato Seeds', price: 4, category: 'Garden' },
  { product_id: 'lamp', name: 'Desk Lamp', price: 35, category: 'Office' },
];
const catalog = new Map(catalogList.map((c) => [c.product_id, c]));

/** A crowd where kitchen and garden shoppers keep to their own aisle; mug+spoon always go together; kettle surges in the last week. */
function crowdLog(): InteractionLog {
  const log = new InteractionLog();
  const t0 = (NOW - 60 * DAY) / 1000;
  for (let u = 0; u < 40; u++) {
    const aisle = u % 2 === 0 ? KITCHEN.slice(0, 4) : GARDEN;
    for (let o = 0; o < 3; o++) {
      const ts = t0 + u * 3600 + o * 10 * 86400;
      const picks = aisle.filter((_, k) => (k + u + o) % 3 !== 0);
      if (u % 2 === 0 && !picks.includes('mug')) picks.push('mug');
      if (u % 2 === 0 && !picks.includes('spoon')) picks.push('spoon');
      for (const item of picks) log.add({ user: `u${u}`, item, event: 'purchase', ts, order: `o${u}-${o}`, value: 1, price: catalog.get(item)!.price });
    }
  }
  for (let u = 0; u < 12; u++) log.add({ user: `k${u}`, item: 'kettle', event: 'Product Viewed', ts: (NOW - 2 * DAY) / 1000 - u * 600 });
  log.add({ user: 'u0', item: 'kettle', event: 'Product Viewed', ts: (NOW - 20 * DAY) / 1000 });
  // an item the page's catalog does not hold, known only to the site model
  for (let u = 0; u < 6; u++) log.add({ user: `u${2 * u}`, item: 'teapot', event: 'purchase', ts: (NOW - 30 * DAY) / 1000, meta: { name: 'Porcelain Teapot', price: 22, category: 'Kitchen > Cups' } });
  return log;
}

let site: SiteModel;
beforeAll(async () => {
  const built = await buildSiteModel(crowdLog(), { models: ['itemKnn', 'coVisitation'], holdout: false, segments: false, created: '2024-06-30T00:00:00.000Z' });
  if (!built.ok) throw new Error(built.message);
  const parsed = readModelFiles(built.value.files);
  if (!parsed.ok) throw new Error(parsed.message);
  site = parsed.value;
});

let seq = 0;
const ev = (event: string, properties: Record<string, unknown>, minutesAgo: number, session = 's1'): StoredEvent => ({
  message_id: `m${seq++}`, event, properties, timestamp: NOW - minutesAgo * 60_000, session_id: session, anonymous_id: 'a1',
});
const view = (id: string, minutesAgo: number, session = 's1') => ev('Product Viewed', { product_id: id }, minutesAgo, session);

const run = (request: RecommendRequest, events: StoredEvent[], opts: Partial<RecommendInput> = {}) =>
  recommend({ request, events, catalog, site, now: NOW, eventWeights: DEFAULT_EVENT_WEIGHTS as Record<string, number>, ...opts });

const ids = (r: ReturnType<typeof recommend>) => r.map((x) => x.item.product_id);

describe('every row type', () => {
  const history = [view('mug', 300), view('plate', 200), ev('Product Added', { product_id: 'mug' }, 190), ev('Order Completed', { products: [{ product_id: 'bowl' }] }, 100), view('hose', 50, 's2')];
  it.each(REC_TYPES.flatMap((t) => [[t, 'site'], [t, 'no site']] as Array<[RecType, string]>))('%s (%s) returns items, each with a source and a reason', (type, mode) => {
    const r = run({ type, limit: 4 }, history, { site: mode === 'site' ? site : null, currentItemId: 'mug' });
    expect(r.length).toBeGreaterThan(0);
    expect(r.length).toBeLessThanOrEqual(4);
    for (const x of r) {
      expect(x.source.length).toBeGreaterThan(0);
      expect(x.reason.length).toBeGreaterThan(3);
      expect(Number.isFinite(x.score)).toBe(true);
    }
    expect(new Set(ids(r)).size).toBe(r.length);
    expect(ids(r)).not.toContain('mug'); // the product on the page is never recommended to itself
  });

  it('defaults to 6 items', () => {
    expect(run({ type: 'popular' }, [], { site: null })).toHaveLength(6);
  });
});

describe('for-you', () => {
  it('follows the visitor into their aisle, shows them what they have not seen, and explains with what they did', () => {
    const r = run({ type: 'for-you', limit: 2 }, [view('hose', 30), view('shovel', 20)]);
    expect(ids(r).sort()).toEqual(['gloves', 'seeds']);
    expect(r[0].reason).toMatch(/^because you viewed (Garden Hose|Steel Shovel)$/);
    expect(['item-to-item', 'co-visitation', 'popularity', 'content']).toContain(r[0].source);
  });

  it('with no site model uses content similarity to the history', () => {
    const r = run({ type: 'for-you', limit: 2 }, [view('mug', 10)], { site: null });
    expect(r[0].source).toBe('content');
    expect(catalog.get(r[0].item.product_id)!.category).toMatch(/^Kitchen/);
  });

  it('falls back to popular for a new visitor, then to catalog order without a site model', () => {
    const withSite = run({ type: 'for-you', limit: 3 }, []);
    expect(withSite.every((x) => x.source === 'popularity')).toBe(true);
    const bare = run({ type: 'for-you', limit: 3 }, [], { site: null });
    expect(ids(bare)).toEqual(['mug', 'plate', 'bowl']);
    expect(bare.every((x) => x.source === 'catalog')).toBe(true);
  });
});

describe('similar', () => {
  it('ranks the seed item\'s aisle first and names it in the reason', () => {
    const r = run({ type: 'similar', itemId: 'gloves', limit: 3 }, []);
    expect(ids(r).every((id) => GARDEN.includes(id))).toBe(true);
    expect(r[0].reason).toBe('similar to Garden Gloves');
  });

  it('uses content similarity for an item the site model has never seen', () => {
    const r = run({ type: 'similar', itemId: 'lamp', limit: 2 }, [], { site: null });
    expect(r.length).toBe(2);
    expect(ids(r)).not.toContain('lamp');
  });
});

describe('bought-together and the cart', () => {
  it('the cart is what was added minus removed since the last order', () => {
    const v = prepareVisitor([
      ev('Product Added', { product_id: 'plate' }, 60),
      ev('Order Completed', { products: [{ product_id: 'plate' }] }, 50),
      ev('Product Added', { product_id: 'mug' }, 40),
      ev('Product Added', { product_id: 'hose' }, 30),
      ev('Product Removed', { product_id: 'hose' }, 20),
    ].reverse(), DEFAULT_EVENT_WEIGHTS as Record<string, number>, NOW);
    expect(v.cart).toEqual(['mug']);
    expect(v.touches.get('plate')!.purchases).toBe(1);
    expect(v.recent).toEqual([]);
  });

  it('goes with the cart when no item is given, and never repeats the cart', () => {
    const r = run({ type: 'bought-together', limit: 2 }, [ev('Product Added', { product_id: 'mug' }, 5)]);
    expect(ids(r)[0]).toBe('spoon');
    expect(r[0].reason).toBe('bought together with Red Mug');
    expect(r[0].source).toBe('co-visitation');
    expect(ids(r)).not.toContain('mug');
  });

  it('learns "viewed together" from the visitor\'s own sessions without a site model', () => {
    const events = [view('lamp', 30, 'a'), view('seeds', 29, 'a'), view('mug', 10, 'b')];
    const r = run({ type: 'bought-together', itemId: 'lamp', limit: 1 }, events, { site: null });
    expect(ids(r)).toEqual(['seeds']);
    expect(r[0].reason).toMatch(/Desk Lamp/);
  });
});

describe('history rows', () => {
  it('recently-viewed lists views newest first, without the current item', () => {
    const r = run({ type: 'recently-viewed' }, [view('mug', 300), view('hose', 200), view('lamp', 100), view('mug', 5)], { currentItemId: 'lamp' });
    expect(ids(r)).toEqual(['mug', 'hose']);
    expect(r[0].reason).toBe('you viewed this 5 minutes ago');
    expect(r[0].source).toBe('recently-viewed');
  });

  it('buy-again lists purchases only and says when', () => {
    const events = [ev('Order Completed', { products: [{ product_id: 'seeds' }, { product_id: 'gloves' }] }, 3 * 24 * 60), ev('Order Completed', { products: [{ product_id: 'seeds' }] }, 60), view('lamp', 5)];
    const r = run({ type: 'buy-again' }, events);
    expect(ids(r).sort()).toEqual(['gloves', 'seeds']);
    expect(ids(r)[0]).toBe('seeds');
    expect(r[0].reason).toMatch(/you bought this 2 times/);
  });

  it('an empty row of the visitor\'s own items stays empty rather than showing items they never saw or bought', () => {
    expect(run({ type: 'recently-viewed', limit: 2 }, [])).toEqual([]);
    expect(run({ type: 'buy-again', limit: 2 }, [view('mug', 30)])).toEqual([]);
  });
});

describe('crowd rows', () => {
  it('trending puts the item with the surge first', () => {
    const r = run({ type: 'trending', limit: 2 }, []);
    expect(ids(r)[0]).toBe('kettle');
    expect(r[0].reason).toMatch(/trending: \d+× more interest this week/);
    expect(r[0].why?.key).toBe('reason.trending-week');
  });

  it('shows site-model items the catalog lacks, from the model\'s metadata', () => {
    const r = run({ type: 'similar', itemId: 'mug', limit: 10 }, []);
    const teapot = r.find((x) => x.item.product_id === 'teapot');
    expect(teapot?.item).toMatchObject({ name: 'Porcelain Teapot', price: 22, category: 'Kitchen > Cups' });
  });
});

describe('filters', () => {
  const history = [view('mug', 30), ev('Order Completed', { products: [{ product_id: 'plate' }] }, 20), ev('Product Added', { product_id: 'spoon' }, 10)];
  const cases: Array<[string, RecommendRequest['filters'], (id: string) => boolean]> = [
    ['category (with sub-categories)', { category: 'kitchen' }, (id) => catalog.get(id)?.category?.startsWith('Kitchen') ?? true],
    ['category list', { category: ['Garden', 'Office'] }, (id) => ['Garden', 'Office'].includes(catalog.get(id)!.category!)],
    ['price range', { minPrice: 9, maxPrice: 30 }, (id) => { const p = catalog.get(id)?.price ?? 22; return p >= 9 && p <= 30; }],
    ['in stock', { inStock: true }, (id) => id !== 'kettle'],
    ['exclude viewed', { excludeViewed: true }, (id) => id !== 'mug'],
    ['exclude purchased', { excludePurchased: true }, (id) => id !== 'plate'],
    ['exclude in cart', { excludeInCart: true }, (id) => id !== 'spoon'],
    ['exclude ids', { exclude: ['hose', 'seeds'] }, (id) => id !== 'hose' && id !== 'seeds'],
  ];
  it.each(cases)('%s holds on every row type', (_, filters, ok) => {
    for (const type of REC_TYPES) {
      for (const s of [site, null]) {
        const r = run({ type, limit: 10, filters }, history, { site: s });
        // Rows of the visitor's own items may be left with nothing (they never fill up with other items).
        if (!OWN_ITEM_ROWS.has(type)) expect(r.length).toBeGreaterThan(0);
        for (const x of r) expect(ok(x.item.product_id), `${type} ${x.item.product_id}`).toBe(true);
      }
    }
  });

  it('a filter nothing passes gives an empty row rather than breaking the filter', () => {
    expect(run({ type: 'popular', filters: { category: 'Toys' } }, [])).toEqual([]);
  });
});

describe('bestFirst', () => {
  it('yields positive scores best first, ties by lower index, lazily', () => {
    expect([...bestFirst(Float32Array.of(0, 3, 1, 3, -2, 5))]).toEqual([5, 1, 3, 2]);
    const big = new Float32Array(100_000).map((_, i) => (i * 7919) % 100_003);
    const it = bestFirst(big);
    const first = [it.next().value, it.next().value, it.next().value] as number[];
    const sorted = Array.from(big.keys()).sort((a, b) => big[b] - big[a] || a - b).slice(0, 3);
    expect(first).toEqual(sorted);
  });
});
