import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../train/tf.ts';
import type { StoredEvent } from '../../src/contract/events.ts';
import type { SlotConfig } from '../../src/contract/config.ts';
import type { Condition } from '../../src/contract/conditions.ts';
import { DEFAULT_EVENT_WEIGHTS } from '../../src/contract/events.ts';
import { chooseVariant, computeSegments, isSiteSegmentsModel, segmentFacts, type SiteSegmentsModel } from '../../worker/segments/index.ts';
import { trainSegmentsModel } from '../../train/segments/index.ts';
import { learnLifecycle } from '../../train/segments/lifecycle.ts';
import { DAY_MS, groupOrders, ordersFromEvents } from '../../scoring/segments/orders.ts';
import { DEFAULT_RFM, rfmTier, scoreRfm } from '../../scoring/segments/rfm.ts';
import { DEFAULT_LIFECYCLE, lifecycleStage } from '../../scoring/segments/lifecycle.ts';
import { kmeans, nameCentroids } from '../../train/segments/clusters.ts';
import { fitLogistic } from '../../train/segments/propensity.ts';
import { computeAffinities } from '../../scoring/segments/affinities.ts';
import type { Order, OrderLine } from '../../scoring/segments/types.ts';

beforeAll(async () => { await initTf('cpu'); });

const T0 = Date.UTC(2024, 0, 1);
const order = (daysAfterT0: number, total = 20, id = `o${daysAfterT0}`): Order => ({ customer: 'c', orderId: id, time: T0 + daysAfterT0 * DAY_MS, total, items: [{ item: 'mug', quantity: 1, price: total }] });

let seq = 0;
const ev = (event: string, day: number, properties: Record<string, unknown>, session = 's1'): StoredEvent => ({
  message_id: `m${seq++}`, event, properties, timestamp: T0 + day * DAY_MS, session_id: session, anonymous_id: 'a1',
});
const purchase = (day: number, id: string, total: number) => ev('Order Completed', day, { order_id: id, total, products: [{ product_id: 'p1', price: total, quantity: 1, category: 'mugs' }] });

/** A tiny shop: regular monthly buyers, one-off buyers, some who stopped. Deterministic. */
function shop(): OrderLine[] {
  const lines: OrderLine[] = [];
  for (let c = 0; c < 60; c++) {
    const kind = c % 3; // 0: monthly regulars, 1: one-off, 2: stopped after a few orders
    const n = kind === 0 ? 12 : kind === 1 ? 1 : 3;
    for (let k = 0; k < n; k++) {
      const day = kind === 1 ? (c * 7) % 300 : (c % 5) + k * (kind === 0 ? 30 : 25);
      lines.push({ customer: `c${c}`, orderId: `c${c}-${k}`, time: T0 + day * DAY_MS, item: `i${(c + k) % 7}`, quantity: 1 + (c % 3), price: kind === 0 ? 5 : 40 });
    }
  }
  return lines;
}

describe('rfm', () => {
  it.each<[string, number, number, number, string]>([
    ['recent frequent buyer', 5, 5, 12, 'champions'],
    ['steady buyer', 3, 3, 4, 'loyal'],
    ['first order just now', 5, 1, 1, 'new'],
    ['recent, few orders', 4, 2, 2, 'potential'],
    ['frequent but gone quiet', 2, 4, 6, 'at-risk'],
    ['quiet, few orders', 2, 1, 1, 'hibernating'],
    ['long gone', 1, 1, 1, 'lost'],
  ])('%s -> %s', (_n, r, f, orders, tier) => {
    expect(rfmTier(r, f, orders)).toBe(tier);
  });

  it('scores against cut points: recent many-order big spender is a champion, one old order is lost', () => {
    const now = T0 + 400 * DAY_MS;
    const champ = Array.from({ length: 8 }, (_, k) => order(390 - k * 10, 200));
    expect(scoreRfm(DEFAULT_RFM, champ, now)).toMatchObject({ r: 5, f: 5, m: 5, tier: 'champions', orders: 8, monetary: 1600 });
    expect(scoreRfm(DEFAULT_RFM, [order(10, 5)], now)).toMatchObject({ r: 1, f: 1, m: 1, tier: 'lost' });
    expect(scoreRfm(DEFAULT_RFM, [], now)).toBeNull();
  });
});

