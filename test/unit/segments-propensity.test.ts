import { beforeAll, describe, expect, it } from 'vitest';
import { initTf } from '../../train/tf.ts';
import { bgNbdPredict, bgNbdSummary, type BgNbdSummary } from '../../scoring/segments/bgnbd.ts';
import { bgNbdLogLik, fitBgNbd } from '../../train/segments/bgnbd.ts';
import { trainPropensity } from '../../train/segments/propensity.ts';
import { DAY_MS, groupOrders } from '../../scoring/segments/orders.ts';
import { PROPENSITY_FEATURES, propensityFeatures, scorePropensity } from '../../scoring/segments/propensity.ts';
import type { Order, OrderLine } from '../../scoring/segments/types.ts';

beforeAll(async () => { await initTf('cpu'); });

const T0 = Date.UTC(2024, 0, 1);
const order = (day: number, items: Array<[string, number, number]>): Order => ({
  customer: 'c', orderId: `o${day}`, time: T0 + day * DAY_MS,
  total: items.reduce((s, [, q, p]) => s + q * p, 0),
  items: items.map(([item, quantity, price]) => ({ item, quantity, price })),
});
const feat = (name: (typeof PROPENSITY_FEATURES)[number]) => PROPENSITY_FEATURES.indexOf(name);

