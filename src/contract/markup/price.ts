// Prices in the formats shops really print: "48,00", "1.234,56", "1,234.56", "1 234,56", "1'234.50",
// "1,29,999" (Indian grouping), "€ 48,00", "R$ 1.299,90", Arabic-Indic digits "١٢٣٫٤٥". schema.org asks
// for a dot as the decimal mark; many templates print the shop's locale instead. Pure.
import { isCurrencyCode, resolveCurrency } from './currency.ts';
import { decodeEntities, isPlaceholder } from './text.ts';

/** ISO 4217 currencies with three minor digits, where "1.250" is one and a quarter. */
const THREE_DECIMALS = new Set(['BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND']);
const decimalMarks = new Map<string, string>();

/**
 * The decimal mark of a locale ("," for de, pl, fr, pt-BR; "." for en, ja; "٫" for ar-EG), "." when unknown.
 * @example decimalMark('de-DE') // ","
 */
export function decimalMark(locale: string | undefined): string {
  if (!locale) return '.';
  let mark = decimalMarks.get(locale);
  if (mark === undefined) {
    try {
      mark = new Intl.NumberFormat(locale).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';
    } catch {
      mark = '.';
    }
    decimalMarks.set(locale, mark);
  }
  return mark === '٫' ? '.' : mark; // digits and marks are converted to ASCII before this is used
}

/** Eastern Arabic and Persian digits to ASCII; the Arabic decimal and thousands marks to "." and ",". */
const asciiDigits = (s: string): string =>
  s.replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/\u066B/g, '.').replace(/\u066C/g, ',');

export interface ParsedPrice {
  value: number;
  /** The words around the number ("€", "ab €", "zł", "USD"), for currency detection. */
  currencyText?: string;
}

/**
 * Reads a price from a number or a printed string, using the page's locale only where the string is
 * ambiguous (one separator followed by exactly three digits: "1.299" is 1299 on a German page and 1.299
 * on an English one). Several amounts give the lowest that is a price (an old and a sale price, a range's first), not an
 * amount saved, a percentage, a unit price or an extra. Undefined when there is no price.
 * @example parsePrice('48,00', 'de') // { value: 48 }
 * @example parsePrice('Was $20.00 Now $15.00 You save $5.00') // { value: 15, currencyText: "$" }
 * @example parsePrice('€1.234,56') // { value: 1234.56, currencyText: "€" }
 * @example parsePrice('1.299', 'de-DE') // { value: 1299 }
 */
