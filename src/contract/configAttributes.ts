// Config from the script tag's data-* attributes. Attributes are always strings; each is coerced by the
// type of its key's default (numbers, booleans, JSON for objects and arrays) before the config is checked,
// so the page carries no schema: it sends the raw attributes and the worker's config check does this.
import { problem } from './widgetCheck.ts';

const BOOLEAN_WORDS: Record<string, boolean> = { '': true, true: true, yes: true, on: true, '1': true, false: false, no: false, off: false, '0': false };

const camel = (kebab: string) => kebab.replace(/-(\w)/g, (_m, c: string) => c.toUpperCase());
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());

/** Edit distance, to suggest the setting a misspelt attribute meant. */
function distance(a: string, b: string): number {
  const row = [...Array(b.length + 1).keys()];
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length];
}

function coerce(raw: string, def: unknown): unknown {
  const v = raw.trim();
  if (typeof def === 'boolean') return v.toLowerCase() in BOOLEAN_WORDS ? BOOLEAN_WORDS[v.toLowerCase()] : raw;
  if (typeof def === 'number') return v !== '' && Number.isFinite(Number(v)) ? Number(v) : raw;
  if (typeof def === 'object' || def === null) {
    if (def !== null && v === '') return true;
    if (/^[[{]/.test(v) || (def !== null && /^(true|false)$/i.test(v)) || v === 'null') {
      try { return JSON.parse(v.toLowerCase() === 'true' || v.toLowerCase() === 'false' ? v.toLowerCase() : v); } catch { return raw; }
    }
  }
  return raw;
}

/**
 * Reads the script tag's data-* attributes (kebab-case names without "data-", string values) into config
 * keys, typed by `defaults`; `data-config` holds JSON and is applied first. Attributes that name no setting
 * are left alone (other tools put data-* on script tags too), unless they look like a misspelt setting.
 * `names` maps each key to the attribute it came from, for messages.
 * @example configFromDataAttributes({ 'session-timeout-minutes': '5', 'require-consent': '' }, DEFAULT_CONFIG, [])
 * // { config: { sessionTimeoutMinutes: 5, requireConsent: true }, names: { sessionTimeoutMinutes: 'data-session-timeout-minutes', ... } }
 */
export function configFromDataAttributes(attrs: unknown, defaults: object, problems: string[]): { config: Record<string, unknown>; names: Record<string, string> } {
  const config: Record<string, unknown> = {};
  const names: Record<string, string> = {};
  if (typeof attrs !== 'object' || attrs === null) return { config, names };
  const entries = Object.entries(attrs as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === 'string');
  const json = entries.find(([k]) => k === 'config');
  if (json) {
    try {
      const parsed = JSON.parse(json[1]) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      Object.assign(config, parsed);
    } catch {
      problems.push(problem('<script data-config>', json[1], 'must be a JSON object like \'{"siteModelUrl": "/model/manifest.json"}\''));
    }
  }
  const known = Object.keys(defaults);
  for (const [name, raw] of entries) {
    if (name === 'config') continue;
    const key = camel(name.toLowerCase());
    if (!known.includes(key)) {
      const near = known.find((k) => distance(kebab(k), name.toLowerCase()) <= 2);
      if (near) problems.push(problem(`<script data-${name}>`, raw, `is not a Clientele setting; did you mean data-${kebab(near)}?`));
      continue;
    }
    config[key] = coerce(raw, (defaults as Record<string, unknown>)[key]);
    names[key] = `data-${name}`;
  }
  return { config, names };
}

/**
 * A config given with `dataAttributes` (what the script tag sends: its data-* attributes, untyped) as the
 * config to check: the coerced attributes under the keys set in code. Null for any other input.
 * @example withDataAttributes({ dataAttributes: { debug: '' }, siteId: 'shop' }, DEFAULT_CONFIG) // { input: { debug: true, siteId: 'shop' }, names: { debug: 'data-debug' }, problems: [] }
 */
export function withDataAttributes(input: unknown, defaults: object): { input: Record<string, unknown>; names: Record<string, string>; problems: string[] } | null {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('dataAttributes' in input)) return null;
  const { dataAttributes, ...rest } = input as Record<string, unknown>;
  const problems: string[] = [];
  const { config, names } = configFromDataAttributes(dataAttributes, defaults, problems);
  for (const k of Object.keys(rest)) delete names[k];
  return { input: { ...config, ...rest }, names, problems };
}

/**
 * Points config messages at the attribute the owner wrote: "config.sessionTimeoutMinutes must be ..."
 * becomes "<script data-session-timeout-minutes> (config.sessionTimeoutMinutes) must be ...".
 */
export function nameAttributes(problems: string[], names: Record<string, string>): string[] {
  return problems.map((p) => {
    const m = /^\[clientele\] config\.(\w+)/.exec(p);
    return m && names[m[1]] ? p.replace(`config.${m[1]}`, `<script ${names[m[1]]}> (config.${m[1]})`) : p;
  });
}
