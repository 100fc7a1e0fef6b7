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
  // One row per event in typed columns (customer and category interned): 17 bytes an event, so a 10-million-row log
  // costs 170 MB here, not a JS array per customer. Kinds: 0 other, 1 browse, 2 view.
  private readonly customers = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly cats = new Map<string, number>();
  private readonly catNames: string[] = [];
  private n = 0;
  private cust = new Int32Array(1024);
  private time = new Float64Array(1024);
  private kind = new Uint8Array(1024);
  private cat = new Int32Array(1024);
  /** True once any browse event was added: a log without one (order lines only) has no visit features. */
  hasBrowse = false;

  /** Adds one event (time in ms); `category` is the item's category when known. */
  add(customer: string, time: number, event: string, category?: string): void {
    let c = this.customers.get(customer);
    if (c === undefined) { c = this.names.length; this.names.push(customer); this.customers.set(customer, c); }
    if (this.n === this.cust.length) this.grow();
    const browse = BROWSE_EVENTS.has(event);
    if (browse) this.hasBrowse = true;
    let k = -1;
    if (category && (browse || event === ORDER)) {
      k = this.cats.get(category) ?? -1;
      if (k < 0) { k = this.catNames.length; this.catNames.push(category); this.cats.set(category, k); }
    }
    const r = this.n++;
    this.cust[r] = c;
    this.time[r] = time;
    this.kind[r] = event === VIEW ? 2 : browse ? 1 : 0;
    this.cat[r] = k;
  }

  private grow(): void {
    const m = Math.ceil(this.cust.length * 1.5);
    const g = <T extends Int32Array | Float64Array | Uint8Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(m);
      b.set(a);
      return b;
    };
    this.cust = g(this.cust); this.time = g(this.time); this.kind = g(this.kind); this.cat = g(this.cat);
  }

  /** Each customer's summary over events at or before `now`. */
  summaries(now: number): Map<string, ActivitySummary> {
    const nc = this.names.length;
    // rows grouped by customer (counting sort), each customer's times sorted natively
    const ptr = new Int32Array(nc + 1);
    for (let r = 0; r < this.n; r++) if (this.time[r] <= now) ptr[this.cust[r] + 1]++;
    for (let c = 0; c < nc; c++) ptr[c + 1] += ptr[c];
    const fill = ptr.slice(0, nc);
    const times = new Float64Array(ptr[nc]);
    const rows = new Int32Array(ptr[nc]);
    for (let r = 0; r < this.n; r++) {
      if (this.time[r] > now) continue;
      const q = fill[this.cust[r]]++;
      times[q] = this.time[r];
      rows[q] = r;
    }
    const out = new Map<string, ActivitySummary>();
    for (let c = 0; c < nc; c++) {
      const a = ptr[c], b = ptr[c + 1];
      if (a === b) continue;
      let browse = 0, views = 0;
      const categories = new Map<string, number>();
      for (let q = a; q < b; q++) {
        const r = rows[q];
        if (this.kind[r] > 0) browse++;
        if (this.kind[r] === 2) views++;
        if (this.cat[r] >= 0) { const name = this.catNames[this.cat[r]]; categories.set(name, (categories.get(name) ?? 0) + 1); }
      }
      const sorted = times.subarray(a, b).sort();
      out.set(this.names[c], { sessions: countSessions(sorted), browse, views, first: sorted[0], categories });
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
