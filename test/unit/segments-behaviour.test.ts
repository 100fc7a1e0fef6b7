import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../train/tf.ts';
import type { StoredEvent } from '../../src/contract/events.ts';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/contract/events.ts';
import { ActivityAccumulator, activityFromEvents, computeSegments, isSiteSegmentsModel } from '../../worker/segments/index.ts';
import { trainSegmentsModel } from '../../train/segments/index.ts';
import { nameCentroids } from '../../train/segments/clusters.ts';
import { CATEGORY_FEATURE, CLUSTER_FEATURES, VISIT_FEATURES } from '../../scoring/segments/clusters.ts';
import { DAY_MS } from '../../scoring/segments/orders.ts';
import type { OrderLine } from '../../scoring/segments/types.ts';

beforeAll(async () => { await initTf('cpu'); });

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const CATS = ['mugs', 'tea', 'pots', 'spoons', 'cups'];
type Row = { user: string; time: number; event: string; item: string; category: string; price: number; order?: string };

/**
 * Two obvious behaviour groups over ~90 days: deep browsers (many long sessions across categories, one order)
 * and quick buyers (short sessions: one view of a mug, then an order).
 */
function toyLog(): Row[] {
  const rows: Row[] = [];
  for (let c = 0; c < 24; c++) {
    const user = `b${c}`;
    for (let s = 0; s < 10 + (c % 4); s++) {
      const start = T0 + (s * 8 + (c % 3)) * DAY_MS;
      for (let v = 0; v < 8 + (c % 5); v++) {
        const cat = CATS[(c + s + v) % CATS.length];
        rows.push({ user, time: start + v * 2 * MIN, event: 'Product Viewed', item: `${cat}-${v % 3}`, category: cat, price: 20 });
      }
    }
    rows.push({ user, time: T0 + (40 + c) * DAY_MS, event: 'Order Completed', item: 'tea-1', category: 'tea', price: 20 + (c % 3), order: `${user}-o` });
  }
  for (let c = 0; c < 24; c++) {
    const user = `q${c}`;
    for (let s = 0; s < 3; s++) {
      const start = T0 + (s * 25 + (c % 7)) * DAY_MS;
      rows.push({ user, time: start, event: 'Product Viewed', item: 'mugs-0', category: 'mugs', price: 20 });
      rows.push({ user, time: start + 3 * MIN, event: 'Order Completed', item: 'mugs-0', category: 'mugs', price: 20 + (c % 3), order: `${user}-o${s}` });
    }
  }
  return rows;
}

/** What build.ts hands trainSegmentsModel: order lines from the purchases, every row into the activity accumulator. */
function training(rows: Row[], withCategories = true): { lines: OrderLine[]; activity: ActivityAccumulator } {
  const activity = new ActivityAccumulator();
  const lines: OrderLine[] = [];
  for (const r of rows) {
    activity.add(r.user, r.time, r.event, withCategories ? r.category : undefined);
    if (r.event !== 'Order Completed') continue;
    lines.push({ customer: r.user, orderId: r.order!, time: r.time, item: r.item, quantity: 1, price: r.price, ...(withCategories ? { category: r.category } : {}) });
  }
  return { lines, activity };
}

let seq = 0;
const ev = (event: string, time: number, session: string, properties: Record<string, unknown>): StoredEvent => ({
  message_id: `m${seq++}`, event, properties, timestamp: time, session_id: session, anonymous_id: 'a1',
});
const config = { lifecycle: { atRiskDays: null, lapsedDays: null, churnedDays: null }, audiences: {}, eventWeights: { ...DEFAULT_EVENT_WEIGHTS } };

