// Event schema shared by the page, the worker and Node tools. Imports nothing from the DOM, idb or tfjs.

/** The Segment e-commerce event names Clientele understands natively. Any other non-empty name is a custom event. */
export const STANDARD_EVENTS = [
  'Page Viewed',
  'Product Viewed',
  'Product Clicked',
  'Product Added',
  'Product Removed',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
  'Products Searched',
  // Emitted by Clientele itself.
  'Product Dwell',
  'Widget Impression',
  'Widget Clicked',
  'Identify',
] as const;

export type StandardEventName = (typeof STANDARD_EVENTS)[number];

/** A product as the Segment e-commerce spec describes it. Only `product_id` is required. */
export interface Product {
  product_id: string;
  sku?: string;
  name?: string;
  price?: number;
  currency?: string;
  category?: string;
  brand?: string;
  url?: string;
  image_url?: string;
  quantity?: number;
  /** Free-form extras (tags, description) used by the content-based model. */
  tags?: string[];
  description?: string;
  in_stock?: boolean;
  /** The variant viewed or bought (its sku or name), when there is one. */
  variant?: string;
}

/** One event as the worker stores it. `message_id` is unique and makes writes idempotent across tabs and retries. */
export interface StoredEvent {
  message_id: string;
  event: string;
  properties: Record<string, unknown>;
  /** Milliseconds since the epoch. */
  timestamp: number;
  session_id: string;
  anonymous_id: string;
  user_id?: string;
}

/** An event as the page hands it to the worker, before sessionizing. */
export interface RawEvent {
  message_id: string;
  event: string;
  properties: Record<string, unknown>;
  timestamp: number;
}

/** Relative weight of each event type as implicit feedback (view < click < add to cart < purchase). */
export const DEFAULT_EVENT_WEIGHTS: Readonly<Record<string, number>> = {
  'Product Viewed': 1,
  'Product Clicked': 2,
  'Widget Clicked': 2,
  'Product Dwell': 1.5,
  'Product Added': 4,
  'Checkout Started': 4,
  'Order Completed': 8,
};
