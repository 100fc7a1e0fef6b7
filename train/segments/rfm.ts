// RFM, the learning half: quintile cut points from every customer's figures. Scoring is in scoring/segments/rfm.ts.
import { quantile } from '../../scoring/segments/orders.ts';
import { DEFAULT_RFM, rfmFigures } from '../../scoring/segments/rfm.ts';
import type { Order, RfmModel } from '../../scoring/segments/types.ts';

/**
 * Learns quintile cut points from every customer's figures at `now`.
 * @example learnRfm(groupOrders(lines), Date.now()).frequency // e.g. [1, 1, 2, 4]
 */
export function learnRfm(customers: ReadonlyMap<string, ReadonlyArray<Order>>, now: number): RfmModel {
  const r: number[] = [], f: number[] = [], m: number[] = [];
  for (const list of customers.values()) {
    const x = rfmFigures(list, now);
    if (!x) continue;
    r.push(x.recencyDays);
    f.push(x.orders);
    m.push(x.monetary);
  }
  if (r.length < 5) return DEFAULT_RFM;
  const cuts = (v: number[]) => {
    const s = Float64Array.from(v).sort();
    return [0.2, 0.4, 0.6, 0.8].map((q) => Math.round(quantile(s, q) * 100) / 100);
  };
  return { recencyDays: cuts(r), frequency: cuts(f), monetary: cuts(m) };
}
