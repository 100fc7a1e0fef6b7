// The shape of a message catalogue. Pure types and data: safe for the widget chunk, the worker and Node.

/** A message: text with `{param}` placeholders, or plural forms chosen by `Intl.PluralRules` on `{count}`. */
export type Message = string | { zero?: string; one?: string; two?: string; few?: string; many?: string; other: string };

/** Row titles and labels: worded in the widget chunk. */
export const UI_KEYS = [
  'row.for-you', 'row.similar', 'row.bought-together', 'row.trending', 'row.popular', 'row.recently-viewed', 'row.buy-again',
  'row.previous', 'row.next', 'row.loading', 'row.dismiss', 'row.dismiss-short', 'row.dismissed', 'slot.more',
] as const;

/** Reasons and the times in them: worded in the worker, which knows the visitor's history. */
export const REASON_KEYS = [
  'time.just-now', 'reason.viewed', 'reason.added', 'reason.bought', 'reason.for-you', 'reason.popular', 'reason.catalog',
  'reason.trending-week', 'reason.trending-days', 'reason.popular-week', 'reason.popular-days',
  'reason.viewed-ago', 'reason.bought-ago', 'reason.bought-times',
  'reason.similar', 'reason.bought-together', 'reason.looked-together', 'reason.also-liked',
] as const;

/** Every message a shopper can see, by key. */
export const MESSAGE_KEYS = [...UI_KEYS, ...REASON_KEYS] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];
export type ReasonKey = Extract<MessageKey, `reason.${string}`>;

/** A complete catalogue for one language, and its two halves. */
export type Catalogue = Readonly<Record<MessageKey, Message>>;
export type UiCatalogue = Readonly<Record<(typeof UI_KEYS)[number], Message>>;
export type ReasonCatalogue = Readonly<Record<(typeof REASON_KEYS)[number], Message>>;

/**
 * Why an item is recommended, as data: the worker says it, the widget (or your own renderer) words it.
 * Params: `name` a product name, `count` a number (also picks the plural form), `growth` a ratio,
 * `agoMs` milliseconds before now (worded as "2 hours ago" by `Intl.RelativeTimeFormat`).
 */
export interface Reason {
  key: ReasonKey;
  params: { name?: string; count?: number; growth?: number; agoMs?: number };
}

/** Reasons that draw on the visitor's own stored history; none may show while personalization is off. */
export const HISTORY_REASONS: ReadonlySet<ReasonKey> = new Set<ReasonKey>([
  'reason.viewed', 'reason.added', 'reason.bought', 'reason.for-you', 'reason.viewed-ago', 'reason.bought-ago', 'reason.bought-times', 'reason.looked-together',
]);

/**
 * Owner overrides (`config.messages`): a message per key for every language, or per language tag.
 * @example { 'row.popular': 'Bestsellers', 'zh-CN': { 'row.popular': '畅销榜' } }
 */
export type MessageOverrides = Partial<Record<MessageKey, Message>> & { [locale: string]: Message | Partial<Record<MessageKey, Message>> | undefined };
