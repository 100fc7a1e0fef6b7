// The simulated shopper: one session on a shop served by the real engine code (ranking, experiment plans, attribution,
// forwarding records). The behaviour model is deliberately small and dataset-agnostic:
//   - a shopper's wishes are their held-out (test.csv) items; their history is their train.csv items, as past orders;
//   - the home page shows a "for you" row of HOME_ROW items as their arm serves it; product pages show a "similar" row;
//   - each shown item they wish for is clicked with pClick, any other with pCuriosity (never bought); a clicked wished
//     item is added to the cart with pBuy; a shown item they do not wish for is dismissed with pDismiss;
//   - once per session they find one wished item by themselves (search, menus) with pFind, and add it with pBuy;
//   - a non-empty cart is checked out with pCheckout.
// Nothing in it is fitted to a dataset: the same probabilities apply whatever the data, and the arms differ only in
// what the engine shows.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { WorkerConfig } from '../../src/contract/config.ts';
import type { CatalogItem, RecItem, RecommendRequest, SegmentsResult } from '../../src/contract/types.ts';
import { recommend } from '../../worker/recommend/index.ts';
import { planRow } from '../../worker/experiments/assign.ts';
import { forwardedFor, type ForwardedEvent } from '../../worker/experiments/forward.ts';
import { dismissalsOf } from '../../worker/dismissals.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import { rng } from '../gen-log.ts';

/** Behaviour probabilities (README, "Simulation"). */
export interface Behaviour {
  pClick: number;
  pCuriosity: number;
  pBuy: number;
  pFind: number;
  pDismiss: number;
  pCheckout: number;
  /** Product pages a shopper opens from recommendations per session, at most. */
  maxPages: number;
}

export const DEFAULT_BEHAVIOUR: Behaviour = { pClick: 0.35, pCuriosity: 0.01, pBuy: 0.5, pFind: 0.15, pDismiss: 0.01, pCheckout: 0.8, maxPages: 4 };
export const HOME_ROW = { type: 'for-you' as const, limit: 8, widget: 'home-recs' };
export const PRODUCT_ROW = { type: 'similar' as const, limit: 6, widget: 'product-similar' };

/** A shopper profile drawn from the split: past orders and wishes. */
export interface Profile {
  user: string;
  history: StoredEvent[];
  wishes: string[];
}

/** What the simulated shop serves from. */
export interface Shop {
  site: SiteModel;
  catalog: Map<string, CatalogItem>;
  config: WorkerConfig;
  /** Segments at the visitor's first exposure (cached per profile). */
  segments(profile: Profile, now: number): SegmentsResult | null;
  /** Served rows, memoized by key: identical calls of the engine give identical rows. */
  memo: Map<string, RecItem[]>;
}

export { rng };

/**
 * Simulates one visitor's session and returns their forwarded events (exposures, impressions, clicks, cart adds,
 * dismissals, and the order with its attribution).
 * @example const out = simulateVisitor(shop, profile, 'v1-7', Date.UTC(2012, 0, 3), DEFAULT_BEHAVIOUR, rng(7));
 */
export function simulateVisitor(shop: Shop, profile: Profile, visitorId: string, start: number, b: Behaviour, random: () => number): ForwardedEvent[] {
  const sessionId = `${visitorId}-s1`;
  const events: StoredEvent[] = profile.history.map((e) => ({ ...e, anonymous_id: visitorId }));
  const fresh: StoredEvent[] = [];
  let t = start;
  let n = 0;
  const push = (event: string, properties: Record<string, unknown>) => {
    t += 5_000 + Math.floor(random() * 40_000);
    const e: StoredEvent = { message_id: `${visitorId}-${n++}`, event, properties, timestamp: t, session_id: sessionId, anonymous_id: visitorId };
    events.push(e);
    fresh.push(e);
    return e;
  };
  const wishes = new Set(profile.wishes);
  const viewed = new Set<string>();
  const cart: string[] = [];
  let exposed = false;
  const price = (id: string) => shop.catalog.get(id)?.price ?? 0;

  const serve = (row: { type: RecommendRequest['type']; limit: number; widget: string }, itemId?: string): { items: RecItem[]; widget: string; type: string } => {
    const plan = planRow({ type: row.type, limit: row.limit, ...(itemId ? { itemId } : {}) }, row.widget, shop.config, visitorId, () => false);
    if (!exposed && plan.exposures.length) {
      exposed = true;
      const seg = shop.segments(profile, t);
      for (const x of plan.exposures) push('Experiment Viewed', { ...x, bucket_by: 'anonymous_id', rfm_tier: seg?.rfm?.tier ?? null, lifecycle_stage: seg?.lifecycle.stage ?? null });
    }
    const dismissed = dismissalsOf(events, shop.site);
    const key = `${profile.user}|${JSON.stringify(plan.request)}|${plan.personalize}|${JSON.stringify(plan.blend ?? null)}|${cart.join(',')}|${[...dismissed.excluded].join(',')}|${itemId ?? ''}`;
    let items = shop.memo.get(key);
    if (!items) {
      items = recommend({ request: plan.request, events, catalog: shop.catalog, site: shop.site, now: t, eventWeights: shop.config.eventWeights, currentItemId: itemId, personalize: plan.personalize, blend: plan.blend, dismissed });
      shop.memo.set(key, items);
    }
    return { items, widget: row.widget, type: row.type };
  };

  const view = (id: string) => {
    viewed.add(id);
    push('Product Viewed', { product_id: id, price: price(id) });
    if (wishes.has(id) && !cart.includes(id) && random() < b.pBuy) {
      cart.push(id);
      push('Product Added', { product_id: id, price: price(id), quantity: 1 });
    }
  };

  /** Shows a row, returns the items clicked (in order). */
  const browse = (shown: { items: RecItem[]; widget: string; type: string }): string[] => {
    const clicked: string[] = [];
    shown.items.forEach((rec, i) => {
      const id = rec.item.product_id;
      const base = { widget_id: shown.widget, widget_type: shown.type, product_id: id, position: i + 1, source: rec.source };
      push('Widget Impression', base);
      const wished = wishes.has(id) && !viewed.has(id);
      if (random() < (wished ? b.pClick : b.pCuriosity)) {
        push('Widget Clicked', base);
        clicked.push(id);
      } else if (!wishes.has(id) && random() < b.pDismiss) {
        push('Recommendation Dismissed', base);
      }
    });
    return clicked;
  };

  push('Page Viewed', { path: '/' });
  const queue = browse(serve(HOME_ROW));
  let pages = 0;
  while (queue.length && pages < b.maxPages) {
    const id = queue.shift()!;
    pages++;
    view(id);
    queue.push(...browse(serve(PRODUCT_ROW, id)));
  }
  if (random() < b.pFind) {
    const left = profile.wishes.filter((w) => !viewed.has(w));
    if (left.length) view(left[Math.floor(random() * left.length)]);
  }
  if (cart.length && random() < b.pCheckout) {
    const products = cart.map((id) => ({ product_id: id, price: price(id), quantity: 1 }));
    push('Order Completed', { order_id: `${visitorId}-o1`, products, total: Math.round(products.reduce((s, p) => s + p.price, 0) * 100) / 100, currency: 'USD' });
  }
  return forwardedFor(fresh, events, shop.config);
}
