// One rule for what a product id is, used wherever an id enters the engine: track() (product_id,
// sku, products[]), recommend() (itemId, filters.exclude), the catalog feed, product markup and
// the site model builder. Without it, 42 and "42 " would be two products in some paths.

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const PLAIN = /^[\x21-\x7E]+$/;
/**
 * Longest id kept, in characters: a product id, a user id (identify) or a site id. Longer values are almost always
 * whole URLs or text pasted by mistake.
 */
export const MAX_ID_LENGTH = 200;

/**
 * The canonical string form of a product id, or null when the value cannot be one.
 * Numbers (finite) and bigints become their decimal string; strings are NFC-normalized, stripped of
 * invisible characters (zero-width spaces, soft hyphens, BOM), whitespace runs collapsed and trimmed.
 * Case and leading zeros are kept: "A-01" and "a-1" stay different products.
 * @example productId(42) // "42"
 * @example productId(" 42\u200B ") // "42"
 * @example productId("") // null
 */
export function productId(v: unknown): string | null {
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint') return String(v);
  if (typeof v !== 'string') return null;
  // Printable ASCII with no space is already in the one form (most ids): no normalizing copies.
  if (PLAIN.test(v)) return v.length <= MAX_ID_LENGTH ? v : null;
  const s = v.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
  return s && s.length <= MAX_ID_LENGTH ? s : null;
}

/**
 * A recommend() request with its ids in the one form: `itemId` and `filters.exclude`.
 * @example requestIds({ type: 'similar', itemId: 42, filters: { exclude: [7, ' 8'] } }) // { type: 'similar', itemId: '42', filters: { exclude: ['7', '8'] } }
 */
export function requestIds<R extends object>(req: R): R {
  const r = req as { itemId?: unknown; filters?: { exclude?: unknown } };
  const out = { ...r };
  if (r.itemId !== undefined) out.itemId = productId(r.itemId) ?? undefined;
  if (r.filters?.exclude !== undefined) out.filters = { ...r.filters, exclude: productIds(r.filters.exclude) };
  return out as R;
}

/**
 * Normalizes a list of ids (as `filters.exclude` takes), dropping those that cannot be ids.
 * @example productIds([7, '7', ' 8 ', null]) // ["7", "8"]
 */
export function productIds(list: unknown): string[] {
  if (!Array.isArray(list)) return [];
  const out = new Set<string>();
  for (const v of list) {
    const id = productId(v);
    if (id) out.add(id);
  }
  return [...out];
}