describe('lifecycle', () => {
  it('moves prospect -> new -> active -> at-risk -> lapsed -> churned as orders come and the clock moves', () => {
    const m = DEFAULT_LIFECYCLE; // at risk 60, lapsed 120, churned 365
    expect(lifecycleStage([], T0, m).stage).toBe('prospect');
    const one = [order(0)];
    expect(lifecycleStage(one, T0 + 5 * DAY_MS, m).stage).toBe('new');
    const two = [order(0), order(30)];
    expect(lifecycleStage(two, T0 + 40 * DAY_MS, m).stage).toBe('active');
    expect(lifecycleStage(two, T0 + 104 * DAY_MS, m)).toMatchObject({ stage: 'at-risk', reason: 'at risk: last order 74 days ago, usual gap 30 days' });
    expect(lifecycleStage(two, T0 + 200 * DAY_MS, m).stage).toBe('lapsed');
    expect(lifecycleStage(two, T0 + 500 * DAY_MS, m).reason).toBe('churned: last order 470 days ago, past 365 days');
  });

  it('calls faster buying than before growing', () => {
    const orders = [order(0), order(40), order(80), order(90)];
    const s = lifecycleStage(orders, T0 + 95 * DAY_MS, DEFAULT_LIFECYCLE);
    expect(s.stage).toBe('growing');
    expect(s.reason).toBe('growing: 4 orders, last gap 10 days, before 40 days');
  });

  it('honours config overrides over learned thresholds', () => {
    const orders = [order(0)];
    expect(lifecycleStage(orders, T0 + 20 * DAY_MS, DEFAULT_LIFECYCLE).stage).toBe('new');
    expect(lifecycleStage(orders, T0 + 20 * DAY_MS, DEFAULT_LIFECYCLE, { atRiskDays: 14 }).stage).toBe('at-risk');
  });

  it('learns thresholds from the site gaps', () => {
    const lc = learnLifecycle(groupOrders(shop()));
    expect(lc.medianGapDays).toBeGreaterThanOrEqual(25);
    expect(lc.medianGapDays).toBeLessThanOrEqual(30);
    expect(lc.atRiskDays).toBeLessThan(lc.lapsedDays);
    expect(lc.lapsedDays).toBeLessThan(lc.churnedDays);
  });
});

describe('kmeans', () => {
  it('recovers three obvious clusters', () => {
    const centers = [[0, 0], [10, 10], [-10, 8]];
    const pts: number[] = [];
    const truth: number[] = [];
    for (let i = 0; i < 90; i++) {
      const c = i % 3;
      pts.push(centers[c][0] + ((i * 7) % 5) / 5 - 0.4, centers[c][1] + ((i * 11) % 5) / 5 - 0.4);
      truth.push(c);
    }
    const { assign, centroids } = kmeans(Float32Array.from(pts), 90, 2, 3, { seed: 3 });
    // Same cluster in truth <=> same cluster found.
    for (let i = 0; i < 90; i++) for (let j = 0; j < 90; j += 7) expect(assign[i] === assign[j]).toBe(truth[i] === truth[j]);
    const found = [0, 1, 2].map((k) => [Math.round(centroids[k * 2]), Math.round(centroids[k * 2 + 1])]).sort((a, b) => a[0] - b[0]);
    expect(found).toEqual([[-10, 8], [0, 0], [10, 10]]);
  });

  it('names centroids by their strongest features, uniquely', () => {
    const names = nameCentroids([[-1.2, 1.5, 0, 0, 0, 0], [1.5, -1, 0, 0, 0, 0], [0, 0, 0, 0, 0.1, 0]]);
    expect(names).toEqual(['frequent recent', 'dormant one-time', 'typical']);
  });
});

describe('fitLogistic', () => {
  it('separates a separable toy set', () => {
    const x: number[] = [], y: number[] = [];
    for (let i = 0; i < 40; i++) {
      const a = (i % 10) / 10, b = ((i * 3) % 10) / 10;
      const pos = i % 2;
      x.push(pos ? 1 + a : -1 - a, b);
      y.push(pos);
    }
    const w = fitLogistic(Float64Array.from(x), Float64Array.from(y), 40, 2, { l2: 0.01 });
    for (let i = 0; i < 40; i++) {
      const z = w[0] * x[i * 2] + w[1] * x[i * 2 + 1] + w[2];
      expect(z > 0 ? 1 : 0).toBe(y[i]);
    }
    expect(w[0]).toBeGreaterThan(Math.abs(w[1]) * 3);
  });
});

describe('orders from events', () => {
  it('reads Order Completed events once per order id, using total, revenue or products', () => {
    const orders = ordersFromEvents([
      purchase(1, 'A', 30),
      purchase(1, 'A', 30), // a retried send
      ev('Order Completed', 3, { order_id: 'B', revenue: 12 }),
      ev('Order Completed', 5, { order_id: 'C', products: [{ product_id: 'p', price: 4, quantity: 3 }] }),
      ev('Product Viewed', 6, { product_id: 'p' }),
    ]);
    expect(orders.map((o) => [o.orderId, o.total])).toEqual([['A', 30], ['B', 12], ['C', 12]]);
  });
});

