// Checks one track() call before it leaves the page. Pure: shared by the page and the worker,
// so a bad event is refused at the door and a stale tab's bad event is refused again at storage.
import type { Product } from './events.ts';
import { productId } from './productId.ts';

/** `note`: the event is kept, changed as the message says (a name cut to MAX_NAME characters). */
export type EventCheck = { ok: true; event: string; properties: Record<string, unknown>; note?: string } | { ok: false; message: string };

const PRODUCT_EVENTS = new Set(['Product Viewed', 'Product Clicked', 'Product Added', 'Product Removed', 'Product Dwell']);
const NUMBER_KEYS = ['price', 'total', 'revenue', 'value', 'subtotal', 'tax', 'shipping', 'discount'];
const MAX_PROPERTIES_BYTES = 16_384;
/** What an order's or a cart's line keeps when the whole is too long: what the models, rows and forwarding read. */
const LINE_KEYS = ['product_id', 'sku', 'name', 'price', 'quantity', 'currency', 'category', 'brand', 'variant'];
/** Longest event name kept. */
const MAX_NAME = 100;

const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(v);
  try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Coerces numeric strings ("12.50") the way shop templates often print them; anything else is refused. */
const toNumber = (v: unknown): number | undefined => {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v)) return Number(v);
  return undefined;
};

function checkProduct(p: unknown, where: string): { product?: Record<string, unknown>; error?: string } {
  if (!isObject(p)) return { error: `${where} must be an object like { "product_id": "SKU-1", "price": 9.99 }, got ${show(p)}` };
  const out: Record<string, unknown> = { ...p };
  const id = productId(p.product_id ?? p.sku ?? p.id);
  if (!id) return { error: `${where}.product_id must be a non-empty string (at most 200 characters) like "SKU-1", got ${show(p.product_id ?? p.sku ?? p.id)}` };
  out.product_id = id;
  if (p.price !== undefined) {
    const n = toNumber(p.price);
    if (n === undefined || n < 0) return { error: `${where}.price must be a number like 12.5, got ${show(p.price)}` };
    out.price = n;
  }
  if (p.quantity !== undefined) {
    const q = toNumber(p.quantity);
    if (q === undefined || q < 0 || !Number.isInteger(q)) return { error: `${where}.quantity must be a whole number like 1, got ${show(p.quantity)}` };
    out.quantity = q;
  }
  if (p.currency !== undefined && (typeof p.currency !== 'string' || !/^[A-Za-z]{3}$/.test(p.currency)))
    return { error: `${where}.currency must be an ISO 4217 code like "GBP", got ${show(p.currency)}` };
  if (typeof p.currency === 'string') out.currency = p.currency.toUpperCase();
  return { product: out };
}

/**
 * The check the page itself makes before an event leaves it: the name. Everything else is checked in the worker.
 * @example checkEventName(42) // '[clientele] track(event) needs an event name string like "Product Viewed", got 42; ...'
 */
export function checkEventName(event: unknown): string | null {
  if (typeof event === 'string' && event.trim() !== '') return null;
  let shown: string;
  try { shown = event === undefined ? 'nothing' : JSON.stringify(event) ?? String(event); } catch { shown = String(event); }
  return `[clientele] track(event) needs an event name string like "Product Viewed", got ${shown}; the event was not recorded`;
}

/**
 * Validates and normalizes a track() call. Refusals carry one message naming the key, the value and the fix.
 * `parsed`: the properties come fresh from JSON.parse (the worker's batches), so they are plain data already and the
 * JSON round trip that makes them so is skipped; their size is still measured.
 * @example checkEvent('Product Viewed', { product_id: 'A1', price: '3.50' }) // { ok: true, properties: { product_id: 'A1', price: 3.5 } }
 */
