// One typed config: defaults, validation and the part of it the worker needs.
// Validation never throws: every problem becomes a message naming the key, the value and the fix,
// and the bad key falls back to its default.
import type { SlotVariantConfig } from './types.ts';
import { checkWidget, problem, type WidgetConfig } from './widgetCheck.ts';

/** The shape of one content slot, as the messages about slots show it. */
export const SLOT_LIKE = '{ "default": { "id": "hello" }, "variants": [] }';

export { checkWidget, problem, type WidgetConfig };
import { DEFAULT_EVENT_WEIGHTS } from './events.ts';
import { safeUrl } from './safeUrl.ts';
import { validateCondition, type Condition } from './conditions.ts';
import { checkOverrides } from '../messages/checkOverrides.ts';
import type { MessageOverrides } from '../messages/types.ts';
import { nameAttributes, withDataAttributes } from './configAttributes.ts';
import { checkLoopConfig, DEFAULT_LOOP, type ExperimentConfig, type ExperimentVariant, type ForwardConfig, type ForwardedEvent, type LoopConfig } from './loop.ts';
import { isWebUrl } from './webUrl.ts';
import { MAX_ID_LENGTH } from './productId.ts';

export interface SlotConfig {
  /** Variants in priority order: the first whose audience matches is shown. */
  variants: SlotVariantConfig[];
  /** Shown to everyone no variant matches, and whenever anything goes wrong. */
  default: SlotVariantConfig;
}

export interface AutocaptureConfig {
  pageViews: boolean;
  productViews: boolean;
  clicks: boolean;
  addToCart: boolean;
  dwell: boolean;
  /** A single-page app's page view also when only the query string changes (default: pathname changes only). */
  pageViewsOnQuery: boolean;
  /** ... and when only the hash changes. */
  pageViewsOnHash: boolean;
}

/** The switches `autocapture: true | false` turns on or off together. */
const CAPTURE_SWITCHES = ['pageViews', 'productViews', 'clicks', 'addToCart', 'dwell'] as const;

/** Experiments, holdout, attribution, forwarding and "not interested" keys live in ./loop.ts. */
export interface Config extends LoopConfig {
  /** Names this site's store, so two Clientele sites on one origin keep apart. */
  siteId: string;
  /** When true nothing is stored until `consent(true)`. */
  requireConsent: boolean;
  autocapture: AutocaptureConfig;
  /** Minutes of inactivity that start a new session. */
  sessionTimeoutMinutes: number;
  retention: { maxAgeDays: number; maxEvents: number };
  /** URL of a JSON catalog feed: an array of products, or `{ products: [...] }`. */
  catalogUrl: string | null;
  /** URL of a site model's manifest.json, built by `clientele build-model`. */
  siteModelUrl: string | null;
  eventWeights: Record<string, number>;
  widgets: WidgetConfig[];
  slots: Record<string, SlotConfig>;
  /** Named audiences: conditions over the visitor's segments (see README, "Audiences"). */
  audiences: Record<string, Condition>;
  lifecycle: { atRiskDays: number | null; lapsedDays: number | null; churnedDays: number | null };
  /** Currency for prices that come without one. */
  currency: string;
  /** Language and formats of everything a shopper sees (BCP 47, e.g. "zh-CN"); null: the page's `lang`, else the browser's. */
  locale: string | null;
  /** The owner's wording of any shopper-facing message, for every language or per language tag (README, "Languages"). */
  messages: MessageOverrides;
  /** When false, rows use no stored history (popular, trending, items like the product on screen) and slots show their default. */
  personalization: boolean;
  /** When true, the rows on one page never repeat an item: each row skips what the rows mounted before it show. */
  dedupe: boolean;
  /** Where the worker, widget and wasm files live; defaults to the script's own folder. */
  assetBase: string | null;
  /** Pushes segment changes to `window.dataLayer` for tag managers. */
  dataLayer: boolean;
  debug: boolean;
}

/**
 * What `init()` and `createClientele()` accept: any subset of {@link Config}, nested groups in part,
 * and the shorthands validation allows (`autocapture: false`). A key that is not in Config is a compile error.
 * @example const input: ConfigInput = { siteModelUrl: '/model/manifest.json', autocapture: { dwell: false } };
 */
