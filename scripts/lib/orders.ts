// Reads an order log CSV in the UCI Online Retail layout into order lines, matching column names
// loosely and dropping rows exactly as shared/data/segments_reference.py does.
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { OrderLine } from '../../scoring/segments/types.ts';
import type { Result } from '../../src/contract/types.ts';

/** Accepted header names (lower-cased, trimmed) for each column; the first six are required. */
export const ORDER_COLUMNS = {
  invoice: ['invoiceno', 'invoice', 'invoice_no', 'order_id', 'orderid'],
  item: ['stockcode', 'stock_code', 'product_id', 'sku'],
  quantity: ['quantity', 'qty'],
  time: ['invoicedate', 'invoice_date', 'timestamp', 'order_date'],
  price: ['unitprice', 'price', 'unit_price'],
  customer: ['customerid', 'customer id', 'customer_id'],
  country: ['country'],
  category: ['category'],
  brand: ['brand'],
} as const;
const REQUIRED = ['invoice', 'item', 'quantity', 'time', 'price', 'customer'] as const;

/** What was read and what was dropped, for the progress summary. */
export interface OrderLogStats {
  rows: number;
  kept: number;
  noCustomer: number;
  cancelled: number;
  nonPositive: number;
  badTime: number;
}

/**
 * Splits CSV text into records of fields, honouring double quotes (commas, quotes and newlines inside).
 * @example parseCsv('a,"b,c"\n1,2\n') // [['a', 'b,c'], ['1', '2']]
 */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */ && field === '') {
      let j = i + 1;
      let buf = '';
      for (;;) {
        const k = text.indexOf('"', j);
        if (k < 0) { buf += text.slice(j); j = n; break; }
        buf += text.slice(j, k);
        if (text.charCodeAt(k + 1) === 34) { buf += '"'; j = k + 2; continue; }
        j = k + 1;
        break;
      }
      field = buf;
      i = j;
      continue;
    }
    if (c === 44 /* , */) { row.push(field); field = ''; i++; continue; }
    if (c === 10 || c === 13) {
      row.push(field);
      field = '';
      if (!(row.length === 1 && row[0] === '')) out.push(row);
      row = [];
      i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    // Plain run of characters up to the next separator.
    let j = i;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === 44 || d === 10 || d === 13) break;
      j++;
    }
    field += text.slice(i, j);
    i = j;
  }
  if (field !== '' || row.length) { row.push(field); out.push(row); }
  return out;
}

const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.\d+)?)?$/;
const US = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/;

/**
 * Parses an order time as local wall-clock time (as the reference's naive strptime does), in ms; NaN if unreadable.
 * Accepts `YYYY-MM-DD HH:MM[:SS]` and, beyond the reference, the UCI spreadsheet's `M/D/YYYY H:MM`.
 * @example parseOrderTime('2011-09-10 12:50') === new Date(2011, 8, 10, 12, 50).getTime() // true
 */
export function parseOrderTime(t: string): number {
  let m = ISO.exec(t);
  if (m) return new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], m[6] ? +m[6] : 0).getTime();
  m = US.exec(t);
  if (m) return new Date(+m[3], +m[1] - 1, +m[2], +m[4], +m[5], m[6] ? +m[6] : 0).getTime();
  return NaN;
}

/**
 * Turns parsed CSV records (header first) into order lines. Drops rows without a customer, with
 * quantity <= 0 or price <= 0, cancellations (invoice starting with "C") and unreadable times.
 * @example parseOrderLog([['InvoiceNo','StockCode','Quantity','InvoiceDate','UnitPrice','CustomerID'], ['1','A','2','2011-01-01 10:00','3','17850']])
 */
export function parseOrderLog(records: string[][], name = 'orders'): Result<{ lines: OrderLine[]; stats: OrderLogStats }> {
  if (records.length === 0) return { ok: false, code: 'empty', message: `[clientele] ${name} is empty; give an order log CSV with a header row like InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID` };
  const header = records[0].map((h) => h.trim().replace(/^\uFEFF/, '').toLowerCase());
  const col: Partial<Record<keyof typeof ORDER_COLUMNS, number>> = {};
  for (const [key, names] of Object.entries(ORDER_COLUMNS) as Array<[keyof typeof ORDER_COLUMNS, readonly string[]]>) {
    const idx = names.map((n) => header.indexOf(n)).find((i) => i >= 0);
    if (idx !== undefined) col[key] = idx;
  }
  const missing = REQUIRED.filter((k) => col[k] === undefined);
  if (missing.length) {
    return {
      ok: false,
      code: 'missing-columns',
      message: `[clientele] ${name} has no column for ${missing.map((k) => `${k} (looked for ${ORDER_COLUMNS[k].join(' | ')})`).join(', ')}; header was "${records[0].join(',')}". Rename the columns to the UCI Online Retail names.`,
    };
  }
  const c = col as Record<(typeof REQUIRED)[number], number> & Partial<Record<'country' | 'category' | 'brand', number>>;
  const stats: OrderLogStats = { rows: records.length - 1, kept: 0, noCustomer: 0, cancelled: 0, nonPositive: 0, badTime: 0 };
  const lines: OrderLine[] = [];
  for (let r = 1; r < records.length; r++) {
    const row = records[r];
    const cust = (row[c.customer] ?? '').trim();
    const inv = (row[c.invoice] ?? '').trim();
    const qs = row[c.quantity], ps = row[c.price];
    if (qs === undefined || ps === undefined || qs.trim() === '' || ps.trim() === '') { stats.nonPositive++; continue; }
    const q = Number(qs), p = Number(ps);
    if (Number.isNaN(q) || Number.isNaN(p)) { stats.nonPositive++; continue; }
    if (!cust) { stats.noCustomer++; continue; }
    if (inv.startsWith('C')) { stats.cancelled++; continue; }
    if (q <= 0 || p <= 0) { stats.nonPositive++; continue; }
    const time = parseOrderTime((row[c.time] ?? '').trim());
    if (Number.isNaN(time)) { stats.badTime++; continue; }
    const line: OrderLine = { customer: cust.split('.')[0], orderId: inv, time, item: (row[c.item] ?? '').trim(), quantity: q, price: p };
    if (c.country !== undefined && row[c.country]) line.country = row[c.country].trim();
    if (c.category !== undefined && row[c.category]) line.category = row[c.category].trim();
    if (c.brand !== undefined && row[c.brand]) line.brand = row[c.brand].trim();
    lines.push(line);
  }
  stats.kept = lines.length;
  if (lines.length === 0) return { ok: false, code: 'no-orders', message: `[clientele] ${name} has no usable order lines (${stats.rows} rows: ${stats.noCustomer} without a customer, ${stats.cancelled} cancellations, ${stats.nonPositive} with quantity or price <= 0, ${stats.badTime} with a time not like "2011-09-10 12:50")` };
  return { ok: true, value: { lines, stats } };
}

/**
 * Reads an order log CSV file; failures (missing file, missing columns) come back as values.
 * @example const res = readOrderLog('orders.csv'); if (!res.ok) console.error(res.message);
 */
export function readOrderLog(path: string): Result<{ lines: OrderLine[]; stats: OrderLogStats }> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    return { ok: false, code: 'no-file', message: `[clientele] --orders ${JSON.stringify(path)} is not a file; pass the path of an order log CSV (UCI Online Retail layout)` };
  }
  const text = readFileSync(path, 'utf8');
  return parseOrderLog(parseCsv(text), path);
}
