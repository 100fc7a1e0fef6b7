// Turns order lines (from a log) or stored `Order Completed` events (on the device) into orders per customer.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { Order, OrderItem, OrderLine } from './types.ts';

export const DAY_MS = 86_400_000;

const isLine = (x: OrderLine | Order): x is OrderLine => (x as Order).items === undefined;

/**
 * Groups order lines (or ready orders) into each customer's orders, sorted by time.
 * @example groupOrders([{ customer: 'c1', orderId: 'o1', time: 0, item: 'mug', quantity: 2, price: 5 }]).get('c1')![0].total // 10
 */
export function groupOrders(rows: ReadonlyArray<OrderLine | Order>): Map<string, Order[]> {
  const byOrder = new Map<string, Order>();
  for (const row of rows) {
    const key = row.customer + '\u0000' + row.orderId;
    if (!isLine(row)) {
      byOrder.set(key, row);
      continue;
    }
    let order = byOrder.get(key);
    if (!order) {
      order = { customer: row.customer, orderId: row.orderId, time: row.time, total: 0, items: [] };
      byOrder.set(key, order);
    }
    // An invoice's lines may carry slightly different times; the order happened at its first line.
    if (row.time < order.time) order.time = row.time;
    order.total += row.quantity * row.price;
    const item: OrderItem = { item: row.item, quantity: row.quantity, price: row.price };
    if (row.category) item.category = row.category;
    if (row.brand) item.brand = row.brand;
    order.items.push(item);
  }
  const out = new Map<string, Order[]>();
  for (const order of byOrder.values()) {
    const list = out.get(order.customer);
    if (list) list.push(order);
    else out.set(order.customer, [order]);
  }
  for (const list of out.values()) list.sort((a, b) => a.time - b.time);
  return out;
}

const num = (v: unknown): number | null => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
};
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : undefined);

/**
 * Reads the visitor's orders from stored `Order Completed` events (one per `order_id`), sorted by time.
 * @example ordersFromEvents(events).length // how many orders the visitor placed on this device
 */
export function ordersFromEvents(events: ReadonlyArray<StoredEvent>, customer = 'me'): Order[] {
  const seen = new Map<string, Order>();
  for (const e of events) {
    if (e.event !== 'Order Completed') continue;
    const p = e.properties ?? {};
    const orderId = str(p.order_id) ?? e.message_id;
    const items: OrderItem[] = [];
    if (Array.isArray(p.products)) {
      for (const raw of p.products) {
        if (typeof raw !== 'object' || raw === null) continue;
        const prod = raw as Record<string, unknown>;
        const id = str(prod.product_id) ?? str(prod.sku);
        if (!id) continue;
        const it: OrderItem = { item: id, quantity: num(prod.quantity) ?? 1, price: num(prod.price) ?? 0 };
        const cat = str(prod.category);
        const brand = str(prod.brand);
        if (cat) it.category = cat;
        if (brand) it.brand = brand;
        items.push(it);
      }
    }
    const fromItems = items.reduce((s, it) => s + it.price * it.quantity, 0);
    const total = num(p.total) ?? num(p.revenue) ?? fromItems;
    // Retried sends reuse the order id: keep the first, so an order never counts twice.
    if (!seen.has(orderId)) seen.set(orderId, { customer, orderId, time: e.timestamp, total, items });
  }
  return [...seen.values()].sort((a, b) => a.time - b.time);
}

/**
 * The value at quantile q (0..1) of ascending-sorted values, interpolating linearly as numpy does.
 * @example quantile([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
