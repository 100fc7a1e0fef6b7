// "Not interested": what a visitor's `Recommendation Dismissed` events take out of their rows. Pure.
import type { StoredEvent } from '../src/contract/events.ts';
import { BOUGHT_TOGETHER_LIST, FOR_YOU_LIST, type SiteModel } from '../scoring/siteModel/format.ts';

/** Near neighbours of a dismissed item whose scores are scaled down. */
export const DISMISS_NEIGHBOURS = 5;
/** Each dismissal scales a neighbour's score by this; several dismissals compound down to FLOOR. */
export const DISMISS_FACTOR = 0.5;
const FLOOR = 0.125;

/** Items out of every row, and score factors (0..1) for their near neighbours. */
export interface Dismissals {
  excluded: Set<string>;
  demoted: Map<string, number>;
}

/**
 * The products the visitor dismissed.
 * @example dismissedIds(events).has('SKU-1')
 */
export function dismissedIds(events: ReadonlyArray<StoredEvent>): Set<string> {
  const out = new Set<string>();
  for (const e of events) {
    if (e.event !== 'Recommendation Dismissed') continue;
    const id = e.properties.product_id;
    if (typeof id === 'string' && id) out.add(id);
  }
  return out;
}

/**
 * Reads the visitor's dismissals: each dismissed item leaves their rows; its nearest neighbours in the site model's
 * item-to-item rows (for-you, else bought-together) are demoted more lightly, so "not like this" also thins look-alikes.
 * @example dismissalsOf(events, site).excluded.has('SKU-1') // true after a Recommendation Dismissed for SKU-1
 */
export function dismissalsOf(events: ReadonlyArray<StoredEvent>, site: SiteModel | null): Dismissals {
  const excluded = dismissedIds(events);
  const demoted = new Map<string, number>();
  if (!excluded.size || !site) return { excluded, demoted };
  for (const id of excluded) {
    const i = site.index.get(id);
    if (i === undefined) continue;
    // the item's for-you row (what its buyers went on to), else its bought-together row; shards load first (the engine)
    const row = site.row(FOR_YOU_LIST, i) ?? site.row(BOUGHT_TOGETHER_LIST, i);
    if (!row) continue;
    for (const j of row.items.subarray(0, DISMISS_NEIGHBOURS)) {
      if (j < 0) continue;
      const nid = site.items[j];
      if (excluded.has(nid)) continue;
      demoted.set(nid, Math.max(FLOOR, (demoted.get(nid) ?? 1) * DISMISS_FACTOR));
    }
  }
  return { excluded, demoted };
}
