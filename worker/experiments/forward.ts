// What leaves the device when the owner forwards events, and in which shape. Pure: the worker builds forwarded
// records with it and `npm run simulate` writes its events.ndjson with it, so the report reads one format.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { ForwardedEvent, ForwardKind, LoopConfig } from '../../src/contract/loop.ts';

export type { ForwardedEvent };
import { attributeOrder } from './attribution.ts';


const KIND_OF: Readonly<Record<string, ForwardKind>> = {
  'Experiment Viewed': 'exposures',
  'Widget Impression': 'impressions',
  'Widget Clicked': 'clicks',
  'Product Added': 'cart',
  'Order Completed': 'orders',
  'Recommendation Dismissed': 'dismissals',
  'Segments Changed': 'segments',
};

/**
 * The forwarding kind of an event name, or null for events that never leave the device.
 * @example forwardKind('Widget Clicked') // "clicks"
 */
export const forwardKind = (event: string): ForwardKind | null => KIND_OF[event] ?? null;

/**
 * A stored event in the forwarded shape.
 * @example toForwarded(stored).timestamp // "2024-05-01T10:00:00.000Z"
 */
export function toForwarded(e: StoredEvent, properties: Record<string, unknown> = e.properties): ForwardedEvent {
  return { type: 'track', event: e.event, properties, message_id: e.message_id, anonymous_id: e.anonymous_id, user_id: e.user_id ?? null, session_id: e.session_id, timestamp: new Date(e.timestamp).toISOString() };
}

/**
 * The forwarded records for newly stored events of one visitor, under the owner's choice of kinds. Orders carry
 * their attribution (touches, credit, experiment arms) under `properties.attribution`.
 * `history` is the visitor's time-ordered events, including the new ones.
 * @example forwardedFor(fresh, allEvents, config) // [{ type: 'track', event: 'Order Completed', properties: { ..., attribution } }]
 */
export function forwardedFor(fresh: ReadonlyArray<StoredEvent>, history: ReadonlyArray<StoredEvent>, loop: Pick<LoopConfig, 'forward' | 'attribution'>): ForwardedEvent[] {
  const kinds = new Set(loop.forward.events);
  if (!kinds.size) return [];
  const out: ForwardedEvent[] = [];
  let index: Map<string, number> | null = null;
  for (const e of fresh) {
    const kind = forwardKind(e.event);
    if (!kind || !kinds.has(kind)) continue;
    if (e.event !== 'Order Completed') { out.push(toForwarded(e)); continue; }
    index ??= new Map(history.map((h, i) => [h.message_id, i]));
    const at = index.get(e.message_id);
    out.push(toForwarded(e, at === undefined ? e.properties : { ...e.properties, attribution: attributeOrder(history, at, loop.attribution) }));
  }
  return out;
}
