// The config of the loop: experiments, the global holdout, attribution windows, forwarding and the
// "not interested" control. Pure types and checks (no DOM, idb or tfjs), run in the worker by resolveConfig.
import { REC_TYPES, type RecType } from './types.ts';
import { problem } from './widgetCheck.ts';

/** What a variant changes in the rows its experiment targets. Unset fields keep the row as configured. */
export interface RowChange {
  /**
   * Rank "for you" with one row of the site model: `coVisitation`, `popularity`, or the for-you row, which a format 2
   * model ships as one combined row of `itemKnn`, `rp3beta` and `ease` (so those three and `ials` all name it).
   */
  model?: string;
  /** Or a blend of families with weights (normalized). */
  blend?: Record<string, number>;
  /** Another row type for the same place, e.g. `trending` instead of `for-you`. */
  type?: RecType;
  limit?: number;
  /** `row` (one scrolling line, the default) or `grid`. */
  layout?: 'row' | 'grid';
  title?: string;
}

export interface ExperimentVariant {
  id: string;
  name: string;
  /** Share of the experiment's traffic (normalized over the variants). */
  weight: number;
  /** For row experiments. */
  row?: RowChange;
  /** For slot experiments: the id of the slot variant (or its default) to show; unset = the slot's own choice. */
  show?: string;
}

export interface ExperimentConfig {
  /** Key hashed with the visitor id; also `experiment_id` in `Experiment Viewed`. Changing it re-randomizes everyone. */
  id: string;
  name: string;
  /** Rows of one type, the rows of one widget id (`data-clientele-widget` element id or type), or one content slot. */
  target: { rows?: RecType; widget?: string; slot?: string };
  variants: ExperimentVariant[];
  /** Share of eligible visitors (0..1) in the experiment; the rest see the site as configured. */
  traffic: number;
  /** Only visitors in this named audience take part. */
  audience?: string;
  /** Mutually exclusive group: experiments in one namespace with ranges that do not overlap never share a visitor. */
  namespace?: { id: string; range: [number, number] };
}

export interface HoldoutConfig {
  /** Percent of visitors (0..100) who see non-personalized rows and slot defaults. */
  percent: number;
  /** The holdout's key and `experiment_id`. */
  id: string;
}

export interface AttributionConfig {
  /** Days after a widget click during which an order is credited to it. */
  clickWindowDays: number;
  /** Days after a widget impression (with no click) during which an order is credited to it. */
  impressionWindowDays: number;
}

/** Kinds of events that may be forwarded. */
export const FORWARD_KINDS = ['exposures', 'impressions', 'clicks', 'cart', 'orders', 'dismissals', 'segments'] as const;
export type ForwardKind = (typeof FORWARD_KINDS)[number];

export interface ForwardConfig {
  /** Which events leave the page (all kinds once a destination is set, unless listed). */
  events: ForwardKind[];
  /** A page function gets every forwarded batch (on the page it is a function; the worker sees `true`). */
  callback: boolean;
  /** Push GA4-style events (`experience_impression`, `view_item_list`, `select_item`, `add_to_cart`, `purchase`, ...) to `window.dataLayer`. */
  dataLayer: boolean;
  /** POST batches of NDJSON here with `navigator.sendBeacon`. */
  endpoint: string | null;
  /** `required`: forward only after `consent(true)`; `unless-refused`: forward unless `consent(false)`. */
  consent: 'required' | 'unless-refused';
  /** Events per beacon. */
  batchSize: number;
}

export interface LoopConfig {
  experiments: ExperimentConfig[];
  holdout: HoldoutConfig;
  attribution: AttributionConfig;
  forward: ForwardConfig;
  /** Show a "not interested" control on every recommended card. */
  notInterested: boolean;
  /** Choose a slot's variants by Thompson sampling, with priors from the site model (`clientele report` writes them). */
  bandits: string[];
}

export const DEFAULT_LOOP: LoopConfig = {
  experiments: [],
  holdout: { percent: 0, id: 'holdout' },
  attribution: { clickWindowDays: 7, impressionWindowDays: 1 },
  forward: { events: [], callback: false, dataLayer: false, endpoint: null, consent: 'required', batchSize: 20 },
  notInterested: true,
  bandits: [],
};

/** Site-model families a row experiment may name. */
export const MODEL_FAMILIES = ['popularity', 'itemKnn', 'rp3beta', 'ease', 'ials', 'coVisitation'];
/** The families a format 2 site model ships as one combined for-you row (worker/recommend/rows.ts COMBINED). */
export const COMBINED_FAMILIES = ['itemKnn', 'rp3beta', 'ease', 'ials'];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ID = /^[A-Za-z0-9][\w.:-]{0,63}$/;

