// Selecting events by time, name and session: one definition for the IndexedDB and the in-memory store.
import type { StoredEvent } from '../../src/contract/events.ts';

/** Which events to read. Ranges are on the event timestamp: `since` inclusive, `until` exclusive. */
export interface EventQuery {
  since?: number;
  until?: number;
  limit?: number;
  /** Only events with this name. */
  event?: string;
  /** Only events of this session. */
  sessionId?: string;
  /** Newest first, so `limit` keeps the latest events. */
  newestFirst?: boolean;
}

/**
 * Sorts events by timestamp in place, stably: events of one millisecond keep the order they were stored in.
 * @example byTime([{ timestamp: 2 }, { timestamp: 1 }]) // [{ timestamp: 1 }, { timestamp: 2 }]
 */
export const byTime = <E extends { timestamp: number }>(events: E[]): E[] => events.sort((a, b) => a.timestamp - b.timestamp);

/**
 * The events of `sorted` (oldest first) that match `query`, in the order it asks for.
 * @example selectEvents(all, { event: 'Product Viewed', newestFirst: true, limit: 10 })
 */
export function selectEvents(sorted: ReadonlyArray<StoredEvent>, query: EventQuery = {}): StoredEvent[] {
  const lo = query.since ?? -Infinity;
  const hi = query.until ?? Infinity;
  const limit = query.limit !== undefined && query.limit >= 0 ? Math.floor(query.limit) : Infinity;
  const out = sorted.filter((e) => e.timestamp >= lo && e.timestamp < hi && (query.event === undefined || e.event === query.event) && (query.sessionId === undefined || e.session_id === query.sessionId));
  if (query.newestFirst) out.reverse();
  return Number.isFinite(limit) ? out.slice(0, limit) : out;
}
