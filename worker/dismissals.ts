// "Not interested": what a visitor's `Recommendation Dismissed` events take out of their rows. Pure.
import type { StoredEvent } from '../src/contract/events.ts';
import type { SiteModel } from './siteModel/format.ts';

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
 * Reads the visitor's dismissals: each dismissed item leaves their rows; its nearest neighbours in the site model's
 * item-to-item lists (item-kNN, else co-visitation) are demoted more lightly, so "not like this" also thins look-alikes.
 * @example dismissalsOf(events, site).excluded.has('SKU-1') // true after a Recommendation Dismissed for SKU-1
 */
export function dismissalsOf(events: ReadonlyArray<StoredEvent>, site: SiteModel | null): Dismissals {
  const excluded = new Set<string>();
  for (const e of events) {
    if (e.event !== 'Recommendation Dismissed') continue;
    const id = e.properties.product_id;
    if (typeof id === 'string' && id) excluded.add(id);
  }
  const demoted = new Map<string, number>();
  if (!excluded.size || !site) return { excluded, demoted };
  const model = site.models.itemKnn?.neighbours ? site.models.itemKnn : site.models.coVisitation?.neighbours ? site.models.coVisitation : null;
  if (!model?.neighbours) return { excluded, demoted };
  for (const id of excluded) {
    const i = site.index.get(id);
    if (i === undefined) continue;
    const nb = model.neighbours(i, DISMISS_NEIGHBOURS);
    for (const j of nb.items) {
      if (j < 0) continue;
      const nid = site.items[j];
      if (excluded.has(nid)) continue;
      demoted.set(nid, Math.max(FLOOR, (demoted.get(nid) ?? 1) * DISMISS_FACTOR));
    }
  }
  return { excluded, demoted };
}
