// The shape of the product reader chunk (worker/productReader.ts), and the cheap test the engine makes
// before loading it. Pure.
import type { Product } from './events.ts';
import type { ProductMarkup } from './productMarkup.ts';

export interface ReaderModule {
  productFromMarkup(markup: ProductMarkup): Product | null;
}

/** The global the IIFE reader chunk assigns itself to (in the worker). */
export const READER_GLOBAL = '__clienteleReader';

/**
 * True when collected markup may describe a product: the owner's attribute, microdata/RDFa items, JSON-LD
 * naming a product or an offer, or OpenGraph product tags. Only then is the reader loaded.
 * @example mayDescribeProduct({ ld: ['{"@type":"Organization"}'], items: [], meta: {}, attr: null }) // false
 */
export function mayDescribeProduct(m: ProductMarkup): boolean {
  if (!m || typeof m !== 'object') return false;
  const meta = m.meta && typeof m.meta === 'object' ? m.meta : {};
  return !!m.attr || (Array.isArray(m.items) && m.items.length > 0) ||
    (Array.isArray(m.ld) && m.ld.some((t) => typeof t === 'string' && /product|offer|book|vehicle/i.test(t))) ||
    Object.entries(meta).some(([k, v]) => /^(product:|og:price)/i.test(k) || (/^og:type$/i.test(k) && /product/i.test(String(v))));
}
