// Lifecycle stage from the time since the last order, against gaps learned from the site's customers.
import type { Config } from '../../src/contract/config.ts';
import { DAY_MS, quantile } from './orders.ts';
import type { LifecycleModel, Order } from './types.ts';

export const LIFECYCLE_STAGES = ['prospect', 'new', 'active', 'growing', 'at-risk', 'lapsed', 'churned'] as const;
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** Thresholds used without a site model or config: monthly buyers, at risk after two months. */
export const DEFAULT_LIFECYCLE: LifecycleModel = { atRiskDays: 60, lapsedDays: 120, churnedDays: 365, medianGapDays: 30 };

const roundDays = (d: number) => Math.max(1, Math.round(d));
const dayCount = (n: number) => `${n} day${n === 1 ? '' : 's'}`;


const median = (v: number[]) => quantile(Float64Array.from(v).sort(), 0.5);

/**
 * The customer's stage at `now` with a reason. A customer's own rhythm stretches the at-risk point
 * (to 1.5x their median gap, up to the lapsed point) unless the owner set `config.lifecycle.atRiskDays`.
 * @example lifecycleStage(orders, Date.now(), DEFAULT_LIFECYCLE).reason // 'at risk: last order 74 days ago, usual gap 30 days'
 */
export function lifecycleStage(
  orders: ReadonlyArray<Order>,
  now: number,
  model: LifecycleModel | null,
  overrides: Partial<Config['lifecycle']> = {},
): { stage: LifecycleStage; reason: string; recencyDays: number | null; usualGapDays: number | null; atRiskDays: number } {
  const m = model ?? DEFAULT_LIFECYCLE;
  const past = orders.filter((o) => o.time < now);
  const lapsed = overrides.lapsedDays ?? m.lapsedDays;
  const churned = Math.max(overrides.churnedDays ?? m.churnedDays, lapsed);
  if (past.length === 0) return { stage: 'prospect', reason: 'prospect: no orders yet', recencyDays: null, usualGapDays: null, atRiskDays: overrides.atRiskDays ?? m.atRiskDays };
  const gaps: number[] = [];
  for (let i = 1; i < past.length; i++) gaps.push((past[i].time - past[i - 1].time) / DAY_MS);
  const ownGap = gaps.length ? median(gaps) : null;
  const usual = roundDays(ownGap ?? m.medianGapDays);
  const atRisk = Math.min(overrides.atRiskDays ?? Math.max(m.atRiskDays, ownGap !== null ? 1.5 * ownGap : 0), lapsed);
  const days = (now - past[past.length - 1].time) / DAY_MS;
  // Rounded as the RFM recency is, so a customer's reason and their recency_days agree.
  const ago = `last order ${dayCount(Math.round(days))} ago`;
  const base = { recencyDays: days, usualGapDays: ownGap, atRiskDays: atRisk };
  if (days > churned) return { stage: 'churned', reason: `churned: ${ago}, past ${dayCount(roundDays(churned))}`, ...base };
  if (days > lapsed) return { stage: 'lapsed', reason: `lapsed: ${ago}, past ${dayCount(roundDays(lapsed))}`, ...base };
  if (days > atRisk) return { stage: 'at-risk', reason: `at risk: ${ago}, usual gap ${dayCount(usual)}`, ...base };
  if (past.length === 1) return { stage: 'new', reason: `new: first order ${dayCount(Math.round(days))} ago`, ...base };
  if (gaps.length >= 3) {
    const lastGap = gaps[gaps.length - 1];
    const before = median(gaps.slice(0, -1));
    // Buying clearly faster than their own earlier rhythm (one short gap among several is not enough noise to count).
    if (lastGap < 0.5 * before && lastGap >= 1) return { stage: 'growing', reason: `growing: ${past.length} orders, last gap ${dayCount(roundDays(lastGap))}, before ${dayCount(roundDays(before))}`, ...base };
  }
  return { stage: 'active', reason: `active: ${ago}, usual gap ${dayCount(usual)}`, ...base };
}