function checkRowChange(v: unknown, path: string, problems: string[]): RowChange | undefined {
  if (!isObject(v)) {
    problems.push(problem(path, v, 'must be an object like { "model": "ease", "limit": 8, "layout": "grid", "title": "Picked for you" }'));
    return undefined;
  }
  const out: RowChange = {};
  for (const k of Object.keys(v)) {
    if (!['model', 'blend', 'type', 'limit', 'layout', 'title'].includes(k)) problems.push(problem(`${path}.${k}`, v[k], 'is not a row setting (known: model, blend, type, limit, layout, title); it is ignored'));
  }
  if (v.model !== undefined) {
    if (typeof v.model === 'string' && MODEL_FAMILIES.includes(v.model)) out.model = v.model;
    else problems.push(problem(`${path}.model`, v.model, `must be one of ${MODEL_FAMILIES.join(', ')}`));
  }
  if (v.blend !== undefined) {
    const b = v.blend;
    if (isObject(b) && Object.keys(b).length && Object.entries(b).every(([m, w]) => MODEL_FAMILIES.includes(m) && typeof w === 'number' && w >= 0 && Number.isFinite(w)) && Object.values(b).some((w) => (w as number) > 0)) out.blend = b as Record<string, number>;
    else problems.push(problem(`${path}.blend`, b, `must map model families (${MODEL_FAMILIES.join(', ')}) to weights of 0 or more, like { "itemKnn": 0.7, "ease": 0.3 }`));
  }
  if (v.type !== undefined) {
    if (typeof v.type === 'string' && (REC_TYPES as readonly string[]).includes(v.type)) out.type = v.type as RecType;
    else problems.push(problem(`${path}.type`, v.type, `must be one of ${REC_TYPES.join(', ')}`));
  }
  if (v.limit !== undefined) {
    if (typeof v.limit === 'number' && Number.isInteger(v.limit) && v.limit >= 1 && v.limit <= 50) out.limit = v.limit;
    else problems.push(problem(`${path}.limit`, v.limit, 'must be a whole number from 1 to 50'));
  }
  if (v.layout !== undefined) {
    if (v.layout === 'row' || v.layout === 'grid') out.layout = v.layout;
    else problems.push(problem(`${path}.layout`, v.layout, 'must be "row" or "grid"'));
  }
  if (v.title !== undefined) {
    if (typeof v.title === 'string' && v.title.trim()) out.title = v.title;
    else problems.push(problem(`${path}.title`, v.title, 'must be a non-empty string'));
  }
  return out;
}

