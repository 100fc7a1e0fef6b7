// Currencies as shops write them: ISO 4217 codes in any case, or symbols ("€", "$", "zł", "R$", "kr",
// "ر.س") that only the page's locale and the other sources of the same product can resolve. The symbol
// tables come from the browser's own Intl data (CLDR), so "$" is CAD on an en-CA page, MXN on an es-MX
// page and USD elsewhere, without a table of our own to keep up to date. Pure.
import { decodeEntities } from './text.ts';

// Used only where Intl.supportedValuesOf is missing (old engines): the currencies shops use most.
const COMMON = 'AED AUD BRL CAD CHF CNY CZK DKK EGP EUR GBP HUF INR JPY KWD MXN NOK PLN RON RUB SAR SEK TRY UAH USD'.split(' ');

let isoCodes: Set<string> | null = null;
const codes = (): Set<string> => {
  if (!isoCodes) {
    let list = COMMON;
    try {
      list = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('currency');
    } catch { /* keep the common list */ }
    isoCodes = new Set(list);
  }
  return isoCodes;
};

/** True for an ISO 4217 code the runtime knows ("EUR"), false for look-alikes ("EURO", "ABC"). */
export const isCurrencyCode = (s: string): boolean => /^[A-Z]{3}$/.test(s) && codes().has(s);

// Written forms CLDR does not list as symbols, and unambiguous defaults for bare symbols with no locale match.
const ALIASES: Record<string, string> = {
  '€': 'EUR', euro: 'EUR', euros: 'EUR', '$': 'USD', '£': 'GBP', '¥': 'JPY', '₹': 'INR', rs: 'INR', 'r$': 'BRL', zł: 'PLN', zl: 'PLN', kr: 'SEK',
  kč: 'CZK', ft: 'HUF', lei: 'RON', fr: 'CHF', sfr: 'CHF', tl: 'TRY', руб: 'RUB', грн: 'UAH', rmb: 'CNY', 'رس': 'SAR', 'ريال': 'SAR', 'دإ': 'AED', 'جم': 'EGP', 'دك': 'KWD',
};

/** A symbol as compared: NFKC (fullwidth ￥ -> ¥), no bidi marks, dots or spaces, lower case. */
const norm = (s: string): string => s.normalize('NFKC').replace(/[\u200E\u200F\u061C\u00A0\u202F.\s]/g, '').toLowerCase();

const symbolTables = new Map<string, Map<string, string[]>>();
/** symbol -> currencies printed with it in this locale (CLDR "symbol" display, the locale's own first). */
function symbolTable(locale: string): Map<string, string[]> {
  let table = symbolTables.get(locale);
  if (table) return table;
  table = new Map();
  try {
    for (const code of codes()) {
      const part = new Intl.NumberFormat(locale, { style: 'currency', currency: code }).formatToParts(1).find((p) => p.type === 'currency');
      if (!part) continue;
      const key = norm(part.value);
      if (key && key !== code.toLowerCase()) table.set(key, [...(table.get(key) ?? []), code]);
    }
  } catch { /* an unknown locale: no table */ }
  symbolTables.set(locale, table);
  return table;
}

export interface CurrencyHints {
  /** The page's language (`<html lang>`, og:locale), e.g. "en-CA". */
  locale?: string;
  /** ISO codes other sources give for the same product, best first. */
  codes?: string[];
}

/**
 * An ISO 4217 code for a written currency, or undefined when it cannot be told.
 * Codes are upper-cased and checked; a symbol is looked up in the page locale's CLDR symbols (a code
 * from `hints.codes` breaks ties), then in English ones, then in a short table of written forms.
 * Text with words around the symbol ("ab €") is tried word by word.
 * @example resolveCurrency('eur') // "EUR"
 * @example resolveCurrency('$', { locale: 'en-CA' }) // "CAD"
 * @example resolveCurrency('€') // "EUR"
 */
export function resolveCurrency(raw: unknown, hints: CurrencyHints = {}): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = decodeEntities(raw).trim();
  if (!text || text.length > 24) return undefined;
  const upper = text.toUpperCase();
  if (isCurrencyCode(upper)) return upper;
  const hinted = (hints.codes ?? []).filter(isCurrencyCode);
  // Last, a symbol run alone: a label printed against it ("Sale price$9.50", Dawn's hidden label) is no part of it.
  for (const t of [text, ...text.split(/\s+/), ...(text.match(/\p{Sc}+/gu) ?? [])]) {
    const key = norm(t);
    if (!key) continue;
    if (isCurrencyCode(key.toUpperCase())) return key.toUpperCase();
    // A code the product's other sources give, printed with this symbol: "$" next to og:price:currency=CAD.
    const hint = hinted.find((c) => symbolsOf(c, hints.locale).includes(key) || symbolsOf(c, 'en').includes(key));
    if (hint) return hint;
    const local = hints.locale ? symbolTable(hints.locale).get(key) : undefined;
    if (local) return local[0];
    const english = symbolTable('en').get(key);
    if (english?.length === 1) return english[0];
    if (ALIASES[key]) return key === 'kr' ? krByLocale(hints.locale) : ALIASES[key];
  }
  return undefined;
}

/** How a currency is printed in a locale, wide and narrow ("CA$" and "$" for CAD in English). */
function symbolsOf(code: string, locale = 'en'): string[] {
  const out: string[] = [];
  for (const currencyDisplay of ['symbol', 'narrowSymbol'] as const) {
    try {
      const part = new Intl.NumberFormat(locale, { style: 'currency', currency: code, currencyDisplay }).formatToParts(1).find((p) => p.type === 'currency');
      if (part) out.push(norm(part.value));
    } catch { /* unknown locale or code */ }
  }
  return out;
}

const krByLocale = (locale?: string): string => {
  const lang = (locale ?? '').toLowerCase();
  return /^(nb|nn|no)/.test(lang) ? 'NOK' : /^da/.test(lang) ? 'DKK' : /^is/.test(lang) ? 'ISK' : 'SEK';
};