export type ConfigInput = Partial<Omit<Config, 'autocapture' | 'retention' | 'lifecycle' | 'slots' | 'holdout' | 'attribution' | 'forward' | 'experiments'>> & {
  autocapture?: boolean | Partial<AutocaptureConfig>;
  retention?: Partial<Config['retention']>;
  lifecycle?: Partial<Config['lifecycle']>;
  slots?: Record<string, { default: SlotVariantConfig; variants?: SlotVariantConfig[] }>;
  holdout?: Partial<Config['holdout']>;
  attribution?: Partial<Config['attribution']>;
  /** `callback` is a page function given each forwarded batch (the worker sees `true` in its place). */
  forward?: Partial<Omit<ForwardConfig, 'callback'>> & { callback?: (events: ForwardedEvent[]) => void };
  /** `name`, `traffic` (default 1) and each variant's `name` and `weight` (default equal shares) may be left out. */
  experiments?: Array<Omit<ExperimentConfig, 'name' | 'traffic' | 'variants'> & { name?: string; traffic?: number; variants: Array<Partial<Pick<ExperimentVariant, 'name' | 'weight'>> & Omit<ExperimentVariant, 'name' | 'weight'>> }>;
};

/** The part of the config the worker uses (functions and DOM selectors stay on the page). */
export type WorkerConfig = Omit<Config, 'widgets' | 'autocapture'>;

