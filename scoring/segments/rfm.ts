// RFM: recency, frequency and monetary scored 1-5 against the site's quintiles, and a named tier.
import { DAY_MS } from './orders.ts';
import type { Order, RfmModel } from './types.ts';

/** Cut points used without a site model: a small shop's rough quintiles (days, orders, spend). */
export const DEFAULT_RFM: RfmModel = {
  recencyDays: [14, 45, 90, 180],
  frequency: [1, 2, 3, 5],
  monetary: [50, 120, 300, 800],
};

export const RFM_TIERS = ['champions', 'loyal', 'potential', 'new', 'at-risk', 'hibernating', 'lost'] as const;
export type RfmTier = (typeof RFM_TIERS)[number];

/**
 * The raw R, F, M figures of one customer at `now` (orders at or after `now` do not count); null with no orders.
 * @example rfmFigures(orders, Date.now()) // { recencyDays: 12.5, orders: 3, monetary: 410 }
 */
export function rfmFigures(orders: ReadonlyArray<Order>, now: number): { recencyDays: number; orders: number; monetary: number } | null {
  let n = 0, money = 0, last = -Infinity;
  for (const o of orders) {
    if (o.time >= now) continue;
    n++;
    money += o.total;
    if (o.time > last) last = o.time;
  }
  return n === 0 ? null : { recencyDays: (now - last) / DAY_MS, orders: n, monetary: money };
}


/** 1 + how many cut points the value is above: ties with a cut point stay in the lower band. */
const above = (edges: number[], v: number) => 1 + edges.filter((e) => v > e).length;

/**
 * Names the tier for R, F scores (1-5) and the order count.
 * @example rfmTier(5, 5, 12) // 'champions'
 */
export function rfmTier(r: number, f: number, orders: number): RfmTier {
  if (r >= 4 && f >= 4) return 'champions';
  if (r >= 3 && f >= 3) return 'loyal';
  if (r >= 4 && orders <= 1) return 'new';
  if (r >= 3) return 'potential';
  if (f >= 3) return 'at-risk';
  if (r === 2) return 'hibernating';
  return 'lost';
}

/**
 * Scores a customer's orders against the cut points; null with no orders.
 * @example scoreRfm(DEFAULT_RFM, orders, Date.now()) // { r: 5, f: 3, m: 4, tier: 'loyal', recencyDays: 3, orders: 3, monetary: 410 }
 */
export function scoreRfm(model: RfmModel, orders: ReadonlyArray<Order>, now: number): { r: number; f: number; m: number; tier: RfmTier; recencyDays: number; orders: number; monetary: number } | null {
  const x = rfmFigures(orders, now);
  if (!x) return null;
  const r = 6 - above(model.recencyDays, x.recencyDays);
  const f = above(model.frequency, x.orders);
  const m = above(model.monetary, x.monetary);
  return { r, f, m, tier: rfmTier(r, f, x.orders), recencyDays: Math.round(x.recencyDays * 10) / 10, orders: x.orders, monetary: Math.round(x.monetary * 100) / 100 };
}