function checkExperiment(e: unknown, path: string, known: { audiences: string[]; slots: Record<string, string[]> }, problems: string[]): ExperimentConfig | null {
  if (!isObject(e)) {
    problems.push(problem(path, e, 'must be an object like { "id": "for-you-model", "target": { "rows": "for-you" }, "variants": [{ "id": "control" }, { "id": "ease", "row": { "model": "ease" } }] }'));
    return null;
  }
  if (typeof e.id !== 'string' || !ID.test(e.id)) {
    problems.push(problem(`${path}.id`, e.id, 'must be a short key of letters, digits, "-", "_", "." or ":" (it is hashed with the visitor id); this experiment is off'));
    return null;
  }
  const t = e.target;
  const target: ExperimentConfig['target'] = {};
  if (!isObject(t) || [t.rows, t.widget, t.slot].filter((x) => x !== undefined).length !== 1) {
    problems.push(problem(`${path}.target`, t, 'must name exactly one of { "rows": "for-you" }, { "widget": "home-recs" } or { "slot": "hero" }; this experiment is off'));
    return null;
  }
  if (t.rows !== undefined) {
    if (typeof t.rows !== 'string' || !(REC_TYPES as readonly string[]).includes(t.rows)) {
      problems.push(problem(`${path}.target.rows`, t.rows, `must be one of ${REC_TYPES.join(', ')}; this experiment is off`));
      return null;
    }
    target.rows = t.rows as RecType;
  } else if (t.widget !== undefined) {
    if (typeof t.widget !== 'string' || !t.widget) {
      problems.push(problem(`${path}.target.widget`, t.widget, 'must be a widget id (the element id, or the row type when the element has none); this experiment is off'));
      return null;
    }
    target.widget = t.widget;
  } else {
    if (typeof t.slot !== 'string' || !(t.slot in known.slots)) {
      problems.push(problem(`${path}.target.slot`, t.slot, `must name a slot in config.slots (known: ${Object.keys(known.slots).join(', ') || 'none'}); this experiment is off`));
      return null;
    }
    target.slot = t.slot;
  }
  if (!Array.isArray(e.variants) || e.variants.length < 2) {
    problems.push(problem(`${path}.variants`, e.variants, 'must list at least two variants, the first being the control, like [{ "id": "control" }, { "id": "b", "row": { "limit": 8 } }]; this experiment is off'));
    return null;
  }
  const variants: ExperimentVariant[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < e.variants.length; i++) {
    const v = e.variants[i] as unknown;
    const vp = `${path}.variants[${i}]`;
    if (!isObject(v) || typeof v.id !== 'string' || !ID.test(v.id) || seen.has(v.id)) {
      problems.push(problem(vp, v, 'must be an object with a unique "id" of letters, digits, "-", "_", "." or ":", like { "id": "control" }; this experiment is off'));
      return null;
    }
    seen.add(v.id);
    const out: ExperimentVariant = { id: v.id, name: typeof v.name === 'string' && v.name ? v.name : v.id, weight: 1 };
    if (v.weight !== undefined) {
      if (typeof v.weight === 'number' && Number.isFinite(v.weight) && v.weight >= 0) out.weight = v.weight;
      else {
        problems.push(problem(`${vp}.weight`, v.weight, 'must be a number of 0 or more (weights are normalized); this experiment is off'));
        return null;
      }
    }
    if (v.row !== undefined) {
      if (target.slot) problems.push(problem(`${vp}.row`, v.row, 'changes rows, but this experiment targets a slot; use "show": "<slot variant id>" instead'));
      else out.row = checkRowChange(v.row, `${vp}.row`, problems);
    }
    if (v.show !== undefined) {
      const options = target.slot ? known.slots[target.slot] : [];
      if (!target.slot) problems.push(problem(`${vp}.show`, v.show, 'picks a slot variant, but this experiment targets rows; use "row": { ... } instead'));
      else if (typeof v.show !== 'string' || !options.includes(v.show)) {
        problems.push(problem(`${vp}.show`, v.show, `must name a variant of config.slots.${target.slot} (known: ${options.join(', ')}); this experiment is off`));
        return null;
      } else out.show = v.show;
    }
    variants.push(out);
  }
  // The for-you families ship as one combined row: variants that differ only by naming two of them rank alike, an A/A
  // test the owner takes for an A/B one (the README's own example named "ease" as if EASE ran alone).
  const same = (v: ExperimentVariant) => JSON.stringify({ ...v.row, model: COMBINED_FAMILIES.includes(v.row?.model!) || v.row?.model });
  variants.forEach((v, i) => {
    const twin = variants.findIndex((w, j) => j < i && w.row?.model != v.row?.model && same(w) == same(v));
    if (twin >= 0) problems.push(problem(`${path}.variants[${i}].row.model`, v.row!.model, `ranks as variants[${twin}]'s ${variants[twin].row!.model}: ${COMBINED_FAMILIES} are one combined for-you row; compare "coVisitation" or "popularity", or change another setting`));
  });
  if (!variants.some((v) => v.weight > 0)) {
    problems.push(problem(`${path}.variants`, e.variants, 'must give at least one variant a weight above 0; this experiment is off'));
    return null;
  }
  const exp: ExperimentConfig = { id: e.id, name: typeof e.name === 'string' && e.name ? e.name : e.id, target, variants, traffic: 1 };
  if (e.traffic !== undefined) {
    if (typeof e.traffic === 'number' && e.traffic >= 0 && e.traffic <= 1) exp.traffic = e.traffic;
    else {
      problems.push(problem(`${path}.traffic`, e.traffic, 'must be a share from 0 to 1 (0.2 = 20% of visitors); this experiment is off'));
      return null;
    }
  }
  if (e.audience !== undefined) {
    if (typeof e.audience !== 'string' || !known.audiences.includes(e.audience)) {
      problems.push(problem(`${path}.audience`, e.audience, `must name an audience in config.audiences (known: ${known.audiences.join(', ') || 'none'}); this experiment is off`));
      return null;
    }
    exp.audience = e.audience;
  }
  if (e.namespace !== undefined) {
    const ns = e.namespace;
    const r = isObject(ns) ? ns.range : undefined;
    if (!isObject(ns) || typeof ns.id !== 'string' || !ID.test(ns.id) || !Array.isArray(r) || r.length !== 2 || typeof r[0] !== 'number' || typeof r[1] !== 'number' || !(r[0] >= 0 && r[0] < r[1] && r[1] <= 1)) {
      problems.push(problem(`${path}.namespace`, ns, 'must be { "id": "home-page", "range": [0, 0.5] } with 0 <= start < end <= 1; this experiment is off'));
      return null;
    }
    exp.namespace = { id: ns.id, range: [r[0], r[1]] };
  }
  return exp;
}