export const DEFAULT_CONFIG: Config = {
  siteId: 'default',
  requireConsent: false,
  autocapture: { pageViews: true, productViews: true, clicks: true, addToCart: true, dwell: true, pageViewsOnQuery: false, pageViewsOnHash: false },
  sessionTimeoutMinutes: 30,
  retention: { maxAgeDays: 400, maxEvents: 50_000 },
  catalogUrl: null,
  siteModelUrl: null,
  eventWeights: { ...DEFAULT_EVENT_WEIGHTS },
  widgets: [],
  slots: {},
  audiences: {},
  lifecycle: { atRiskDays: null, lapsedDays: null, churnedDays: null },
  currency: 'USD',
  locale: null,
  messages: {},
  personalization: true,
  dedupe: true,
  assetBase: null,
  dataLayer: false,
  debug: false,
  ...DEFAULT_LOOP,
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Resolves a user config against the defaults.
 * @example const { config, problems } = resolveConfig({ widgets: [{ selector: '#recs', type: 'similar' }] });
 */
export function resolveConfig(input: unknown): { config: Config; problems: string[] } {
  const attrs = withDataAttributes(input, DEFAULT_CONFIG);
  if (attrs) { const r = resolveConfig(attrs.input); return { config: r.config, problems: [...attrs.problems, ...nameAttributes(r.problems, attrs.names)] }; }
  const problems: string[] = [];
  const config: Config = structuredCloneConfig(DEFAULT_CONFIG);
  if (input === undefined || input === null) return { config, problems };
  if (!isObject(input)) {
    problems.push(problem('config', input, 'must be an object like { siteModelUrl: "/model/manifest.json" }'));
    return { config, problems };
  }
  const known = new Set(Object.keys(DEFAULT_CONFIG));
  // Three told one by one, the rest in one: the wrong object given (init(window)) would spend the page's messages.
  const unknown = Object.keys(input).filter((key) => !known.has(key));
  for (const key of unknown.slice(0, 3)) problems.push(problem(`config.${key}`, input[key], `is not a Clientele setting (known: ${[...known].join(', ')})`));
  if (unknown.length > 3) problems.push(`[clientele] ${unknown.length - 3} more keys of config are not Clientele settings and were ignored: ${unknown.slice(3, 13).map((k) => k.slice(0, 40)).join(', ')}`);

  // `max`: the site id names the database and the page's localStorage keys: one of megabytes (a value passed by
  // mistake) hung IndexedDB's open, and the engine said IndexedDB could not be used.
  const str = (key: keyof Config, nullable: boolean, max = 1e9) => {
    const v = input[key];
    if (v === undefined) return;
    if (typeof v === 'string' && v.length > 0 && v.length <= max) (config as unknown as Record<string, unknown>)[key] = v;
    else if (v === null && nullable) (config as unknown as Record<string, unknown>)[key] = null;
    else problems.push(problem(`config.${key}`, v, `must be a non-empty string${max < 1e9 ? ` of at most ${max} characters` : ''}${nullable ? ' or null' : ''}`));
  };
  const bool = (obj: Record<string, unknown>, target: Record<string, unknown>, key: string, path: string) => {
    const v = obj[key];
    if (v === undefined) return;
    if (typeof v === 'boolean') target[key] = v;
    else problems.push(problem(path, v, 'must be true or false'));
  };
  const num = (v: unknown, path: string, min: number, max: number, whole: boolean): number | undefined => {
    if (v === undefined) return undefined;
    if (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max && (!whole || Number.isInteger(v))) return v;
    problems.push(problem(path, v, `must be a ${whole ? 'whole ' : ''}number from ${min} to ${max}`));
    return undefined;
  };

  str('siteId', false, MAX_ID_LENGTH);
  str('catalogUrl', true);
  str('siteModelUrl', true);
  str('currency', false);
  str('locale', true);
  str('assetBase', true);
  if (config.assetBase !== null && !isWebUrl(config.assetBase)) {
    problems.push(problem('config.assetBase', config.assetBase, 'must be a path or an http(s) URL of the folder holding clientele.js and its files; using the script\'s own folder'));
    config.assetBase = null;
  }
  bool(input, config as unknown as Record<string, unknown>, 'requireConsent', 'config.requireConsent');
  bool(input, config as unknown as Record<string, unknown>, 'dataLayer', 'config.dataLayer');
  bool(input, config as unknown as Record<string, unknown>, 'debug', 'config.debug');
  bool(input, config as unknown as Record<string, unknown>, 'personalization', 'config.personalization');
  bool(input, config as unknown as Record<string, unknown>, 'dedupe', 'config.dedupe');
  if (input.messages !== undefined) config.messages = checkOverrides(input.messages, problems);
  if (typeof config.locale === 'string') {
    try {
      Intl.getCanonicalLocales(config.locale);
    } catch {
      problems.push(problem('config.locale', config.locale, 'must be a language tag like "en-GB" or "zh-CN"; using the page\'s lang'));
      config.locale = null;
    }
  }
  if (typeof input.currency === 'string' && !/^[A-Z]{3}$/.test(input.currency)) {
    problems.push(problem('config.currency', input.currency, 'must be an ISO 4217 code like "GBP"'));
    config.currency = DEFAULT_CONFIG.currency;
  }

  const st = num(input.sessionTimeoutMinutes, 'config.sessionTimeoutMinutes', 1, 24 * 60, false);
  if (st !== undefined) config.sessionTimeoutMinutes = st;

  if (input.autocapture !== undefined) {
    if (typeof input.autocapture === 'boolean') {
      for (const k of CAPTURE_SWITCHES) config.autocapture[k] = input.autocapture;
    } else if (isObject(input.autocapture)) {
      for (const k of Object.keys(input.autocapture)) {
        if (!(k in config.autocapture)) problems.push(problem(`config.autocapture.${k}`, input.autocapture[k], `is not an autocapture switch (known: ${Object.keys(config.autocapture).join(', ')})`));
        else bool(input.autocapture, config.autocapture as unknown as Record<string, unknown>, k, `config.autocapture.${k}`);
      }
    } else problems.push(problem('config.autocapture', input.autocapture, 'must be true, false or an object like { dwell: false }'));
  }

  if (input.retention !== undefined) {
    if (!isObject(input.retention)) problems.push(problem('config.retention', input.retention, 'must be an object like { maxAgeDays: 365, maxEvents: 50000 }'));
    else {
      const a = num(input.retention.maxAgeDays, 'config.retention.maxAgeDays', 1, 3650, false);
      const e = num(input.retention.maxEvents, 'config.retention.maxEvents', 100, 10_000_000, true);
      if (a !== undefined) config.retention.maxAgeDays = a;
      if (e !== undefined) config.retention.maxEvents = e;
    }
  }

  if (input.eventWeights !== undefined) {
    if (!isObject(input.eventWeights)) problems.push(problem('config.eventWeights', input.eventWeights, 'must be an object like { "Product Viewed": 1, "Order Completed": 8 }'));
    else for (const [k, v] of Object.entries(input.eventWeights)) {
      const w = num(v, `config.eventWeights[${JSON.stringify(k)}]`, 0, 1000, false);
      if (w !== undefined) config.eventWeights[k] = w;
    }
  }

  if (input.lifecycle !== undefined) {
    if (!isObject(input.lifecycle)) problems.push(problem('config.lifecycle', input.lifecycle, 'must be an object like { atRiskDays: 60 }'));
    else for (const k of ['atRiskDays', 'lapsedDays', 'churnedDays'] as const) {
      const d = num(input.lifecycle[k], `config.lifecycle.${k}`, 1, 3650, false);
      if (d !== undefined) config.lifecycle[k] = d;
    }
  }

  if (input.widgets !== undefined) {
    if (!Array.isArray(input.widgets)) {
      problems.push(problem('config.widgets', input.widgets, 'must be a list like [{ "selector": "#recs", "type": "similar", "limit": 6 }]'));
    } else {
      input.widgets.forEach((w, i) => {
        const path = `config.widgets[${i}]`;
        const checked = checkWidget(w, path, problems);
        if (checked) config.widgets.push(checked);
      });
    }
  }

  if (input.audiences !== undefined) {
    if (!isObject(input.audiences)) problems.push(problem('config.audiences', input.audiences, 'must be an object of named conditions like { "lapsing": { "lifecycle": "at-risk" } }'));
    else for (const [name, cond] of Object.entries(input.audiences)) {
      const errors = validateCondition(cond, `config.audiences.${name}`);
      if (errors.length) problems.push(...errors);
      else config.audiences[name] = cond as Condition;
    }
  }

  if (input.slots !== undefined) {
    if (!isObject(input.slots)) problems.push(problem('config.slots', input.slots, 'must be an object like { "hero": { "default": { "id": "hello", "title": "Welcome" }, "variants": [] } }'));
    else for (const [name, slot] of Object.entries(input.slots)) {
      const checked = checkSlot(slot, `config.slots.${name}`, config.audiences, problems);
      if (checked) config.slots[name] = checked;
    }
  }

  checkLoopConfig(input, config, { audiences: Object.keys(config.audiences), slots: Object.fromEntries(Object.entries(config.slots).map(([k, v]) => [k, [v.default.id, ...v.variants.map((x) => x.id)]])) }, problems);
  return { config, problems };
}

function checkVariant(v: unknown, path: string, problems: string[]): SlotVariantConfig | null {
  if (!isObject(v) || typeof v.id !== 'string' || v.id.length === 0) {
    problems.push(problem(path, v, 'must be an object with an "id" string, like { "id": "welcome", "title": "Welcome!" }'));
    return null;
  }
  const out: SlotVariantConfig = { id: v.id };
  for (const k of ['audience', 'title', 'body', 'cta', 'href', 'image'] as const) {
    if (v[k] === undefined) continue;
    // A link or picture the slot would not show (javascript:, data:) was dropped with no word.
    if (typeof v[k] !== 'string') problems.push(problem(`${path}.${k}`, v[k], 'must be a string'));
    else if ((k == 'href' || k == 'image') && !safeUrl(v[k])) problems.push(problem(`${path}.${k}`, v[k], 'must be an http(s) or relative URL'));
    else out[k] = v[k] as string;
  }
  return out;
}

function checkSlot(slot: unknown, path: string, audiences: Record<string, Condition>, problems: string[]): SlotConfig | null {
  if (!isObject(slot)) {
    problems.push(problem(path, slot, `must be an object like ${SLOT_LIKE}`));
    return null;
  }
  const def = checkVariant(slot.default, `${path}.default`, problems);
  if (!def) return null;
  const variants: SlotVariantConfig[] = [];
  if (slot.variants !== undefined && !Array.isArray(slot.variants)) {
    problems.push(problem(`${path}.variants`, slot.variants, 'must be a list of variants'));
  } else if (Array.isArray(slot.variants)) {
    slot.variants.forEach((v, i) => {
      const checked = checkVariant(v, `${path}.variants[${i}]`, problems);
      if (!checked) return;
      if (checked.audience !== undefined && !(checked.audience in audiences)) {
        problems.push(problem(`${path}.variants[${i}].audience`, checked.audience, `must name an audience in config.audiences (known: ${Object.keys(audiences).join(', ') || 'none'}); this variant is skipped`));
        return;
      }
      variants.push(checked);
    });
  }
  return { default: def, variants };
}

function structuredCloneConfig(c: Config): Config {
  return JSON.parse(JSON.stringify(c)) as Config;
}

/** Drops the page-only parts of the config before it crosses to the worker. */
export function toWorkerConfig(c: Config): WorkerConfig {
  const { widgets: _w, autocapture: _a, ...rest } = c;
  return rest;
}
