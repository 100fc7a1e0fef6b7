// What the store reads back is checked before the engine uses it. A record of another shape (written by an older
// build, a tab running other code, an extension or a user in DevTools, a damaged disk) is left out alone: one bad
// record once failed every read (rows, segments, exportData) and every write of the visitor's store, for the 400 days
// retention kept it. Pure functions; a sound record is returned as it is.
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem } from '../../src/contract/types.ts';
import type { EventChunk, Profile } from './schema.ts';
import { toCatalogItem } from './catalog.ts';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * True when `e` has the shape every reader of stored events relies on.
 * @example isSoundEvent({ message_id: 'm1', event: 'Page Viewed', properties: {}, timestamp: 1, session_id: 's', anonymous_id: 'a' }) // true
 */
export function isSoundEvent(e: unknown): e is StoredEvent {
  const r = e as Record<string, unknown>;
  return (
    isRecord(r) && isRecord(r.properties) && Number.isFinite(r.timestamp) && typeof r.message_id == 'string' && typeof r.event == 'string' &&
    typeof r.session_id == 'string' && typeof r.anonymous_id == 'string' && (r.user_id === undefined || typeof r.user_id == 'string')
  );
}

/**
 * The stored events of `rows` that are sound.
 * @example soundEvents([ok, null, { event: 5 }]) // [ok]
 */
export const soundEvents = (rows: readonly unknown[]): StoredEvent[] => rows.filter(isSoundEvent);

/**
 * A stored chunk with only its sound events (the same object when it is sound); null when it holds none. Its key (and
 * so `count`) stays what the store has: it is deleted and rewritten by that key.
 * @example soundChunk({ min_ts: 1, max_ts: 2, id: 'm1', count: 2, events: [ok, null] }) // { ..., events: [ok] }
 */
export function soundChunk(c: unknown): EventChunk | null {
  const chunk = c as EventChunk;
  const events = isRecord(chunk) && Array.isArray(chunk.events) ? soundEvents(chunk.events) : [];
  return !events.length ? null : events.length < chunk.events.length ? { ...chunk, events } : chunk;
}

/**
 * The sound chunks of a read, in their order.
 * @example soundChunks(await store.getAll())
 */
export const soundChunks = (chunks: readonly unknown[]): EventChunk[] => chunks.map(soundChunk).filter((c): c is EventChunk => c !== null);

const FIELDS: Record<string, string> = { price: 'number', updated_at: 'number', in_stock: 'boolean', tags: 'tags' };
for (const k of ['product_id', 'sku', 'name', 'currency', 'category', 'brand', 'url', 'image_url', 'description', 'variant']) FIELDS[k] = 'string';

/**
 * A stored catalog item as the engine reads it: the same object when its fields have their types, else the fields
 * toCatalogItem keeps; null without a product id.
 * @example soundItem({ product_id: 'a', name: 5, tags: 'x' }) // { product_id: 'a' }
 */
export function soundItem(v: unknown): CatalogItem | null {
  if (!isRecord(v) || typeof v.product_id !== 'string' || !v.product_id) return null;
  // The types toCatalogItem gives each field.
  const ok = Object.entries(v).every(([k, x]) => (FIELDS[k] ?? typeof x) === (Array.isArray(x) ? (x.every((t) => typeof t == 'string') ? 'tags' : '') : typeof x) && (typeof x != 'number' || Number.isFinite(x)));
  return ok ? (v as unknown as CatalogItem) : toCatalogItem(v);
}

/**
 * The sound items of a catalog read.
 * @example soundItems(await db.getAll('catalog'))
 */
export const soundItems = (rows: readonly unknown[]): CatalogItem[] => rows.map(soundItem).filter((v): v is CatalogItem => v !== null);

/**
 * A stored profile as the engine reads it: the same object when its fields have their types, else with each mistyped
 * one at its empty value (a session of another shape gave every event after it no session id, so none read back);
 * undefined, as if none were stored, without an anonymous id.
 * @example soundProfile({ anonymous_id: 'a', user_id: 5, traits: null, consent: 'yes', session: 'x' }) // { anonymous_id: 'a', user_id: null, traits: {}, consent: null, session: null }
 */
export function soundProfile(v: unknown): Profile | undefined {
  if (!isRecord(v) || typeof v.anonymous_id != 'string' || !v.anonymous_id) return undefined;
  const s = v.session;
  const fixed: Record<string, unknown> = {
    user_id: typeof v.user_id == 'string' ? v.user_id : null,
    traits: isRecord(v.traits) ? v.traits : {},
    consent: typeof v.consent == 'boolean' ? v.consent : null,
    session: isRecord(s) && typeof s.id == 'string' && Number.isFinite(s.startedAt) && Number.isFinite(s.lastActivity) ? s : null,
  };
  return (Object.keys(fixed).every((k) => fixed[k] === v[k]) ? v : { ...v, ...fixed }) as unknown as Profile;
}