/**
 * Checks the loop's keys of a raw config into `out`, pushing one message per problem (key, value, fix).
 * Needs the already-checked audience and slot names to check references to them.
 * @example
 * const out = structuredClone(DEFAULT_LOOP); checkLoopConfig({ holdout: { percent: 10 } }, out, { audiences: [], slots: {} }, problems);
 */
export function checkLoopConfig(input: Record<string, unknown>, out: LoopConfig, known: { audiences: string[]; slots: Record<string, string[]> }, problems: string[]): void {
  if (input.experiments !== undefined) {
    if (!Array.isArray(input.experiments)) problems.push(problem('config.experiments', input.experiments, 'must be a list of experiments like [{ "id": "for-you-model", "target": { "rows": "for-you" }, "variants": [{ "id": "control" }, { "id": "ease", "row": { "model": "ease" } }] }]'));
    else {
      // An exposure's message id is made from its experiment id: one sharing the holdout's would be taken for it, lost.
      const ho = input.holdout as { id?: unknown } | undefined;
      const ids = new Set<string>([typeof ho?.id === 'string' ? ho.id : out.holdout.id]);
      input.experiments.forEach((e, i) => {
        const x = checkExperiment(e, `config.experiments[${i}]`, known, problems);
        if (!x) return;
        if (ids.has(x.id) && !out.experiments.some((o) => o.id === x.id)) return void problems.push(problem(`config.experiments[${i}].id`, x.id, "is the holdout's id (config.holdout.id); give the experiment another id (this one is off)"));
        if (ids.has(x.id)) return void problems.push(problem(`config.experiments[${i}].id`, x.id, 'is used by an earlier experiment; give each experiment its own id (this one is off)'));
        const clash = x.namespace && out.experiments.find((o) => o.namespace?.id === x.namespace!.id && o.namespace.range[0] < x.namespace!.range[1] && x.namespace!.range[0] < o.namespace.range[1]);
        if (clash) return void problems.push(problem(`config.experiments[${i}].namespace.range`, x.namespace!.range, `overlaps experiment "${clash.id}" (${clash.namespace!.range.join('-')}) in namespace "${x.namespace!.id}"; give them ranges that do not overlap (this one is off)`));
        ids.add(x.id);
        out.experiments.push(x);
      });
    }
  }
  const h = input.holdout;
  if (h !== undefined) {
    // `holdout: 10` (or data-holdout="10" on the script tag) is short for { percent: 10 }
    if (typeof h === 'number' || (typeof h === 'string' && /^\d+(\.\d+)?$/.test(h.trim()))) input = { ...input, holdout: { percent: Number(h) } };
    const ho = input.holdout;
    if (!isObject(ho)) problems.push(problem('config.holdout', h, 'must be { "percent": 10 } (a share of visitors who see non-personalized rows)'));
    else {
      if (ho.percent !== undefined) {
        if (typeof ho.percent === 'number' && ho.percent >= 0 && ho.percent <= 100) out.holdout.percent = ho.percent;
        else problems.push(problem('config.holdout.percent', ho.percent, 'must be a number from 0 to 100'));
      }
      if (ho.id !== undefined) {
        if (typeof ho.id === 'string' && ID.test(ho.id)) out.holdout.id = ho.id;
        else problems.push(problem('config.holdout.id', ho.id, 'must be a short key of letters, digits, "-", "_", "." or ":"'));
      }
    }
  }
  const a = input.attribution;
  if (a !== undefined) {
    if (!isObject(a)) problems.push(problem('config.attribution', a, 'must be { "clickWindowDays": 7, "impressionWindowDays": 1 }'));
    else for (const k of ['clickWindowDays', 'impressionWindowDays'] as const) {
      if (a[k] === undefined) continue;
      if (typeof a[k] === 'number' && (a[k] as number) >= 0 && (a[k] as number) <= 90) out.attribution[k] = a[k] as number;
      else problems.push(problem(`config.attribution.${k}`, a[k], 'must be a number of days from 0 to 90'));
    }
  }
  const f = input.forward;
  if (f !== undefined) {
    if (!isObject(f)) problems.push(problem('config.forward', f, 'must be an object like { "endpoint": "/collect", "events": ["exposures", "orders"] }'));
    else {
      if (f.callback !== undefined) {
        if (f.callback === true) out.forward.callback = true;
        else problems.push(problem('config.forward.callback', f.callback, 'must be a function that takes a list of events'));
      }
      if (f.dataLayer !== undefined) {
        if (typeof f.dataLayer === 'boolean') out.forward.dataLayer = f.dataLayer;
        else problems.push(problem('config.forward.dataLayer', f.dataLayer, 'must be true or false'));
      }
      if (f.endpoint !== undefined && f.endpoint !== null) {
        if (typeof f.endpoint === 'string' && /^(https?:\/\/|\/)/.test(f.endpoint)) out.forward.endpoint = f.endpoint;
        else problems.push(problem('config.forward.endpoint', f.endpoint, 'must be an http(s) URL or a path starting with "/", like "/collect"'));
      }
      if (f.consent !== undefined) {
        if (f.consent === 'required' || f.consent === 'unless-refused') out.forward.consent = f.consent;
        else problems.push(problem('config.forward.consent', f.consent, 'must be "required" (forward only after consent(true)) or "unless-refused"'));
      }
      if (f.batchSize !== undefined) {
        if (typeof f.batchSize === 'number' && Number.isInteger(f.batchSize) && f.batchSize >= 1 && f.batchSize <= 500) out.forward.batchSize = f.batchSize;
        else problems.push(problem('config.forward.batchSize', f.batchSize, 'must be a whole number from 1 to 500'));
      }
      const anywhere = out.forward.callback || out.forward.dataLayer || out.forward.endpoint !== null;
      if (f.events !== undefined) {
        if (Array.isArray(f.events) && f.events.every((k) => (FORWARD_KINDS as readonly unknown[]).includes(k))) out.forward.events = [...new Set(f.events as ForwardKind[])];
        else problems.push(problem('config.forward.events', f.events, `must be a list of ${FORWARD_KINDS.join(', ')}`));
      } else if (anywhere) out.forward.events = [...FORWARD_KINDS];
      if (!anywhere) out.forward.events = [];
    }
  }
  if (input.notInterested !== undefined) {
    if (typeof input.notInterested === 'boolean') out.notInterested = input.notInterested;
    else problems.push(problem('config.notInterested', input.notInterested, 'must be true or false'));
  }
  if (input.bandits !== undefined) {
    if (Array.isArray(input.bandits) && input.bandits.every((s) => typeof s === 'string' && s in known.slots)) out.bandits = input.bandits as string[];
    else problems.push(problem('config.bandits', input.bandits, `must list slot names from config.slots (known: ${Object.keys(known.slots).join(', ') || 'none'})`));
  }
}