/** Deterministic pseudo-random numbers, so fixtures are the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('bgNbdSummary', () => {
  it('counts purchase days before the snapshot, in weeks', () => {
    const orders = [order(0, [['a', 1, 5]]), order(0.2, [['b', 1, 5]]), order(14, [['a', 1, 5]]), order(70, [['a', 1, 5]])];
    const s = bgNbdSummary(orders, T0 + 28 * DAY_MS)!;
    expect(s.x).toBe(1); // day 0 twice counts once; day 70 is after the snapshot
    expect(s.tx).toBeCloseTo(2, 9);
    expect(s.T).toBeCloseTo(4, 9);
    expect(bgNbdSummary(orders, T0)).toBeNull();
  });
});

describe('fitBgNbd / bgNbdPredict', () => {
  // Customers buy as Poisson processes and drop out after each purchase with probability 0.3.
  function simulate(n: number, weeks: number, seed: number): BgNbdSummary[] {
    const rand = rng(seed);
    const out: BgNbdSummary[] = [];
    for (let i = 0; i < n; i++) {
      const rate = 0.1 + rand() * 0.4;
      let t = 0, x = 0, tx = 0;
      for (;;) {
        if (rand() < 0.3) break;
        t += -Math.log(1 - rand()) / rate;
        if (t >= weeks) break;
        x++;
        tx = t;
      }
      out.push({ x, tx, T: weeks });
    }
    return out;
  }

  it('raises the likelihood over its starting point and ranks active buyers above lapsed ones', () => {
    const data = simulate(400, 40, 7);
    const p = fitBgNbd(data)!;
    expect(p.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    expect(bgNbdLogLik(p, data)).toBeGreaterThan(bgNbdLogLik([1, 5, 1, 1], data));
    const active = bgNbdPredict(p, { x: 8, tx: 39, T: 40 }, 90);
    const lapsed = bgNbdPredict(p, { x: 8, tx: 10, T: 40 }, 90);
    const oneOff = bgNbdPredict(p, { x: 0, tx: 0, T: 40 }, 90);
    expect(active.pAlive).toBeGreaterThan(lapsed.pAlive);
    expect(active.expected).toBeGreaterThan(lapsed.expected);
    expect(active.expected).toBeGreaterThan(oneOff.expected);
    expect(oneOff.pAlive).toBe(1); // no repeat yet: BG/NBD cannot have seen a dropout
    expect(fitBgNbd([])).toBeNull();
  });
});

describe('propensityFeatures', () => {
  it('describes recency, basket shape and the last order from orders before the snapshot only', () => {
    const orders = [
      order(0, [['a', 24, 1], ['b', 12, 2]]),
      order(30, [['a', 1, 10]]),
      order(60, [['a', 6, 3], ['c', 6, 3], ['d', 48, 0.5]]),
      order(500, [['z', 1, 1000]]), // after the snapshot: must not count
    ];
    const at = T0 + 90 * DAY_MS;
    const x = propensityFeatures(orders, at, 90)!;
    expect(x).toHaveLength(PROPENSITY_FEATURES.length);
    expect(x[feat('log distinct items')]).toBeCloseTo(Math.log1p(4), 9);
    expect(x[feat('days since last order / horizon (capped at 4)')]).toBeCloseTo(30 / 90, 9);
    expect(x[feat('log days since last order / mean gap')]).toBeCloseTo(Math.log(31 / 31), 9);
    expect(x[feat('share of orders with more than one line')]).toBeCloseTo(2 / 3, 9);
    expect(x[feat('log median quantity per line')]).toBeCloseTo(Math.log1p(12), 9); // quantities 1, 6, 6, 12, 24, 48
    expect(x[feat('log lines in last order - log mean lines per order')]).toBeCloseTo(Math.log1p(3) - Math.log1p(2), 9);
    expect(x[feat('BG/NBD logit P(alive)')]).toBe(0); // no site parameters given
    expect(propensityFeatures(orders, T0, 90)).toBeNull();
    const withBg = propensityFeatures(orders, at, 90, [0.5, 5, 1.5, 3])!;
    expect(withBg[feat('BG/NBD log expected purchase days in the horizon')]).not.toBe(0);
  });
});

describe('trainPropensity', () => {
  /** Regular buyers keep ordering; others bought a few times early and stopped. */
  function log(): OrderLine[] {
    const rand = rng(3);
    const lines: OrderLine[] = [];
    for (let c = 0; c < 120; c++) {
      const regular = c % 2 === 0;
      const gap = regular ? 20 + Math.floor(rand() * 30) : 15 + Math.floor(rand() * 20);
      const stop = regular ? 400 : 60 + Math.floor(rand() * 200);
      for (let day = Math.floor(rand() * 40), k = 0; day < Math.min(stop, 400); day += gap, k++) {
        lines.push({ customer: `c${c}`, orderId: `c${c}-${k}`, time: T0 + day * DAY_MS, item: `i${k % 5}`, quantity: regular ? 12 : 1, price: regular ? 2 : 15 });
      }
    }
    return lines;
  }

  it('stores the BG/NBD fit with the model and scores regular buyers above stopped ones', () => {
    const customers = groupOrders(log());
    const now = T0 + 400 * DAY_MS;
    const model = trainPropensity(customers, { now, horizonDays: 60 })!;
    expect(model).not.toBeNull();
    expect(model.features).toEqual([...PROPENSITY_FEATURES]);
    expect(model.bgnbd).toHaveLength(4);
    const revived = JSON.parse(JSON.stringify(model));
    let regular = 0, stopped = 0;
    for (const [id, orders] of customers) {
      const p = scorePropensity(revived, orders, now)!;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      if (Number(id.slice(1)) % 2 === 0) regular += p / 60; else stopped += p / 60;
    }
    expect(regular).toBeGreaterThan(stopped + 0.2);
    expect(scorePropensity(model, [], now)).toBeNull();
  });

  it('scores with the BG/NBD fit its weights were learned on, and clips features far outside the training range', () => {
    const customers = groupOrders(log());
    const now = T0 + 400 * DAY_MS;
    const model = trainPropensity(customers, { now, horizonDays: 60 })!;
    // A refit at `now` may land elsewhere on the likelihood ridge; scoring must not depend on it.
    const shifted = { ...model, mean: model.mean.map((m, j) => (j === model.features.length - 2 ? m + 1e6 : m)) };
    const [, orders] = [...customers][0];
    const p = scorePropensity(shifted, orders, now)!;
    expect(Number.isFinite(p)).toBe(true);
    // One absurd feature moves the score by at most its weight times the clip, not to 0 or 1.
    const base = scorePropensity(model, orders, now)!;
    const w = Math.abs(model.weights[model.features.length - 2]);
    const logit = (x: number) => Math.log(x / (1 - x));
    expect(Math.abs(logit(p) - logit(base))).toBeLessThanOrEqual(w * 10 + 1e-9);
  });
});

