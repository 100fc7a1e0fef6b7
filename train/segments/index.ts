// The site's segments model, trained from an order log (RFM cut points, lifecycle thresholds, clusters, propensity).
// The result is plain JSON that the device scores with worker/segments and scoring/segments.
import { ActivityAccumulator } from '../../scoring/segments/activity.ts';
import { groupOrders, quantile } from '../../scoring/segments/orders.ts';
import type { Order, OrderLine, SiteSegmentsModel } from '../../scoring/segments/types.ts';
import { learnClusters } from './clusters.ts';
import { learnLifecycle } from './lifecycle.ts';
import { trainPropensity } from './propensity.ts';
import { learnRfm } from './rfm.ts';

/** How to train the site segments model. */
export interface TrainSegmentsOptions {
  /** The moment the model describes (ms); labels never look past it. Default: the last order's time. */
  now?: number;
  /** Days ahead the purchase propensity looks. Default 90. */
  horizonDays?: number;
  /** Days without an order that count as churn. Default twice the horizon. */
  churnDays?: number;
  /** Number of clusters; default chosen by silhouette among 3..6. */
  k?: number;
  seed?: number;
  /**
   * The log's other events (views, add-to-carts, with the purchases too, so sessions are whole), for browsing
   * cluster features; without browse events in it, clusters use order features only.
   */
  activity?: ActivityAccumulator;
  onProgress?: (message: string) => void;
}

/**
 * Trains the site's segments model (RFM cut points, lifecycle thresholds, clusters, propensity) from an order log.
 * The result is plain JSON: publish it with the site model.
 * @example const site = trainSegmentsModel(lines, { horizonDays: 90 }); JSON.stringify(site);
 */
export function trainSegmentsModel(orders: ReadonlyArray<OrderLine | Order>, options: TrainSegmentsOptions = {}): SiteSegmentsModel {
  const say = options.onProgress ?? (() => {});
  const customers = groupOrders(orders);
  let last = -Infinity;
  for (const list of customers.values()) if (list.length) last = Math.max(last, list[list.length - 1].time);
  const now = options.now ?? (Number.isFinite(last) ? last : 0);
  const horizonDays = options.horizonDays ?? 90;
  say(`${customers.size} customers`);
  const rfm = learnRfm(customers, now);
  const lifecycle = learnLifecycle(customers);
  say(`lifecycle thresholds: at risk ${lifecycle.atRiskDays} d, lapsed ${lifecycle.lapsedDays} d, churned ${lifecycle.churnedDays} d`);
  const activity = options.activity?.hasBrowse ? options.activity.summaries(now) : undefined;
  const clusters = learnClusters(customers, now, { k: options.k, seed: options.seed, activity });
  say(`clusters over ${clusters ? clusters.features.length : 0} features: ${clusters ? clusters.names.map((n, i) => `${n} (${clusters.sizes[i]})`).join(', ') : 'none (too few customers)'}`);
  const purchase = trainPropensity(customers, { now, horizonDays, target: 'purchase' });
  const churn = trainPropensity(customers, { now, horizonDays: options.churnDays ?? 2 * horizonDays, target: 'churn' });
  say(`propensity: purchase ${purchase ? 'trained' : 'skipped (log too short)'}, churn ${churn ? 'trained' : 'skipped (log too short)'}`);
  const prices: number[] = [];
  for (const list of customers.values()) for (const o of list) for (const it of o.items) if (it.price > 0) prices.push(it.price);
  const sorted = Float64Array.from(prices).sort();
  const priceBands = prices.length >= 3 ? [quantile(sorted, 1 / 3), quantile(sorted, 2 / 3)] : null;
  return { version: 1, trainedAt: now, customers: customers.size, rfm, lifecycle, clusters, propensity: { purchase, churn }, priceBands };
}
