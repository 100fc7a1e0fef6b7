// Traits are what the site told us through identify(); Clientele never guesses them.
import type { StoredEvent } from '../../src/contract/events.ts';

const isPlain = (v: unknown): v is string | number | boolean | null => v === null || ['string', 'number', 'boolean'].includes(typeof v);

/**
 * Merges the traits of stored `Identify` events (oldest first) with the traits given now (which win).
 * Only plain values are kept, so audiences can compare them.
 * @example collectTraits([], { plan: 'pro', nested: { x: 1 } }) // { plan: 'pro' }
 */
export function collectTraits(events: ReadonlyArray<StoredEvent>, given: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (src: unknown) => {
    if (typeof src !== 'object' || src === null || Array.isArray(src)) return;
    for (const [k, v] of Object.entries(src)) if (isPlain(v)) out[k] = v;
  };
  const ids = events.filter((e) => e.event === 'Identify').sort((a, b) => a.timestamp - b.timestamp);
  for (const e of ids) add((e.properties ?? {}).traits);
  add(given);
  return out;
}
