// Rules that keep rows honest, apart from how any row is scored (so they survive changes to ranking):
// what a row may never show, which rows are the visitor's own items only, and what a row may use
// when personalization is off.
import type { RecommendRequest, RecType } from '../../src/contract/types.ts';

/** Rows that show the visitor's own items: they never fill up with other items, and hide when empty. */
export const OWN_ITEM_ROWS: ReadonlySet<RecType> = new Set<RecType>(['recently-viewed', 'buy-again']);

/**
 * Whether a row may move on to the next strategy in its chain (its own model, then popular, then the
 * catalog). Discovery rows top up to their limit; a row of the visitor's own items never does, so
 * "Buy again" with nothing bought is empty rather than a list of things never bought.
 * @example mayFallBack('buy-again', 1) // false: only the row's own strategy
 */
export function mayFallBack(type: RecType, strategyIndex: number, ownStrategies: number): boolean {
  if (strategyIndex < ownStrategies) return true;
  return !OWN_ITEM_ROWS.has(type);
}

/**
 * Product ids no row shows on this page: the product on screen (the request's seed, else the page's
 * product) and whatever the caller excludes (other rows' items, for page-level de-duplication).
 * @example onScreen({ type: 'recently-viewed', itemId: 'A' }, 'B') // ['A', 'B']
 */
export function onScreen(request: RecommendRequest, currentItemId: string | undefined): string[] {
  const out: string[] = [];
  if (typeof request.itemId === 'string' && request.itemId) out.push(request.itemId);
  if (currentItemId && currentItemId !== request.itemId) out.push(currentItemId);
  return out;
}

/**
 * Whether the visitor's behaviour may be stored: not while consent is withdrawn, nor, with `requireConsent`,
 * before it is given.
 * @example mayStore({ requireConsent: true }, null) // false: not yet given
 */
export function mayStore(config: { requireConsent: boolean }, consent: boolean | null): boolean {
  return consent !== false && !(config.requireConsent && consent !== true);
}

/**
 * Whether rows may draw on the visitor's stored history: only while it may be stored (see mayStore),
 * and not with `personalization: false`. Without it rows are what any visitor gets: popular, trending,
 * and items like the product on screen.
 * @example usesHistory({ personalization: true, requireConsent: false }, false) // false: consent withdrawn
 */
export function usesHistory(config: { personalization?: boolean; requireConsent: boolean }, consent: boolean | null): boolean {
  return config.personalization !== false && mayStore(config, consent);
}
