// What the visitor leans towards: categories, brands and price band, from their own events,
// weighted by event type and decayed with age.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import { DAY_MS } from './orders.ts';

/** Days after which an event counts half. */
export const AFFINITY_HALF_LIFE_DAYS = 30;

type Touch = { category?: string; brand?: string; price?: number };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);

function touches(e: StoredEvent, catalog?: Map<string, CatalogItem>): Touch[] {
  const p = e.properties ?? {};
  const products: Record<string, unknown>[] = Array.isArray(p.products)
    ? (p.products.filter((x) => typeof x === 'object' && x !== null) as Record<string, unknown>[])
    : p.product_id !== undefined || p.category !== undefined
      ? [p]
      : [];
  return products.map((prod) => {
    const id = str(prod.product_id) ?? (typeof prod.product_id === 'number' ? String(prod.product_id) : undefined);
    const known = id ? catalog?.get(id) : undefined;
    return { category: str(prod.category) ?? known?.category, brand: str(prod.brand) ?? known?.brand, price: num(prod.price) ?? num(known?.price) };
  });
}

/**
 * Names the price band of a price against tertile cut points [low/mid, mid/high].
 * @example priceBandOf(12, [10, 30]) // 'mid'
 */
export function priceBandOf(price: number, cuts: number[]): 'low' | 'mid' | 'high' {
  return price <= cuts[0] ? 'low' : price <= cuts[1] ? 'mid' : 'high';
}

const top = (m: Map<string, number>, total: number, n: number): Array<[string, number]> =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([k, v]) => [k, Math.round((v / total) * 1000) / 1000]);

/**
 * Top categories and brands (weights sum to 1 over all seen) and the price band of the weighted average price.
 * @example computeAffinities(events, Date.now(), DEFAULT_EVENT_WEIGHTS, [10, 30]).categories // [['mugs', 0.7], ['tea', 0.3]]
 */
export function computeAffinities(
  events: ReadonlyArray<StoredEvent>,
  now: number,
  eventWeights: Readonly<Record<string, number>>,
  priceCuts: number[] | null,
  catalog?: Map<string, CatalogItem>,
  limit = 5,
): { categories: Array<[string, number]>; brands: Array<[string, number]>; priceBand: 'low' | 'mid' | 'high' | null } {
  const cats = new Map<string, number>(), brands = new Map<string, number>();
  let catTotal = 0, brandTotal = 0, priceW = 0, priceSum = 0;
  for (const e of events) {
    const w0 = eventWeights[e.event] ?? 0;
    if (w0 <= 0) continue;
    const age = Math.max(0, now - e.timestamp) / DAY_MS;
    const w = w0 * Math.pow(0.5, age / AFFINITY_HALF_LIFE_DAYS);
    for (const t of touches(e, catalog)) {
      if (t.category) { cats.set(t.category, (cats.get(t.category) ?? 0) + w); catTotal += w; }
      if (t.brand) { brands.set(t.brand, (brands.get(t.brand) ?? 0) + w); brandTotal += w; }
      if (t.price !== undefined) { priceSum += w * t.price; priceW += w; }
    }
  }
  return {
    categories: top(cats, catTotal, limit),
    brands: top(brands, brandTotal, limit),
    priceBand: priceCuts && priceW > 0 ? priceBandOf(priceSum / priceW, priceCuts) : null,
  };
}
