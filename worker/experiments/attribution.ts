// Order attribution: which widget and slot impressions and clicks preceded each `Order Completed`, within windows,
// with last-touch and position-based credit, and which experiment arms the visitor was in. Pure functions over a
// visitor's time-ordered events: the worker (forwarding, exportData) and `npm run simulate` run the same code.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { AttributionConfig, OrderAttribution, Touch } from '../../src/contract/loop.ts';

export type { OrderAttribution, Touch };

const DAY_MS = 86_400_000;
/** Touches listed per order at most (the latest ones); credit is shared among these. */
export const MAX_TOUCHES = 20;


const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/**
 * Revenue of an order: `total`, else `revenue`, else the sum of its products' price x quantity.
 * @example orderRevenue({ products: [{ price: 2, quantity: 3 }] }) // 6
 */
export function orderRevenue(p: Record<string, unknown>): number {
  const t = num(p.total) ?? num(p.revenue);
  if (t !== undefined) return t;
  let sum = 0;
  if (Array.isArray(p.products)) for (const x of p.products as Array<Record<string, unknown>>) sum += (num(x?.price) ?? 0) * (num(x?.quantity) ?? 1);
  return sum;
}

const productIds = (p: Record<string, unknown>): Set<string> =>
  new Set(Array.isArray(p.products) ? (p.products as Array<Record<string, unknown>>).map((x) => str(x?.product_id) ?? str(x?.sku)).filter((x): x is string => !!x) : []);

/**
 * Position-based (U-shaped) credit: one touch takes all, two split evenly, more give 40% to the first and the last
 * and share 20% among the rest (Google Analytics' "position-based" model).
 * @example positionCredit(4) // [0.4, 0.1, 0.1, 0.4]
 */
export function positionCredit(n: number): number[] {
  if (n <= 0) return [];
  if (n === 1) return [1];
  if (n === 2) return [0.5, 0.5];
  return Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2)));
}

/**
 * Attributes one order (at `events[at]`) to the touches before it. `events` must be one visitor's, in time order.
 * Clicks within `clickWindowDays` win; without any, impressions within `impressionWindowDays` count (view-through),
 * one per widget, product and variant (the latest).
 * @example
 * attributeOrder(events, events.length - 1, { clickWindowDays: 7, impressionWindowDays: 1 }).last_touch?.widget_id // "home-recs"
 */
export function attributeOrder(events: ReadonlyArray<StoredEvent>, at: number, windows: AttributionConfig): OrderAttribution {
  const order = events[at];
  const t = order.timestamp;
  const inOrder = productIds(order.properties);
  const clicks: StoredEvent[] = [];
  const views = new Map<string, StoredEvent>();
  const arms = new Map<string, string>();
  for (let i = 0; i < events.length; i++) {
    if (i === at) continue;
    const e = events[i];
    if (e.timestamp > t || (e.timestamp === t && i > at)) break;
    const age = t - e.timestamp;
    if (e.event === 'Experiment Viewed') {
      const id = str(e.properties.experiment_id), v = str(e.properties.variation_id);
      if (id && v) arms.set(id, v);
    } else if (e.event === 'Widget Clicked' && age <= windows.clickWindowDays * DAY_MS) clicks.push(e);
    else if (e.event === 'Widget Impression' && age <= windows.impressionWindowDays * DAY_MS) {
      const p = e.properties;
      const key = `${p.widget_id}|${p.product_id ?? ''}|${p.variant_id ?? ''}`;
      views.delete(key);
      views.set(key, e);
    }
  }
  const basis = clicks.length ? 'click' : views.size ? 'impression' : 'none';
  const chosen = (clicks.length ? clicks : [...views.values()].sort((a, b) => a.timestamp - b.timestamp)).slice(-MAX_TOUCHES);
  const pos = positionCredit(chosen.length);
  const touches: Touch[] = chosen.map((e, i) => {
    const p = e.properties;
    const touch: Touch = {
      type: e.event === 'Widget Clicked' ? 'click' : 'impression',
      timestamp: e.timestamp,
      widget_id: str(p.widget_id) ?? 'unknown',
      widget_type: str(p.widget_type) ?? 'unknown',
      in_order: false,
      credit_last_touch: i === chosen.length - 1 ? 1 : 0,
      credit_position: pos[i],
    };
    const pid = str(p.product_id);
    if (pid) { touch.product_id = pid; touch.in_order = inOrder.has(pid); }
    const position = num(p.position);
    if (position !== undefined) touch.position = position;
    for (const k of ['source', 'slot', 'variant_id'] as const) { const v = str(p[k]); if (v) touch[k] = v; }
    return touch;
  });
  const last = touches[touches.length - 1];
  return {
    basis,
    touches,
    last_touch: last ? { widget_id: last.widget_id, widget_type: last.widget_type, type: last.type, ...(last.product_id ? { product_id: last.product_id } : {}), ...(last.slot ? { slot: last.slot } : {}), ...(last.variant_id ? { variant_id: last.variant_id } : {}) } : null,
    experiments: [...arms].map(([experiment_id, variation_id]) => ({ experiment_id, variation_id })),
    window_days: { click: windows.clickWindowDays, impression: windows.impressionWindowDays },
  };
}

/**
 * Attributes every order in one visitor's time-ordered events, keyed by the order's message_id.
 * @example attributeOrders(events, { clickWindowDays: 7, impressionWindowDays: 1 }).get(orderMessageId)?.basis
 */
export function attributeOrders(events: ReadonlyArray<StoredEvent>, windows: AttributionConfig): Map<string, OrderAttribution> {
  const out = new Map<string, OrderAttribution>();
  events.forEach((e, i) => { if (e.event === 'Order Completed') out.set(e.message_id, attributeOrder(events, i, windows)); });
  return out;
}