describe('affinities', () => {
  it('weights by event type and decays with age', () => {
    const now = T0 + 100 * DAY_MS;
    const events = [
      ev('Product Viewed', 99, { product_id: 'a', category: 'tea', brand: 'Leafy', price: 5 }),
      ev('Product Viewed', 99, { product_id: 'b', category: 'mugs', price: 50 }),
      ev('Product Added', 99, { product_id: 'b', category: 'mugs', price: 50 }),
      ev('Product Added', 10, { product_id: 'c', category: 'pots', price: 50 }), // long ago
    ];
    const a = computeAffinities(events, now, DEFAULT_EVENT_WEIGHTS, [10, 30]);
    expect(a.categories.map((c) => c[0])).toEqual(['mugs', 'tea', 'pots']);
    expect(a.categories[0][1]).toBeGreaterThan(0.7);
    expect(a.brands).toEqual([['Leafy', 1]]);
    expect(a.priceBand).toBe('high');
  });
});

describe('computeSegments and chooseVariant', () => {
  const audiences: Record<string, Condition> = {
    lapsing: { lifecycle: 'at-risk' },
    vip: { 'rfm.tier': 'champions' },
    returning: { orders: { gte: 2 } },
  };
  const slot: SlotConfig = {
    variants: [{ id: 'vip-offer', audience: 'vip' }, { id: 'winback', audience: 'lapsing' }],
    default: { id: 'welcome' },
  };
  const config = { lifecycle: { atRiskDays: null, lapsedDays: null, churnedDays: null }, audiences, eventWeights: { ...DEFAULT_EVENT_WEIGHTS } };

  it('segments a visitor without a site model and picks the win-back variant when they drift', () => {
    const events = [purchase(0, 'A', 30), purchase(30, 'B', 30), ev('Product Viewed', 31, { product_id: 'p1', category: 'mugs' }, 's2')];
    const seg = computeSegments({ events, traits: { plan: 'pro' }, site: null, now: T0 + 104 * DAY_MS, config });
    expect(seg.lifecycle).toEqual({ stage: 'at-risk', reason: 'at risk: last order 74 days ago, usual gap 30 days' });
    expect(seg.rfm).toMatchObject({ orders: 2, monetary: 60 });
    expect(seg.cluster).toBeNull();
    expect(seg.propensity).toEqual({ purchase90d: null, churn: null });
    expect(seg.audiences).toEqual(['lapsing', 'returning']);
    expect(seg.traits).toEqual({ plan: 'pro' });
    const facts = segmentFacts(seg);
    expect(facts).toMatchObject({ lifecycle: 'at-risk', orders: 2, recencyDays: 74, topCategory: 'mugs', sessions: 2, views: 1, traits: { plan: 'pro' } });
    const choice = chooseVariant('hero', slot, audiences, facts);
    expect(choice.variant?.id).toBe('winback');
    expect(choice.reason).toBe('variant "winback" for audience "lapsing" (lifecycle at-risk)');
  });

  it('falls back to the default when no audience matches', () => {
    const seg = computeSegments({ events: [], traits: {}, site: null, now: T0, config });
    expect(seg.lifecycle.stage).toBe('prospect');
    const choice = chooseVariant('hero', slot, audiences, segmentFacts(seg));
    expect(choice.variant?.id).toBe('welcome');
    expect(choice.reason).toBe('default "welcome": not in audience "vip", "lapsing"');
  });

  it('uses the trained site model: clusters and propensity, and survives a JSON round trip', () => {
    const lines = shop();
    const now = T0 + 340 * DAY_MS;
    const site = trainSegmentsModel(lines, { now, horizonDays: 60, seed: 1 });
    expect(site.customers).toBe(60);
    expect(site.clusters?.names.length).toBeGreaterThanOrEqual(2);
    expect(site.propensity.purchase).not.toBeNull();
    const revived = JSON.parse(JSON.stringify(site));
    expect(revived).toEqual(site);
    const regular = [0, 30, 60, 90, 120, 150, 180, 210, 240, 270, 300, 330].map((d, k) => purchase(d, `r${k}`, 10));
    const oneOff = [purchase(20, 'x', 80)];
    const a = computeSegments({ events: regular, traits: {}, site: revived, now, config });
    const b = computeSegments({ events: oneOff, traits: {}, site: revived, now, config });
    expect(a.propensity.purchase90d!).toBeGreaterThan(b.propensity.purchase90d!);
    expect(a.propensity.churn!).toBeLessThan(b.propensity.churn!);
    expect(a.cluster).not.toBeNull();
    expect(a.cluster!.name).not.toBe(b.cluster!.name);
    const again = computeSegments({ events: regular, traits: {}, site, now, config });
    expect(again).toEqual(a);
    expect(isSiteSegmentsModel(revived)).toBe(true);
  });

  it('treats a damaged site model as absent and says so', () => {
    const bad = { version: 1, rfm: { recencyDays: [1, 2] } } as unknown as SiteSegmentsModel;
    expect(isSiteSegmentsModel(bad)).toBe(false);
    const seg = computeSegments({ events: [purchase(0, 'A', 30)], traits: {}, site: bad, now: T0 + DAY_MS, config });
    expect(seg.lifecycle.stage).toBe('new');
    expect(seg.propensity.purchase90d).toBeNull();
    expect(seg.reasons.some((r) => /site segments model ignored/.test(r))).toBe(true);
  });
});
