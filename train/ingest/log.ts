// An interaction log held column by column (typed arrays, interned ids), filled one row at a time so large files stream in.
import type { ItemMeta } from '../../scoring/siteModel/format.ts';

/** One interaction as read from a log file. */
export interface LogRow {
  user: string;
  item: string;
  /** Event name as written; canonicalEvent() maps common spellings to Clientele's names. */
  event: string;
  /** Unix seconds. */
  ts: number;
  /** Quantity or other strength, when the log has one. */
  value?: number;
  /** Unit price paid, when the log has one. */
  price?: number;
  /** Order (invoice) id, when the log has one: lines of one order form one basket. */
  order?: string;
  meta?: ItemMeta;
}

const ALIASES: Record<string, string> = {
  view: 'Product Viewed', viewed: 'Product Viewed', detail: 'Product Viewed', 'product_view': 'Product Viewed', pageview: 'Product Viewed',
  click: 'Product Clicked', clicked: 'Product Clicked',
  add: 'Product Added', addtocart: 'Product Added', 'add_to_cart': 'Product Added', cart: 'Product Added', added: 'Product Added',
  remove: 'Product Removed', 'remove_from_cart': 'Product Removed', removefromcart: 'Product Removed',
  checkout: 'Checkout Started',
  purchase: 'Order Completed', purchased: 'Order Completed', transaction: 'Order Completed', order: 'Order Completed', buy: 'Order Completed', bought: 'Order Completed',
};

/**
 * Maps common event spellings (view, addtocart, transaction, purchase ...) to Clientele's event names; others pass through.
 * @example
 * canonicalEvent('addtocart') // "Product Added"
 */
export function canonicalEvent(name: string): string {
  return ALIASES[name.trim().toLowerCase().replace(/[\s-]+/g, '_')] ?? ALIASES[name.trim().toLowerCase().replace(/[\s_-]+/g, '')] ?? name;
}

/**
 * A copy of a string that holds no reference to a larger one. A CSV reader hands out fields as slices of the chunk they
 * came from, and V8 keeps the whole chunk (a megabyte) alive as long as any slice lives: kept ids and names are copied.
 */
export const ownString = (s: string): string => (s.length > 0 ? (JSON.parse(JSON.stringify(s)) as string) : s);

class Interner {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      const own = ownString(s);
      k = this.names.length;
      this.names.push(own);
      this.index.set(own, k);
    }
    return k;
  }
  get(s: string): number | undefined {
    return this.index.get(s);
  }
}

/** Growable columns for rows; ids are interned so a million rows cost ~30 MB, not a million objects. */
export class InteractionLog {
  readonly users = new Interner();
  readonly items = new Interner();
  readonly events = new Interner();
  readonly orders = new Interner();
  /** Latest metadata seen per item index. */
  readonly itemMeta: Array<ItemMeta | undefined> = [];
  length = 0;
  user = new Int32Array(1024);
  item = new Int32Array(1024);
  event = new Uint16Array(1024);
  order = new Int32Array(1024);
  ts = new Float64Array(1024);
  value = new Float32Array(1024);
  price = new Float32Array(1024);

  /**
   * Appends one row (ids interned, metadata merged into the item's).
   * @example
   * log.add({ user: 'u1', item: 'mug', event: 'Order Completed', ts: 1700000000, value: 2 });
   */
  add(row: LogRow): void {
    if (this.length === this.user.length) this.grow();
    const r = this.length++;
    this.user[r] = this.users.id(row.user);
    const it = this.items.id(row.item);
    this.item[r] = it;
    const ev = this.events.id(canonicalEvent(row.event));
    if (ev > 0xffff) throw new Error(`[clientele] the log names more than 65,535 different events; map them to a few (view, addtocart, purchase) before building`);
    this.event[r] = ev;
    this.order[r] = row.order ? this.orders.id(row.order) : -1;
    this.ts[r] = row.ts;
    this.value[r] = row.value ?? NaN;
    this.price[r] = row.price ?? NaN;
    if (row.meta) this.mergeMeta(it, row.meta);
  }

  /**
   * Adds catalog metadata for an item (interning it, so catalog-only items get an index too when `addUnknown`).
   * @example
   * log.describe('mug', { name: 'Red Mug', category: 'Kitchen' }, false);
   */
  describe(item: string, meta: ItemMeta, addUnknown: boolean): void {
    const it = addUnknown ? this.items.id(item) : this.items.get(item);
    if (it !== undefined) this.mergeMeta(it, meta);
  }

  private mergeMeta(it: number, meta: ItemMeta): void {
    const cur = this.itemMeta[it];
    if (!cur) { this.itemMeta[it] = { ...meta, ...(meta.name ? { name: ownString(meta.name) } : {}), ...(meta.category ? { category: ownString(meta.category) } : {}) }; return; }
    if (meta.name && meta.name !== cur.name) cur.name = ownString(meta.name);
    if (meta.price != null && Number.isFinite(meta.price)) cur.price = meta.price;
    if (meta.category && meta.category !== cur.category) cur.category = ownString(meta.category);
    if (meta.image) cur.image = meta.image;
  }

  /** Gives back the columns' unused tail once the log is read (growth leaves up to a third of them empty). */
  trim(): void {
    const t = <T extends Int32Array | Uint16Array | Float64Array | Float32Array>(a: T): T => (a.length > this.length ? (a.slice(0, this.length) as T) : a);
    this.user = t(this.user); this.item = t(this.item); this.event = t(this.event); this.order = t(this.order);
    this.ts = t(this.ts); this.value = t(this.value); this.price = t(this.price);
  }

  private grow(): void {
    // 1.5x rather than 2x: the old and new columns are alive together while copying, which is the read's peak
    const n = Math.ceil(this.user.length * 1.5);
    const g = <T extends Int32Array | Uint16Array | Float64Array | Float32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(n);
      b.set(a);
      return b;
    };
    this.user = g(this.user); this.item = g(this.item); this.event = g(this.event); this.order = g(this.order);
    this.ts = g(this.ts); this.value = g(this.value); this.price = g(this.price);
  }
}
