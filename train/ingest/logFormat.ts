// Recognises an interaction log's layout from its header (CSV) or first object (JSON lines) and turns lines into LogRows.
import type { Result } from '../../src/contract/types.ts';
import { canonicalEvent, type LogRow } from './log.ts';
import { dayFirstOnly, parseTime } from './time.ts';
import { productId } from '../../src/contract/productId.ts';

/** The layouts `build-model` reads. */
export type LogLayout =
  | { kind: 'events'; user: string; item: string; event: string; ts: string; value?: string; order?: string }
  | { kind: 'split'; user: string; item: string; ts: string }
  | { kind: 'online-retail'; invoice: string; price: string; customer: string };

/** Why a row was left out, counted for the summary. */
export type SkipReason = 'no-user' | 'cancelled' | 'non-positive' | 'not-a-product' | 'bad-time' | 'bad-row' | 'day-first-date';

const pick = (cols: string[], names: string[]): string | undefined => {
  const lower = cols.map((c) => c.toLowerCase());
  for (const n of names) {
    const k = lower.indexOf(n);
    if (k >= 0) return cols[k];
  }
  return undefined;
};

const USER = ['user', 'user_id', 'userid', 'visitorid', 'visitor_id', 'customer', 'customerid', 'customer_id', 'session', 'session_id'];
const ITEM = ['item', 'item_id', 'itemid', 'product', 'product_id', 'productid', 'sku'];
const EVENT = ['event', 'event_type', 'type', 'action'];
const TS = ['timestamp', 'ts', 'time', 'date', 'datetime', 'event_time'];
const VALUE = ['value', 'quantity', 'qty', 'rating'];
const ORDER = ['order', 'order_id', 'transactionid', 'transaction_id', 'invoice'];
const RETAIL = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'];
/** Online Retail II (2009-2011) names three columns differently. */
const RETAIL_II: Record<string, string> = { InvoiceNo: 'Invoice', UnitPrice: 'Price', CustomerID: 'Customer ID' };

/**
 * Finds the layout from the column names, or says which columns were found and which are expected.
 * @example
 * detectLayout(['user', 'item', 'ts']) // { ok: true, value: { kind: 'split', ... } }
 */
export function detectLayout(columns: string[], source = 'the log'): Result<LogLayout> {
  const cols = columns.map((c) => c.trim().replace(/^\uFEFF/, ''));
  const retail = (c: string) => (cols.includes(c) ? c : RETAIL_II[c] && cols.includes(RETAIL_II[c]) ? RETAIL_II[c] : undefined);
  if (RETAIL.every((c) => retail(c))) return { ok: true, value: { kind: 'online-retail', invoice: retail('InvoiceNo')!, price: retail('UnitPrice')!, customer: retail('CustomerID')! } };
  const user = pick(cols, USER), item = pick(cols, ITEM), event = pick(cols, EVENT), ts = pick(cols, TS);
  if (user && item && ts && event) {
    const value = pick(cols, VALUE), order = pick(cols, ORDER);
    return { ok: true, value: { kind: 'events', user, item, event, ts, ...(value ? { value } : {}), ...(order ? { order } : {}) } };
  }
  if (user && item && ts) return { ok: true, value: { kind: 'split', user, item, ts } };
  return {
    ok: false,
    code: 'unknown-layout',
    message: `[clientele] ${source} has columns ${JSON.stringify(cols.slice(0, 12))}, which is not a log layout Clientele reads; expected one of: ` +
      '"user,item,event,timestamp[,value]" (timestamp ISO or unix seconds/ms), "user,item,ts", or the UCI Online Retail columns ' +
      `"${RETAIL.join(',')},Country"; rename the columns or convert the file`,
  };
}

export { parseTime } from './time.ts';

/**
 * The Online Retail filter's product test, as ../shared/data/eval_reference.py has it: product codes start with a digit;
 * POST, M, C2, DOT, BANK CHARGES, PADS, DCGS..., gift_... are fees, adjustments and vouchers.
 * @example isRetailProduct('85123A') // true; isRetailProduct('POST') // false
 */
export const isRetailProduct = (code: string): boolean => /^\d/.test(code);

/**
 * Makes a row reader for a layout; fields come as a name->value record (from a CSV header or a JSON object).
 * Times without a zone are read in `tz` (an IANA name, default UTC); slash dates month first unless `dayFirst`. A slash
 * date that only reads day first is left out as 'day-first-date', which tells the reader to read the log again day first.
 * @example
 * const read = rowReader({ kind: 'split', user: 'user', item: 'item', ts: 'ts' });
 * read({ user: 'u1', item: 'i1', ts: '1700000000' }) // { user: 'u1', item: 'i1', event: 'interaction', ts: 1700000000 }
 */
export function rowReader(layout: LogLayout, tz = 'UTC', dayFirst = false): (f: Record<string, unknown>) => LogRow | SkipReason {
  const s = (v: unknown): string => (v === undefined || v === null ? '' : String(v).trim());
  const badTime = (v: unknown): SkipReason => (!dayFirst && dayFirstOnly(v) ? 'day-first-date' : 'bad-time');
  // Item ids take the same form as track() and the catalog feed give them, so a model's items match the shop's.
  const id = (v: unknown): string => productId(typeof v === 'number' ? v : s(v)) ?? '';
  if (layout.kind === 'online-retail') {
    return (f) => {
      const user = s(f[layout.customer]);
      if (!user) return 'no-user';
      const invoice = s(f[layout.invoice]);
      if (invoice.startsWith('C')) return 'cancelled';
      const qty = Number(f.Quantity), price = Number(f[layout.price]);
      if (!(qty > 0) || !(price > 0)) return 'non-positive';
      const item = id(f.StockCode);
      if (!item) return 'bad-row';
      if (!isRetailProduct(item)) return 'not-a-product';
      const ts = parseTime(f.InvoiceDate, tz, dayFirst);
      if (!Number.isFinite(ts)) return badTime(f.InvoiceDate);
      const name = s(f.Description);
      return { user: user.replace(/\.0$/, ''), item, event: 'Order Completed', ts, value: qty, price, order: invoice, meta: { ...(name ? { name } : {}), price } };
    };
  }
  if (layout.kind === 'split') {
    return (f) => {
      const user = s(f[layout.user]), item = id(f[layout.item]);
      if (!user) return 'no-user';
      if (!item) return 'bad-row';
      const ts = parseTime(f[layout.ts], tz, dayFirst);
      if (!Number.isFinite(ts)) return badTime(f[layout.ts]);
      return { user, item, event: 'interaction', ts };
    };
  }
  return (f) => {
    const user = s(f[layout.user]), item = id(f[layout.item]), event = s(f[layout.event]);
    if (!user) return 'no-user';
    if (!item || !event) return 'bad-row';
    const ts = parseTime(f[layout.ts], tz, dayFirst);
    if (!Number.isFinite(ts)) return badTime(f[layout.ts]);
    const row: LogRow = { user, item, event, ts };
    if (layout.value) {
      const v = Number(f[layout.value]);
      if (s(f[layout.value]) !== '' && Number.isFinite(v)) row.value = v;
    }
    // An order line of no or negative quantity is a return or a correction, left out as the Online Retail filter leaves
    // them out: it was counted as a purchase of one (an interaction, an order, a customer's spend).
    if (row.value !== undefined && row.value <= 0 && canonicalEvent(event) === 'Order Completed') return 'non-positive';
    if (layout.order) {
      const o = s(f[layout.order]);
      if (o) row.order = o;
    }
    return row;
  };
}