export function parsePrice(raw: unknown, locale?: string, currency?: string): ParsedPrice | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) && raw >= 0 ? { value: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  const s = asciiDigits(decodeEntities(raw).normalize('NFKC'));
  if (isPlaceholder(s)) return undefined;
  // The currency its symbol names where none is given, to tell thousands from decimals.
  currency ??= resolveCurrency(s.match(/\p{Sc}+/u)?.[0], { locale });
  // Every amount in the text, with where it starts and ends (at most 8).
  const found: Array<{ value: number; at: number; end: number }> = [];
  const re = /\d(?:[\d.,'’\u00A0\u202F\u2009 ]*\d)?/g;
  for (let m; found.length < 8 && (m = re.exec(s)); ) {
    // Spaces and apostrophes group thousands only when three digits follow; otherwise they end the number.
    let tok = '', used = 0;
    for (const part of m[0].split(/[\s'’\u00A0\u202F\u2009]/)) {
      if (tok && !/^\d{3}(?:[.,]\d*)?$/.test(part)) break;
      tok += part;
      used += part.length + 1;
    }
    re.lastIndex = m.index + used - 1;
    const value = amount(tok.replace(/[.,]+$/, ''), s.slice(0, m.index), locale, currency);
    if (value !== undefined) found.push({ value, at: m.index, end: re.lastIndex });
  }
  // The words between an amount and its neighbours.
  const before = (i: number) => s.slice(i ? found[i - 1].end : 0, found[i].at);
  const after = (i: number) => s.slice(found[i].end, found[i + 1]?.at);
  // A minus before the amount ("-5.00", "-$5") is no price: read without it, it was taken as 5.
  // A dash with spaces on both sides ("Pack of 6 - $12", "$10 - $20") parts amounts.
  const minus = (i: number) => /(?:[-\u2212]|\+\s*)\p{Sc}?\s*$/u.test(before(i));
  // An amount's own symbol, or its range's ("10,00 – 20,00 €").
  const sign = (j: number): boolean => /\p{Sc}\s*$/u.test(before(j)) || /^\s*\p{Sc}/u.test(after(j)) || (/^\s*[-–—~]\s*$/.test(after(j)) && !!found[j + 1] && sign(j + 1));
  // A multi-buy ("2 for $10", "2/$10") prices one at the deal's total over its count; the count is no price.
  const counts = new Set<number>();
  found.forEach((f, j) => {
    const c = found[j - 1];
    if (c && Number.isInteger(c.value) && c.value > 1 && c.value < 100 && !sign(j - 1) && sign(j) && /^\s*(?:for|für|pour|por|per|\/)\s*\p{Sc}?\s*$/iu.test(before(j))) {
      counts.add(j - 1);
      f.value /= c.value;
    }
  });
  // Where some amounts carry a currency symbol, one that carries none ("Pack of 6", "4 payments") is no price.
  const signed = found.some((_, j) => sign(j));
  let i = 0;
  if (found.length > 1) {
    // Several amounts: an old price and the sale price ("€12.00 €9.50", "Was $20 Now $15", "9,99 € statt 12,99 €") or a
    // range ("$10 - $20"): the shopper pays the lowest. Not an amount saved ("You save $5", "-20%"), a percentage, a
    // unit price ("(25,98 € / 1 kg)"), a quantity ("3 x 4,99 €") or an extra ("+ $4.95 shipping").
    const price = found.map((_, j) => j).filter((j) => !minus(j) && !counts.has(j) && (!signed || sign(j)) && !/^\s*(?:\p{Sc}?\s*[%/]|[x×*]\s)/u.test(after(j)) && !/\/\s*$|\b(?:save|saving|spare|sparen|économisez|ahorra|risparmi|payments?|installments?|instalments?|raten|cuotas|mensualités|rate)\b[^\d]*$/iu.test(before(j)));
    i = price.reduce((a, b) => (found[b].value < found[a].value ? b : a), price[0] ?? 0);
  } else if (!found.length || minus(0)) return undefined;
  const { value } = found[i];
  // The words around it ("€", "ab €", "zł", "USD"), for currency detection: the nearest word on each side among others.
  const near = (t: string, last: boolean) => (found.length > 1 ? (last ? t.trim().split(/\s+/).pop() : t.trim().split(/\s+/)[0]) ?? '' : t);
  const clean = (t: string) => t.replace(/[-–—~:()*]|\s+/g, ' ').trim();
  // A range's currency may follow its last amount ("10,00 – 20,00 €"): else the words of the whole text.
  const rest = clean(near(before(i), true) + ' ' + near(after(i), false)) || clean(s.replace(/\d[\d.,'’\s]*/g, ' '));
  const currencyText = /^[^\d]{1,24}$/.test(rest) ? rest : undefined;
  return currencyText ? { value, currencyText } : { value };
}

/** One amount's value, its thousands and decimal marks told apart; `prefix`: the text before it. */
function amount(tok: string, prefix: string, locale?: string, currency?: string): number | undefined {
  const dot = tok.lastIndexOf('.');
  const comma = tok.lastIndexOf(',');
  let normalized: string;
  if (dot >= 0 && comma >= 0) {
    const mark = dot > comma ? '.' : ',';
    normalized = tok.split(mark === '.' ? ',' : '.').join('').replace(mark, '.');
  } else if (dot >= 0 || comma >= 0) {
    const mark = dot >= 0 ? '.' : ',';
    const parts = tok.split(mark);
    // A currency known to have two minor digits or none (EUR, USD, JPY) has no third decimal: "1.299 €" is 1299.
    const decimal =
      parts.length === 2 &&
      (parts[1].length !== 3 || /^0+$/.test(parts[0]) || THREE_DECIMALS.has(currency ?? '') || (!isCurrencyCode(currency ?? '') && (decimalMark(locale) === mark || (!locale && mark === '.'))));
    normalized = decimal ? parts.join('.') : parts.join('');
  } else normalized = tok;
  // Cents without the leading zero (".99", "$.99", ",99 €"): the mark before the digits is the decimal one.
  if (/^\d{1,2}$/.test(tok) && /(?:^|[^\p{L}])[.,]$/u.test(prefix)) normalized = '0.' + tok;
  const value = Number(normalized);
  return Number.isFinite(value) ? value : undefined;
}
