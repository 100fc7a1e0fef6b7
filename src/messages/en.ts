// English. Reasons start lower-case: they also read as the tail of a sentence in `recommend()` results,
// and the widget capitalises the first letter where it shows them on their own.
import type { ReasonCatalogue, UiCatalogue } from './types.ts';

/** Row titles and labels: built into the widget chunk (the fallback for every language). */
export const enUi: UiCatalogue = {
  'row.for-you': 'Recommended for you',
  'row.similar': 'Similar items',
  'row.bought-together': 'Frequently bought together',
  'row.trending': 'Trending now',
  'row.popular': 'Popular',
  'row.recently-viewed': 'Recently viewed',
  'row.buy-again': 'Buy again',
  'row.previous': 'Previous items',
  'row.next': 'Next items',
  'row.loading': 'Loading recommendations…',
  'row.dismiss': 'Not interested in {name}',
  'row.dismiss-short': 'Not interested',
  'row.dismissed': '{name} removed. You will see fewer items like it.',
  'slot.more': 'Find out more',
};

/** Reasons and times: built into the worker (the fallback for every language). */
export const enReasons: ReasonCatalogue = {
  'time.just-now': 'just now',
  'reason.viewed': 'because you viewed {name}',
  'reason.added': 'because you added {name} to your cart',
  'reason.bought': 'because you bought {name}',
  'reason.for-you': 'recommended for you',
  'reason.popular': 'popular with other shoppers',
  'reason.catalog': 'from our catalogue',
  'reason.trending-week': 'trending: {growth}× more interest this week',
  'reason.trending-days': { one: 'trending: {growth}× more interest since yesterday', other: 'trending: {growth}× more interest in the last {count} days' },
  'reason.popular-week': 'popular this week',
  'reason.popular-days': { one: 'popular since yesterday', other: 'popular in the last {count} days' },
  'reason.viewed-ago': 'you viewed this {ago}',
  'reason.bought-ago': 'you bought this {ago}',
  'reason.bought-times': { one: 'you bought this once, last {ago}', other: 'you bought this {count} times, last {ago}' },
  'reason.similar': 'similar to {name}',
  'reason.bought-together': 'bought together with {name}',
  'reason.looked-together': 'you looked at it with {name}',
  'reason.also-liked': 'shoppers who liked {name} also liked this',
};
