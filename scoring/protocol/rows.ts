// The ranking protocol of every row type in one table: which models a row draws on and with what weight, what it
// excludes, how it diversifies and what it falls back to. The device's recommend() follows it; for-you's scoring is
// in forYou.ts, which the builder tunes and `npm run eval` measures through recommend().
import type { RecType } from '../../src/contract/types.ts';
import { categoryCap } from './forYou.ts';

/** A source of scores a row can draw on, in the order it tries them. */
export type RowStrategy =
  | 'for-you' // site rows of the visitor's items (forYou.ts); without a site model, content and the visitor's own sessions
  | 'content' // text similarity (category, brand, tags, name words) to the visitor's recent items
  | 'similar' // the seed's for-you row, its bought-together row, content similarity
  | 'bought-together' // bought-together rows of the seeds, their for-you rows, the visitor's own sessions
  | 'trending'
  | 'popular'
  | 'recently-viewed'
  | 'buy-again'
  | 'catalog'; // the catalog in its own order: the last resort

export interface RowRule {
  /** Strategies in order: each fills what the ones before left. */
  chain: readonly RowStrategy[];
  /** Leave out items the visitor bought (buy-again shows them), viewed (recently-viewed does) or holds in the cart. */
  excludeBought?: boolean;
  excludeViewed?: boolean;
  excludeCart?: boolean;
  /** At most this many items of one known category per row of `limit`. */
  maxPerCategory?: (limit: number) => number;
}

export const ROW_RULES: Readonly<Record<RecType, RowRule>> = {
  'for-you': { chain: ['for-you', 'content', 'popular', 'catalog'], excludeBought: true, excludeViewed: true, excludeCart: true, maxPerCategory: categoryCap },
  similar: { chain: ['similar', 'popular', 'catalog'], excludeCart: true },
  'bought-together': { chain: ['bought-together', 'similar', 'popular', 'catalog'], excludeCart: true },
  trending: { chain: ['trending', 'popular', 'catalog'] },
  popular: { chain: ['popular', 'catalog'] },
  // the visitor's own items only: never topped up with other items (worker/recommend/rowRules.ts)
  'recently-viewed': { chain: ['recently-viewed'] },
  'buy-again': { chain: ['buy-again'] },
};

/** Weights within the item-to-item rows: a seed's for-you row leads "similar", its bought-together row leads "bought together". */
export const SIMILAR_WEIGHTS = { forYou: 1, boughtTogether: 0.4, content: 0.3, contentAlone: 1 } as const;
export const BOUGHT_TOGETHER_WEIGHTS = { boughtTogether: 1, forYou: 0.3, ownSessions: 0.5 } as const;
/** Without a site model, for-you is content similarity plus the visitor's own co-visitation. */
export const FOR_YOU_WITHOUT_SITE = { content: 0.7, ownSessions: 0.3 } as const;
