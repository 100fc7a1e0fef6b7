// What one source says about one product, before sources are merged, and the page facts the reader uses.
import type { Product } from '../events.ts';
import { productId } from '../productId.ts';
import type { MarkupNode } from './node.ts';
import { cleanText } from './text.ts';

/** Sources in order of precedence: the owner's attribute, JSON-LD, microdata, RDFa Lite, OpenGraph. */
export const SOURCES = ['attr', 'jsonld', 'microdata', 'rdfa', 'og'] as const;
export type Source = (typeof SOURCES)[number];

/** A product's fields as one source gives them; `currency` as written ("EUR", "€"), resolved once sources are merged. */
export interface Fields extends Omit<Product, 'product_id' | 'quantity' | 'tags'> {
  /** The owner's own id (data-clientele-product): used as is. */
  ownerId?: string;
  /** productID, or a ProductGroup's productGroupID. */
  productId?: string;
  gtin?: string;
  mpn?: string;
  /** OpenGraph product:retailer_item_id. */
  retailerId?: string;
}

export interface Candidate {
  source: Source;
  fields: Fields;
  node?: MarkupNode;
  /** Order among candidates of its source. */
  order: number;
}

/** Facts about the page the markup came from. */
export interface PageFacts {
  /** location.href */
  url?: string;
  /** `<link rel=canonical>`, resolved. */
  canonical?: string;
  /** Text of the first h1. */
  h1?: string;
  title?: string;
  /** `<html lang>`. */
  lang?: string;
}

// "sku: 123", "SKU# 123", "Art.-Nr.: 123", "isbn:978...", "Product ID: 5": a label, not part of the id.
const ID_LABEL = /^(?:sku|mpn|gtin(?:8|12|13|14)?|ean(?:13)?|upc|isbn(?:10|13)?|asin|art(?:ikel)?(?:[ .-]*(?:nr|no|nummer))?\.?|(?:product|item|article|style)[ _-]?(?:id|no|number|code|#)?|ref(?:erence)?|model|code|id|n[ºo°]\.?)\s*[:#]\s*|^(?:sku|mpn|ean|upc|isbn|gtin\d*)\s+(?=\S*\d)/i;

/**
 * An identifier as markup writes it, without a label prefix, in the one id form (productId()).
 * @example idText('sku: 12345') // "12345"
 * @example idText(4711) // "4711"
 */
export function idText(v: unknown): string | undefined {
  const s = typeof v === 'number' ? String(v) : cleanText(v, 400);
  if (s === undefined) return undefined;
  const id = productId(s.replace(ID_LABEL, ''));
  // "0" is what templates print for a product without one; taken as an id it would make every such product one.
  return id && !/^0+$/.test(id) ? id : undefined;
}

/**
 * A GTIN/EAN/UPC/ISBN as digits (8 to 14, an ISBN-10 may end in X); undefined for anything else.
 * @example gtinText('0 12345-67890 5') // "012345678905"
 */
export function gtinText(v: unknown): string | undefined {
  const s = idText(v)?.replace(/[\s-]/g, '');
  return s && /^\d{7,13}[\dXx]$/.test(s) ? s.toUpperCase() : undefined;
}

/** Names compared loosely: case, accents, punctuation and spacing ignored. */
export const looseName = (s: string | undefined): string =>
  (s ?? '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
