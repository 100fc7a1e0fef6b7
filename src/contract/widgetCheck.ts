// Checks one recommendation row's settings. Small and separate from the full config so the
// page can check mount() and data-clientele-widget calls without loading the config schema.
import { REC_TYPES, type RecType } from './types.ts';
import { MAX_ID_LENGTH } from './productId.ts';

export interface WidgetConfig {
  /** CSS selector of the element(s) to fill. */
  selector: string;
  type: RecType;
  limit?: number;
  title?: string;
  itemId?: string;
  /** Heading level of the row's title, 1-6 (default 2): match the page's outline. */
  headingLevel?: number;
  /** A row type to show, under `fallbackTitle` (or its own title), when this row is empty: e.g. buy-again -> popular. */
  fallback?: RecType;
  fallbackTitle?: string;
}

/**
 * A value as a message shows it (an error by its message); never throws, whatever the value (proxies, revoked
 * proxies, symbols, null-prototype objects, cycles).
 * @example show(42) // '42'
 */
export const show = (v: unknown): string => {
  if (typeof v === 'function') return 'a function';
  if (v === undefined) return 'nothing';
  // As written (JSON writes NaN and Infinity as null; String(10n) is "10", which reads as a number that was fine).
  if (typeof v === 'number') return String(v);
  if (typeof v === 'bigint') return v + 'n';
  try {
    if (v instanceof Error) return v.message;
    // Read only about as far as the 80 characters shown: every message about a value of megabytes (a sparse array of
    // length 10^7, a 70 KB string) wrote all of its JSON, some milliseconds of the page's main thread each.
    // `written` never counts more than the JSON has, so nothing is left out before the 160th character; 41 items
    // and 80 characters of a string are past the 80th.
    let written = 0;
    const s = JSON.stringify(v, function (this: unknown, k, x: unknown) {
      if (written > 160) return undefined;
      written += Array.isArray(this) ? 1 : k.length + 4;
      if (typeof x === 'string') return (written += Math.min(x.length, 80)), x.slice(0, 80);
      // One inside the value too ({ price: 10n }), which JSON refuses: it was shown as [object Object].
      if (typeof x === 'bigint') return x + 'n';
      return Array.isArray(x) && x.length > 41 ? x.slice(0, 41) : x;
    });
    if (s !== undefined) return s.length > 80 ? s.slice(0, 77) + '...' : s;
  } catch {
    // a cycle, a BigInt, a getter that throws
  }
  try {
    return String(v).slice(0, 80);
  } catch {
    return 'a value that cannot be shown';
  }
};

/**
 * The standard problem message: names the key, the value and the fix.
 * @example problem('config.widgets[0].limit', 'ten', 'must be a whole number from 1 to 50')
 */
export const problem = (key: string, value: unknown, fix: string): string => `[clientele] ${key} ${fix}, got ${show(value)}`;

/**
 * Checks one widget's settings; returns null (with a message pushed to `problems`) when it cannot be used.
 * @example checkWidget({ selector: '#r', type: 'similar' }, 'config.widgets[0]', []) // { selector: '#r', type: 'similar' }
 */
export function checkWidget(w: unknown, path: string, problems: string[]): WidgetConfig | null {
  if (typeof w !== 'object' || w === null || Array.isArray(w)) {
    problems.push(problem(path, w, 'must be an object like { "selector": "#recs", "type": "similar" }'));
    return null;
  }
  const o = w as Record<string, unknown>;
  if (typeof o.type !== 'string' || !(REC_TYPES as readonly string[]).includes(o.type)) {
    problems.push(problem(`${path}.type`, o.type, `must be one of ${REC_TYPES.join(', ')}`));
    return null;
  }
  if (typeof o.selector !== 'string' || o.selector.length === 0) {
    problems.push(problem(`${path}.selector`, o.selector, 'must be a CSS selector like "#recs"'));
    return null;
  }
  const out: WidgetConfig = { selector: o.selector, type: o.type as RecType };
  if (o.limit !== undefined) {
    if (typeof o.limit === 'number' && Number.isInteger(o.limit) && o.limit >= 1 && o.limit <= 50) out.limit = o.limit;
    else problems.push(problem(`${path}.limit`, o.limit, 'must be a whole number from 1 to 50'));
  }
  if (typeof o.title === 'string') out.title = o.title;
  // A product id is at most MAX_ID_LENGTH characters: a longer one (a megabyte in data-item-id) matched no product, with
  // no word, and went with the row kept for the next page, megabytes of localStorage on every page.
  if (typeof o.itemId === 'string') {
    if (o.itemId.length <= MAX_ID_LENGTH) out.itemId = o.itemId;
    else problems.push(problem(`${path}.itemId`, o.itemId, `must be a product id of at most ${MAX_ID_LENGTH} characters`));
  }
  if (o.headingLevel !== undefined) {
    if (typeof o.headingLevel === 'number' && Number.isInteger(o.headingLevel) && o.headingLevel >= 1 && o.headingLevel <= 6) out.headingLevel = o.headingLevel;
    else problems.push(problem(`${path}.headingLevel`, o.headingLevel, 'must be a heading level from 1 to 6'));
  }
  if (o.fallback !== undefined) {
    if (typeof o.fallback === 'string' && (REC_TYPES as readonly string[]).includes(o.fallback) && o.fallback !== o.type) out.fallback = o.fallback as RecType;
    else problems.push(problem(`${path}.fallback`, o.fallback, `must be another row type to show when this one is empty: one of ${REC_TYPES.join(', ')}`));
  }
  if (typeof o.fallbackTitle === 'string') out.fallbackTitle = o.fallbackTitle;
  return out;
}
