// Lifecycle, the learning half: stage thresholds from the gaps between customers' orders. Stages are in scoring/segments/lifecycle.ts.
import { DAY_MS, quantile } from '../../scoring/segments/orders.ts';
import { DEFAULT_LIFECYCLE } from '../../scoring/segments/lifecycle.ts';
import type { LifecycleModel, Order } from '../../scoring/segments/types.ts';

const roundDays = (d: number) => Math.max(1, Math.round(d));

/**
 * Learns thresholds from the gaps between consecutive orders of every customer: at risk past the
 * 75th percentile gap, lapsed past the 90th (at least 1.5x at-risk), churned past twice lapsed.
 * @example learnLifecycle(groupOrders(lines)) // { atRiskDays: 62, lapsedDays: 121, churnedDays: 242, medianGapDays: 28 }
 */
export function learnLifecycle(customers: ReadonlyMap<string, ReadonlyArray<Order>>): LifecycleModel {
  const gaps: number[] = [];
  for (const list of customers.values()) {
    for (let i = 1; i < list.length; i++) {
      const g = (list[i].time - list[i - 1].time) / DAY_MS;
      // Same-day re-orders are one shopping trip split in two, not a buying rhythm.
      if (g >= 1) gaps.push(g);
    }
  }
  if (gaps.length < 10) return DEFAULT_LIFECYCLE;
  const s = Float64Array.from(gaps).sort();
  const atRisk = roundDays(Math.max(7, quantile(s, 0.75)));
  const lapsed = roundDays(Math.max(quantile(s, 0.9), atRisk * 1.5));
  const churned = roundDays(Math.max(quantile(s, 0.97), lapsed * 2));
  return { atRiskDays: atRisk, lapsedDays: lapsed, churnedDays: churned, medianGapDays: roundDays(quantile(s, 0.5)) };
}