export function checkEvent(event: unknown, properties: unknown, parsed = false): EventCheck {
  const refuse = (msg: string): EventCheck => ({ ok: false, message: `[clientele] ${msg}; the event was not recorded` });
  const bad = checkEventName(event);
  if (bad) return { ok: false, message: bad };
  const trimmed = (event as string).trim();
  // Cut between characters, not inside an emoji's surrogate pair, and without the spaces the cut may end on.
  const name = trimmed.length > MAX_NAME ? trimmed.slice(0, MAX_NAME).replace(/[\uD800-\uDBFF]$/, '').trimEnd() : trimmed;
  if (properties !== undefined && properties !== null && !isObject(properties))
    return refuse(`track(${show(name)}, properties) needs properties as an object like { "product_id": "SKU-1" }, got ${show(properties)}`);
  let props: Record<string, unknown> = { ...((properties as Record<string, unknown>) ?? {}) };
  const where = `track(${show(name)}).properties`;

  for (const key of NUMBER_KEYS) {
    if (props[key] === undefined || PRODUCT_EVENTS.has(name) && key === 'price') continue;
    const n = toNumber(props[key]);
    if (n === undefined) return refuse(`${where}.${key} must be a number like 12.5, got ${show(props[key])}`);
    props[key] = n;
  }
  if (PRODUCT_EVENTS.has(name)) {
    const r = checkProduct(props, where);
    if (r.error) return refuse(r.error);
    props = r.product!;
  }
  if (props.products !== undefined) {
    if (!Array.isArray(props.products)) return refuse(`${where}.products must be a list of products like [{ "product_id": "SKU-1", "quantity": 1 }], got ${show(props.products)}`);
    const products: Record<string, unknown>[] = [];
    for (let i = 0; i < props.products.length; i++) {
      const r = checkProduct(props.products[i], `${where}.products[${i}]`);
      if (r.error) return refuse(r.error);
      products.push(r.product!);
    }
    props.products = products;
  }
  if (name === 'Order Completed' && !Array.isArray(props.products))
    return refuse(`${where}.products must list the order's products like [{ "product_id": "SKU-1", "quantity": 1, "price": 9.99 }], got ${show(props.products)}`);

  let json: string;
  let size = 0;
  try {
    json = JSON.stringify(props);
    // A long order or cart (50 lines as a data layer writes them, links and pictures included) keeps what each line
    // is, not refused whole: the visitor's purchase is worth more than its lines' links.
    if (json.length > MAX_PROPERTIES_BYTES && Array.isArray(props.products)) {
      size = json.length;
      props.products = (props.products as Record<string, unknown>[]).map((p) => Object.fromEntries(LINE_KEYS.filter((k) => k in p).map((k) => [k, p[k]])));
      json = JSON.stringify(props);
    }
  } catch {
    return refuse(`${where} must be plain data (no DOM nodes, functions or cycles)`);
  }
  if (json.length > MAX_PROPERTIES_BYTES) return refuse(`${where} is ${json.length} bytes; keep it under ${MAX_PROPERTIES_BYTES} (send ids, not whole pages)`);
  // A JSON round trip drops functions and undefined, so what is stored is exactly what export returns.
  const note = trimmed.length > MAX_NAME ? `[clientele] track(event) got a name of ${trimmed.length} characters (${show(name.slice(0, 40))}...); it was recorded cut to its first ${MAX_NAME}: keep event names short, like "Product Viewed", and put details in properties`
    : size ? `[clientele] ${where} is ${size} bytes; it was recorded with its products' ${LINE_KEYS} only` : undefined;
  return { ok: true, event: name, properties: parsed ? props : (JSON.parse(json) as Record<string, unknown>), ...(note ? { note } : {}) };
}

/** The products an event is about, for catalog capture and models. */
export function productsOf(event: string, properties: Record<string, unknown>): Product[] {
  if (Array.isArray(properties.products)) return properties.products as Product[];
  if (typeof properties.product_id === 'string') return [properties as unknown as Product];
  return [];
}
