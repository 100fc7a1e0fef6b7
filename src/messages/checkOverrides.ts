// Checks `config.messages`: every key must name a message (or a language holding messages), every value
// be text or plural forms. A bad entry is dropped with one message naming the key, the value and the fix.
import { problem } from '../contract/widgetCheck.ts';
import { MESSAGE_KEYS, type Message, type MessageOverrides } from './types.ts';

const KEYS = new Set<string>(MESSAGE_KEYS);
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/i;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkMessage(v: unknown, path: string, problems: string[]): Message | null {
  // A placeholder no message fills ({product}), or ICU MessageFormat's plural ({count, plural, one {# item} ...}, as
  // other i18n tools write it): shown to shoppers raw.
  const ok = (x: unknown) => typeof x === 'string' && /^[^{}]*(\{(name|count|growth|ago)\}[^{}]*)*$/.test(x);
  if (ok(v) || (isObject(v) && typeof v.other === 'string' && Object.entries(v).every(([k, x]) => ['zero', 'one', 'two', 'few', 'many', 'other'].includes(k) && ok(x)))) return v as Message;
  problems.push(problem(path, v, 'must be text, or plural forms like { "one": "1 item", "other": "{count} items" }, braces only in {name}, {count}, {growth}, {ago}'));
  return null;
}

function checkFlat(input: Record<string, unknown>, path: string, problems: string[], allowLocales: boolean): MessageOverrides {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    const at = `${path}[${JSON.stringify(key)}]`;
    if (KEYS.has(key)) {
      const m = checkMessage(v, at, problems);
      if (m !== null) out[key] = m;
    } else if (allowLocales && LOCALE.test(key) && isObject(v)) {
      out[key] = checkFlat(v, at, problems, false);
    } else {
      problems.push(problem(at, v, `is not a message key${allowLocales ? ' or a language tag like "zh-CN"' : ''} (known keys: ${MESSAGE_KEYS.join(', ')})`));
    }
  }
  return out as MessageOverrides;
}

/**
 * The usable part of `config.messages`, with a problem message per entry left out.
 * @example checkOverrides({ 'row.popular': 'Bestsellers', fr: { 'row.popular': 'Meilleures ventes' } }, []) // both kept
 */
export function checkOverrides(input: unknown, problems: string[]): MessageOverrides {
  if (input === undefined || input === null) return {};
  if (!isObject(input)) {
    problems.push(problem('config.messages', input, 'must be an object like { "row.popular": "Bestsellers", "zh-CN": { "row.popular": "畅销榜" } }'));
    return {};
  }
  return checkFlat(input, 'config.messages', problems, true);
}
