// Prices are formatted in the visitor's locale. Feeds carry odd currency codes ("EURO", "$") and
// pages odd locales, and Intl throws a RangeError on both, so every constructor call is guarded.

import { bare } from '../src/bare.ts';

/** Formats a price, or returns '' when the item has no usable price. */
export type PriceFormatter = (price: unknown, currency?: string) => string;

/** Formats made so far by locale and currency, for every row of the page: each costs a few ms the first time. */
const made = new Map<string, Intl.NumberFormat | null>();

/**
 * Makes a price formatter for `locale` that uses `defaultCurrency` when an item has none or an invalid one.
 * @example createPriceFormatter('en-US', 'USD')(12, 'EUR') // '€12.00'
 */
export function createPriceFormatter(locale: string, defaultCurrency: string): PriceFormatter {
  const cache = new Map<string, Intl.NumberFormat>();
  const make = (loc: string | undefined, currency: string | undefined): Intl.NumberFormat | null => {
    const key = `${loc}|${currency}`;
    if (made.has(key)) return made.get(key)!;
    let f: Intl.NumberFormat | null = null;
    try {
      f = new Intl.NumberFormat(loc, bare<Intl.NumberFormatOptions>(currency ? { style: 'currency', currency } : { minimumFractionDigits: 2, maximumFractionDigits: 2 }));
    } catch {
      // A RangeError: remembered as null too.
    }
    made.set(key, f);
    return f;
  };
  // A bad locale should not cost the currency symbol: retry with the runtime's own locale first.
  const pick = (currency: string | undefined) => make(locale, currency) ?? make(undefined, currency);
  const formatter = (currency: string | undefined): Intl.NumberFormat => {
    const key = currency ?? '';
    let f = cache.get(key);
    if (!f) {
      // Last resort is a plain two-decimal number, which cannot throw.
      f = (currency ? pick(currency) : null) ?? (defaultCurrency ? pick(defaultCurrency) : null) ?? pick(undefined)!;
      cache.set(key, f);
    }
    return f;
  };
  return (price, currency) =>
    typeof price === 'number' && Number.isFinite(price) ? formatter(typeof currency === 'string' && currency ? currency : defaultCurrency).format(price) : '';
}
