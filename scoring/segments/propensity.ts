// Purchase and churn propensity, the scoring half: order-history features and the logistic score the device computes
// from the visitor's own orders. Training is in train/segments/propensity.ts.
import { DAY_MS } from './orders.ts';
import { bgNbdPredict, bgNbdSummary } from './bgnbd.ts';
import type { LogisticModel, Order } from './types.ts';

/** What each propensity feature measures (all from orders strictly before the scoring time). */
export const PROPENSITY_FEATURES = [
  'log distinct items',
  'log distinct purchase days',
  'log orders in last 180 days',
  'log spend in last 180 days',
  'log days since last order / mean gap',
  'days since last order / horizon (capped at 4)',
  'log active months of the last 12',
  'log mean unit price',
  'log median quantity per line',
  'share of orders with more than one line',
  'log lines in last order - log mean lines per order',
  'BG/NBD logit P(alive)',
  'BG/NBD log expected purchase days in the horizon',
] as const;

const D = PROPENSITY_FEATURES.length;
const l1p = Math.log1p;

/**
 * The propensity features of one customer at time `at` (ms), from their orders (sorted by time) before `at`;
 * null when they had none. `bg` holds the site's BG/NBD parameters at `at` (null: those two features are 0).
 * @example propensityFeatures(orders, Date.now(), 90, site.propensity.purchase.bgnbd)?.length // PROPENSITY_FEATURES.length
 */
export function propensityFeatures(orders: ReadonlyArray<Order>, at: number, horizonDays = 90, bg: ReadonlyArray<number> | null = null, out?: Float64Array): Float64Array | null {
  let n = 0;
  let spend180 = 0;
  let o180 = 0;
  let lines = 0, lastLines = 0, multi = 0, priceSum = 0;
  let last = -Infinity;
  const items = new Set<string>();
  const quantities: number[] = [];
  let monthBits = 0;
  let gapSum = 0;
  let days = 0, lastDay = NaN;
  for (const o of orders) {
    if (o.time >= at) break;
    const ageDays = (at - o.time) / DAY_MS;
    if (n > 0) gapSum += (o.time - last) / DAY_MS;
    n++;
    if (ageDays < 180) { o180++; spend180 += o.total; }
    // Which of the last twelve 30-day months saw an order: regular buyers come back.
    if (ageDays < 360) monthBits |= 1 << Math.floor(ageDays / 30);
    const day = Math.floor(o.time / DAY_MS);
    if (day !== lastDay) { days++; lastDay = day; }
    lines += o.items.length;
    lastLines = o.items.length;
    if (o.items.length > 1) multi++;
    for (const it of o.items) {
      items.add(it.item);
      priceSum += Math.max(0, it.price);
      quantities.push(it.quantity);
    }
    last = o.time;
  }
  if (n === 0) return null;
  const x = out ?? new Float64Array(D);
  const recency = (at - last) / DAY_MS;
  const meanGap = n > 1 ? gapSum / (n - 1) : 0;
  let months = 0;
  for (let b = monthBits; b; b &= b - 1) months++;
  quantities.sort((a, b) => a - b);
  x[0] = l1p(items.size);
  x[1] = l1p(days);
  x[2] = l1p(o180);
  x[3] = l1p(Math.max(0, spend180));
  // Single-order customers have no gap: 0 puts them at "due now", and the other features tell them apart.
  x[4] = n > 1 ? Math.log((recency + 1) / (meanGap + 1)) : 0;
  x[5] = Math.min(recency / horizonDays, 4);
  x[6] = l1p(months);
  // Basket shape: trade buyers (many lines, large quantities, low unit prices) reorder on a cycle.
  x[7] = lines ? l1p(priceSum / lines) : 0;
  x[8] = quantities.length ? l1p(Math.max(0, quantities[quantities.length >> 1])) : 0;
  x[9] = multi / n;
  x[10] = l1p(lastLines) - l1p(lines / n);
  x[11] = 0;
  x[12] = 0;
  if (bg && bg.length === 4) {
    const s = bgNbdSummary(orders, at);
    if (s) {
      const { pAlive, expected } = bgNbdPredict(bg, s, horizonDays);
      x[11] = Math.log((pAlive + 1e-4) / (1 - pAlive + 1e-4));
      x[12] = Math.log(expected + 1e-3);
    }
  }
  return x;
}

/**
 * Scores one customer 0-1 from their own orders at time `at`; null with no orders (nothing to go on).
 * @example scorePropensity(site.propensity.purchase, ordersFromEvents(events), Date.now()) // 0.42
 */
export function scorePropensity(model: LogisticModel, orders: ReadonlyArray<Order>, at: number): number | null {
  const f = propensityFeatures(orders, at, model.horizonDays, model.bgnbd ?? null);
  if (!f || f.length !== model.features.length) return null;
  let z = model.weights[f.length];
  // Standardized features are clipped so one value far outside the training range cannot swamp the rest.
  for (let j = 0; j < f.length; j++) z += model.weights[j] * Math.max(-5, Math.min(5, (f[j] - model.mean[j]) / model.std[j]));
  return 1 / (1 + Math.exp(-z));
}