describe('behaviour clusters', () => {
  const now = T0 + 100 * DAY_MS;

  it('separates deep browsers from quick buyers, names them so, and the device assigns new visitors right', () => {
    const { lines, activity } = training(toyLog());
    const site = trainSegmentsModel(lines, { activity, now, k: 2, seed: 1 });
    const cl = site.clusters!;
    expect(cl.features).toEqual([...CLUSTER_FEATURES.map((f) => f.name), ...VISIT_FEATURES.map((f) => f.name), CATEGORY_FEATURE.name]);
    expect(cl.sizes.slice().sort()).toEqual([24, 24]);
    const browsers = cl.names.findIndex((n) => /browsers$/.test(n));
    const buyers = cl.names.findIndex((n) => /buyers$/.test(n));
    expect(browsers).toBeGreaterThanOrEqual(0);
    expect(buyers).toBeGreaterThanOrEqual(0);
    expect(browsers).not.toBe(buyers);
    // The browsing group's centroid is deeper and visits more than the buying group's.
    const depth = cl.features.indexOf(VISIT_FEATURES[1].name), visits = cl.features.indexOf(VISIT_FEATURES[0].name);
    expect(cl.centroids[browsers][depth]).toBeGreaterThan(cl.centroids[buyers][depth]);
    expect(cl.centroids[browsers][visits]).toBeGreaterThan(cl.centroids[buyers][visits]);
    expect(isSiteSegmentsModel(JSON.parse(JSON.stringify(site)))).toBe(true);

    const browser: StoredEvent[] = [];
    for (let s = 0; s < 6; s++) {
      for (let v = 0; v < 10; v++) {
        const cat = CATS[(s + v) % CATS.length];
        browser.push(ev('Product Viewed', T0 + (50 + s * 7) * DAY_MS + v * MIN, `s${s}`, { product_id: `${cat}-${v % 3}`, category: cat, price: 20 }));
      }
    }
    browser.push(ev('Order Completed', T0 + 80 * DAY_MS, 's9', { order_id: 'x', total: 20, products: [{ product_id: 'tea-1', category: 'tea', price: 20, quantity: 1 }] }));
    const buyer: StoredEvent[] = [];
    for (let s = 0; s < 3; s++) {
      const t = T0 + (30 + s * 25) * DAY_MS;
      buyer.push(ev('Product Viewed', t, `s${s}`, { product_id: 'mugs-0', category: 'mugs', price: 20 }));
      buyer.push(ev('Order Completed', t + 2 * MIN, `s${s}`, { order_id: `y${s}`, total: 20, products: [{ product_id: 'mugs-0', category: 'mugs', price: 20, quantity: 1 }] }));
    }
    const revived = JSON.parse(JSON.stringify(site));
    const a = computeSegments({ events: browser, traits: {}, site: revived, now, config });
    const b = computeSegments({ events: buyer, traits: {}, site: revived, now, config });
    expect(a.cluster).toEqual({ id: browsers, name: cl.names[browsers] });
    expect(b.cluster).toEqual({ id: buyers, name: cl.names[buyers] });
  });

  it('summarizes stored events as the log accumulator does: 30-minute sessions, browse depth, views, categories', () => {
    const events = [
      ev('Product Viewed', T0, 's1', { product_id: 'a', category: 'tea' }),
      ev('Product Added', T0 + 5 * MIN, 's1', { product_id: 'a', category: 'tea' }),
      ev('Widget Impression', T0 + 6 * MIN, 's1', {}),
      ev('Product Viewed', T0 + 2 * 60 * MIN, 's2', { product_id: 'b' }),
      ev('Order Completed', T0 + 2 * 60 * MIN + MIN, 's2', { order_id: 'o', products: [{ product_id: 'a', category: 'tea' }, { product_id: 'b' }] }),
    ];
    const catalog = new Map([['b', { product_id: 'b', category: 'mugs' }]]);
    const s = activityFromEvents(events, T0 + DAY_MS, catalog)!;
    expect({ sessions: s.sessions, browse: s.browse, views: s.views, first: s.first }).toEqual({ sessions: 2, browse: 3, views: 2, first: T0 });
    expect([...s.categories].sort()).toEqual([['mugs', 2], ['tea', 3]]);
  });

  it('records no visit features for an order-only log, and no category feature when categories are unknown', () => {
    const rows = toyLog();
    const orderOnly = training(rows.filter((r) => r.event === 'Order Completed'));
    const m1 = trainSegmentsModel(orderOnly.lines, { activity: orderOnly.activity, now, seed: 1 }).clusters!;
    expect(m1.features).toEqual(CLUSTER_FEATURES.map((f) => f.name));
    const m2 = trainSegmentsModel(orderOnly.lines, { now, seed: 1 }).clusters!;
    expect(m2.features).toEqual(m1.features);
    expect(m2.centroids).toEqual(m1.centroids);
    const noCats = training(rows, false);
    const m3 = trainSegmentsModel(noCats.lines, { activity: noCats.activity, now, k: 2, seed: 1 }).clusters!;
    expect(m3.features).toEqual([...CLUSTER_FEATURES.map((f) => f.name), ...VISIT_FEATURES.map((f) => f.name)]);
    // An order-only model still assigns a visitor whose events include views: it reads only its recorded features.
    const seg = computeSegments({ events: [ev('Product Viewed', T0, 's', { product_id: 'a' }), ev('Order Completed', T0 + MIN, 's', { order_id: 'o', total: 20 })], traits: {}, site: { version: 1, trainedAt: now, customers: 48, rfm: { recencyDays: [1, 2, 3, 4], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] }, lifecycle: { atRiskDays: 1, lapsedDays: 2, churnedDays: 3, medianGapDays: 1 }, clusters: m1, propensity: { purchase: null, churn: null }, priceBands: null }, now, config });
    expect(seg.cluster?.name).toBe(m1.names[seg.cluster!.id]);
  });

  it('names behaviour centroids with a browsers / buyers noun and readable adjectives', () => {
    const features = [...CLUSTER_FEATURES.map((f) => f.name), ...VISIT_FEATURES.map((f) => f.name)];
    const names = nameCentroids([[0, 0, 0, 0, 0, 0, 1.4, 1.8, 1.2], [0, 0.9, 0, 0, 0, 0, -0.3, -1.5, -1.1], [0, 0, 0, 0, 0, 0, 0, 0, 0]], features);
    expect(names).toEqual(['deep regular browsers', 'quick frequent buyers', 'typical shoppers']);
  });
});