/** One forwarded event: Segment's track call, snake_case like exportData(), timestamp in ISO 8601. */
export interface ForwardedEvent {
  type: 'track';
  event: string;
  properties: Record<string, unknown>;
  message_id: string;
  anonymous_id: string;
  user_id: string | null;
  session_id: string;
  timestamp: string;
}

/** One recommendation or slot touch that preceded an order. */
export interface Touch {
  type: 'click' | 'impression';
  timestamp: number;
  widget_id: string;
  widget_type: string;
  product_id?: string;
  position?: number;
  source?: string;
  slot?: string;
  variant_id?: string;
  /** The touched product is in the order. */
  in_order: boolean;
  /** Share of the order credited by last touch (0 or 1). */
  credit_last_touch: number;
  /** Share credited by position-based (U-shaped 40/20/40) credit. */
  credit_position: number;
}

/** What travels with an order: its touches, the winning one and the visitor's experiment arms. */
export interface OrderAttribution {
  /** `click` when a click in the click window exists (then only clicks count), `impression` for view-through, else `none`. */
  basis: 'click' | 'impression' | 'none';
  touches: Touch[];
  last_touch: { widget_id: string; widget_type: string; type: 'click' | 'impression'; product_id?: string; slot?: string; variant_id?: string } | null;
  /** Arms from the visitor's `Experiment Viewed` events before the order (latest per experiment). */
  experiments: Array<{ experiment_id: string; variation_id: string }>;
  window_days: { click: number; impression: number };
}
