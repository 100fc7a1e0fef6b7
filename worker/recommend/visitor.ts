// A visitor's stored events, digested once: what they touched and how strongly, what they bought, what is in the cart.
import type { StoredEvent } from '../../src/contract/events.ts';
import { productId } from '../../src/contract/productId.ts';

/** Everything the visitor did with one product. */
export interface Touch {
  id: string;
  /** Sum of event weights (undecayed). */
  weight: number;
  /** Latest touch, ms. */
  lastTs: number;
  /** Latest view/click, ms (0 if never viewed). */
  lastViewTs: number;
  purchases: number;
  lastPurchaseTs: number;
  /** The strongest thing they did: what a reason should say. */
  strongest: 'viewed' | 'added' | 'bought';
  /** Product properties seen on the events (name, price ...), for items the catalog lacks. */
  props?: Record<string, unknown>;
}

/** A visitor prepared for ranking; cache it between calls while the events do not change. */
export interface Visitor {
  now: number;
  touches: Map<string, Touch>;
  /** Product ids viewed or clicked, newest first. */
  recent: string[];
  /** Product ids in the cart (added minus removed since the last order), oldest first. */
  cart: string[];
  /** Product ids per session, with the weight each got in that session. */
  sessions: Array<{ items: string[]; weights: number[] }>;
  /** Per-universe derived data (histories, fold-ins), filled by the ranker. */
  cache: WeakMap<object, unknown>;
  eventCount: number;
}

const VIEW_EVENTS = new Set(['Product Viewed', 'Product Clicked', 'Widget Clicked', 'Product Dwell']);

const idOf = productId;

/** The products an event is about: `properties.product_id`, or each of `properties.products` (orders, checkouts). */
function productsOf(e: StoredEvent): Array<{ id: string; props: Record<string, unknown> }> {
  const p = e.properties ?? {};
  const out: Array<{ id: string; props: Record<string, unknown> }> = [];
  const single = idOf(p.product_id);
  if (single) out.push({ id: single, props: p });
  if (Array.isArray(p.products)) {
    for (const raw of p.products) {
      if (typeof raw !== 'object' || raw === null) continue;
      const id = idOf((raw as Record<string, unknown>).product_id);
      if (id) out.push({ id, props: raw as Record<string, unknown> });
    }
  }
  return out;
}

const RANK = { viewed: 0, added: 1, bought: 2 } as const;

/**
 * Digests the visitor's stored events (any order) into touches, recency, purchases, cart and sessions.
 * Cost is linear in the events; the engine may cache the result until new events arrive.
 * @example
 * const v = prepareVisitor(events, config.eventWeights, Date.now());
 * v.cart // ['sku-1']
 */
export function prepareVisitor(events: ReadonlyArray<StoredEvent>, eventWeights: Record<string, number>, now: number): Visitor {
  let sorted = events;
  for (let k = 1; k < events.length; k++) {
    if (events[k].timestamp < events[k - 1].timestamp) { sorted = [...events].sort((a, b) => a.timestamp - b.timestamp); break; }
  }
  const touches = new Map<string, Touch>();
  const cart = new Map<string, true>();
  const sessions = new Map<string, Map<string, number>>();
  const orders = new Set<unknown>();
  for (const e of sorted) {
    if (!e || typeof e.event !== 'string') continue;
    if (e.event === 'Order Completed') {
      // the cart empties on every order, whatever it held
      cart.clear();
      // A thank-you page reloaded tracks its order again: one order_id is one purchase, as in segments().
      const id = e.properties?.order_id;
      if (orders.has(id)) continue;
      if (id != null) orders.add(id);
    }
    const prods = productsOf(e);
    if (prods.length === 0) continue;
    if (e.event === 'Product Added') for (const p of prods) { cart.delete(p.id); cart.set(p.id, true); }
    if (e.event === 'Product Removed') for (const p of prods) cart.delete(p.id);
    const w = eventWeights[e.event] ?? 0;
    const isView = VIEW_EVENTS.has(e.event);
    const isBuy = e.event === 'Order Completed';
    if (!(w > 0) && !isView && !isBuy) continue;
    for (const p of prods) {
      let t = touches.get(p.id);
      if (!t) {
        t = { id: p.id, weight: 0, lastTs: 0, lastViewTs: 0, purchases: 0, lastPurchaseTs: 0, strongest: 'viewed' };
        touches.set(p.id, t);
      }
      t.weight += w;
      t.lastTs = Math.max(t.lastTs, e.timestamp);
      if (isView) t.lastViewTs = Math.max(t.lastViewTs, e.timestamp);
      if (isBuy) { t.purchases++; t.lastPurchaseTs = Math.max(t.lastPurchaseTs, e.timestamp); }
      const kind = isBuy ? 'bought' : e.event === 'Product Added' || e.event === 'Checkout Started' ? 'added' : 'viewed';
      if (RANK[kind] > RANK[t.strongest]) t.strongest = kind;
      if (typeof p.props.name === 'string') t.props = p.props;
      else if (!t.props) t.props = p.props;
      if (w > 0) {
        const sid = e.session_id || 'default';
        let s = sessions.get(sid);
        if (!s) sessions.set(sid, (s = new Map()));
        s.set(p.id, (s.get(p.id) ?? 0) + w);
      }
    }
  }
  const recent = [...touches.values()].filter((t) => t.lastViewTs > 0).sort((a, b) => b.lastViewTs - a.lastViewTs).map((t) => t.id);
  return {
    now,
    touches,
    recent,
    cart: [...cart.keys()],
    sessions: [...sessions.values()].map((m) => ({ items: [...m.keys()], weights: [...m.values()] })),
    cache: new WeakMap(),
    eventCount: events.length,
  };
}
