// Non-order behaviour per customer (visits, browsing depth, views, category mix), summarized the same way
// from a site's interaction log and from the visitor's stored events, so clusters can use it on both sides.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';

/** A gap longer than this between two of a customer's events starts a new session (the usual web convention). */
export const SESSION_GAP_MS = 30 * 60_000;

/** Events that count as browsing: product interactions short of buying. */
export const BROWSE_EVENTS: ReadonlySet<string> = new Set(['Product Viewed', 'Product Clicked', 'Product Added']);
const VIEW = 'Product Viewed';
const ORDER = 'Order Completed';

/** One customer's behaviour outside their orders, before `now`. */
export interface ActivitySummary {
  /** Sessions: runs of events (orders included) with no gap over SESSION_GAP_MS. */
  sessions: number;
  /** Browse events (BROWSE_EVENTS). */
  browse: number;
  views: number;
  /** Time of the first event (ms). */
  first: number;
  /** Interactions per item category, counting viewed and bought items; empty when categories are unknown. */
  categories: Map<string, number>;
}

/** Sessions in ascending times: one plus the gaps longer than SESSION_GAP_MS. */
function countSessions(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) return 0;
  let n = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i] - sorted[i - 1] > SESSION_GAP_MS) n++;
  return n;
}

/**
 * Collects a log's events customer by customer (in any order) and summarizes them; rows never become objects.
 * @example const acc = new ActivityAccumulator(); acc.add('u1', t, 'Product Viewed', 'mugs'); acc.summaries(now).get('u1')?.views // 1
 */
export class ActivityAccumulator {
  // Per customer: event times, kinds (0 other, 1 browse, 2 view) and categories, kept so summaries can stop at any `now`.
  private readonly byCustomer = new Map<string, { times: number[]; kinds: number[]; cats: Array<string | undefined> }>();
  /** True once any browse event was added: a log without one (order lines only) has no visit features. */
  hasBrowse = false;

  /** Adds one event (time in ms); `category` is the item's category when known. */
  add(customer: string, time: number, event: string, category?: string): void {
    let c = this.byCustomer.get(customer);
    if (!c) this.byCustomer.set(customer, (c = { times: [], kinds: [], cats: [] }));
    const browse = BROWSE_EVENTS.has(event);
    if (browse) this.hasBrowse = true;
    c.times.push(time);
    c.kinds.push(event === VIEW ? 2 : browse ? 1 : 0);
    c.cats.push(category && (browse || event === ORDER) ? category : undefined);
  }

  /** Each customer's summary over events at or before `now`. */
  summaries(now: number): Map<string, ActivitySummary> {
    const out = new Map<string, ActivitySummary>();
    for (const [customer, c] of this.byCustomer) {
      const times: number[] = [];
      let browse = 0, views = 0;
      const categories = new Map<string, number>();
      for (let i = 0; i < c.times.length; i++) {
        if (c.times[i] > now) continue;
        times.push(c.times[i]);
        if (c.kinds[i] > 0) browse++;
        if (c.kinds[i] === 2) views++;
        const cat = c.cats[i];
        if (cat) categories.set(cat, (categories.get(cat) ?? 0) + 1);
      }
      if (times.length === 0) continue;
      const sorted = Float64Array.from(times).sort();
      out.set(customer, { sessions: countSessions(sorted), browse, views, first: sorted[0], categories });
    }
    return out;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined);

/** Categories an event touches: its products' own category, else the catalog's. */
function eventCategories(e: StoredEvent, catalog?: Map<string, CatalogItem>): string[] {
  const p = e.properties ?? {};
  const products = Array.isArray(p.products) ? p.products.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [p];
  const out: string[] = [];
  for (const prod of products) {
    const id = str(prod.product_id);
    const cat = str(prod.category) ?? (id ? str(catalog?.get(id)?.category) : undefined);
    if (cat) out.push(cat);
  }
  return out;
}

/**
 * The visitor's activity summary from their stored events (as a log row would count them), or null with none before `now`.
 * @example activityFromEvents(events, Date.now(), catalog)?.sessions
 */
export function activityFromEvents(events: ReadonlyArray<StoredEvent>, now: number, catalog?: Map<string, CatalogItem>): ActivitySummary | null {
  const acc = new ActivityAccumulator();
  for (const e of events) {
    if (e.event !== ORDER && !BROWSE_EVENTS.has(e.event)) continue;
    const cats = eventCategories(e, catalog);
    if (cats.length === 0) acc.add('me', e.timestamp, e.event);
    // A log has one row per bought line, so an order counts each of its products' categories.
    else for (const cat of cats) acc.add('me', e.timestamp, e.event, cat);
  }
  return acc.summaries(now).get('me') ?? null;
}
