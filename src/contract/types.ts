// Shapes that cross the page/worker boundary. Pure types: safe for the page, the worker and Node.
import type { Product } from './events.ts';
import type { Reason } from '../messages/types.ts';

/** The recommendation rows Clientele can fill. */
export const REC_TYPES = [
  'for-you',
  'similar',
  'bought-together',
  'trending',
  'popular',
  'recently-viewed',
  'buy-again',
] as const;
export type RecType = (typeof REC_TYPES)[number];

/** Restricts which items a row may show. */
export interface RecFilters {
  category?: string | string[];
  minPrice?: number;
  maxPrice?: number;
  inStock?: boolean;
  excludeViewed?: boolean;
  excludePurchased?: boolean;
  excludeInCart?: boolean;
  /** Item ids never to show. */
  exclude?: string[];
}

/** What `recommend()` is asked for. */
export interface RecommendRequest {
  type: RecType;
  /** Seed item for `similar` and `bought-together` (defaults to the product on the page, then the cart). */
  itemId?: string;
  limit?: number;
  filters?: RecFilters;
}

/** A catalog entry: a product plus when Clientele last saw it. */
export interface CatalogItem extends Product {
  updated_at?: number;
}

/** One recommended item with where it came from and why. */
export interface RecItem {
  item: CatalogItem;
  score: number;
  /** The model that produced it: `popularity`, `item-knn`, `ease`, `ials`, `content`, `co-visitation`, ... */
  source: string;
  /** Human-readable reason in the page's language, e.g. "because you viewed Red Mug". */
  reason: string;
  /** The same reason as data, to word it yourself: `{ key: 'reason.viewed', params: { name: 'Red Mug' } }` (keys in README, "Languages"). */
  why?: Reason;
}

/** A content-slot variant chosen for the visitor, with why. */
export interface SlotChoice {
  slot: string;
  variant: SlotVariantConfig | null;
  reason: string;
}

/** A content-slot variant as configured by the owner. Text only: it is never rendered as HTML. */
export interface SlotVariantConfig {
  id: string;
  audience?: string;
  title?: string;
  body?: string;
  cta?: string;
  href?: string;
  image?: string;
}

/** The visitor's segments with the figures and reasons behind them. */
export interface SegmentsResult {
  rfm: { r: number; f: number; m: number; tier: string; recencyDays: number | null; orders: number; monetary: number } | null;
  lifecycle: { stage: string; reason: string };
  cluster: { id: number; name: string } | null;
  propensity: { purchase90d: number | null; churn: number | null };
  affinities: { categories: Array<[string, number]>; brands: Array<[string, number]>; priceBand: string | null };
  traits: Record<string, unknown>;
  /** Names of configured audiences the visitor belongs to. */
  audiences: string[];
  reasons: string[];
  /** How much the visitor has browsed on this device (the `sessions` and `views` audience facts). */
  activity?: { sessions: number; views: number };
}

/** Expected failures travel as values because comlink only passes an error's message. */
export type Result<T> = ({ ok: true; value: T } | { ok: false; code: string; message: string }) & {
  /** Ops the worker hands the page to keep in its outbox as its own (exposures a full quota refused: worker/experiments/serve.ts). */
  hold?: string[];
};
