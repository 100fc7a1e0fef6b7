// Experiment assignment and what a row or slot serves because of it. Pure: the worker and `npm run simulate` share it.
// Assignment follows GrowthBook's scheme (hash the key with the visitor id into buckets, variants as bucket ranges
// scaled by traffic, namespaces as a second hash), with MD5 buckets so it can be recomputed in SQL (see hash.ts).
import type { ExperimentConfig, ExperimentVariant, LoopConfig } from '../../src/contract/loop.ts';
import type { RecommendRequest, RecType } from '../../src/contract/types.ts';
import { BUCKETS, bucketOf } from './hash.ts';

/** What `Experiment Viewed` carries (Segment's spec), plus which id was hashed. */
export interface Exposure {
  experiment_id: string;
  experiment_name: string;
  variation_id: string;
  variation_name: string;
  /** The arm's expected share of the experiment's visitors, for the report's sample-ratio check. */
  variation_share: number;
}

/** The holdout as an experiment: its arms' ids. */
export const HOLDOUT_ARMS = { holdout: 'holdout', personalized: 'personalized' } as const;

/**
 * True when the visitor is in the global holdout: bucket(holdout.id, visitor) < percent x 100.
 * @example inHoldout({ percent: 10, id: 'holdout' }, 'anon-1') // true for about 10% of ids
 */
export function inHoldout(holdout: LoopConfig['holdout'], visitorId: string): boolean {
  return holdout.percent > 0 && bucketOf(holdout.id, visitorId) < (holdout.percent / 100) * BUCKETS;
}

/**
 * The variant a visitor gets in one experiment, or null when they are not in it (audience, namespace or traffic).
 * Variant i owns buckets [start_i, start_i + traffic x share_i) where start_i is the running sum of shares, so raising
 * traffic later adds visitors without moving anyone already in a variant.
 * @example assign(exp, 'anon-1', () => true)?.id // "control" or "b"
 */
export function assign(exp: ExperimentConfig, visitorId: string, inAudience: (name: string) => boolean): ExperimentVariant | null {
  if (exp.audience !== undefined && !inAudience(exp.audience)) return null;
  if (exp.namespace) {
    const n = bucketOf(exp.namespace.id, visitorId) / BUCKETS;
    if (n < exp.namespace.range[0] || n >= exp.namespace.range[1]) return null;
  }
  const total = exp.variants.reduce((s, v) => s + v.weight, 0);
  if (!(total > 0) || !(exp.traffic > 0)) return null;
  const b = bucketOf(exp.id, visitorId) / BUCKETS;
  let start = 0;
  for (const v of exp.variants) {
    const share = v.weight / total;
    if (b >= start && b < start + exp.traffic * share) return v;
    start += share;
  }
  return null;
}

/** Experiment id -> variation id first served on this device: assignment stays put when the visitor logs in. */
export type Sticky = Readonly<Record<string, string>>;

const pick = (e: ExperimentConfig, visitorId: string, inAudience: (name: string) => boolean, sticky: Sticky): ExperimentVariant | null => {
  const kept = sticky[e.id] !== undefined ? e.variants.find((v) => v.id === sticky[e.id]) : undefined;
  return kept ?? assign(e, visitorId, inAudience);
};

const held = (loop: LoopConfig, visitorId: string, sticky: Sticky): boolean =>
  loop.holdout.percent > 0 && (sticky[loop.holdout.id] !== undefined ? sticky[loop.holdout.id] === HOLDOUT_ARMS.holdout : inHoldout(loop.holdout, visitorId));

const exposure = (e: ExperimentConfig, v: ExperimentVariant): Exposure => {
  const total = e.variants.reduce((s, x) => s + x.weight, 0);
  return { experiment_id: e.id, experiment_name: e.name, variation_id: v.id, variation_name: v.name, variation_share: v.weight / total };
};

function holdoutExposure(loop: LoopConfig, held: boolean): Exposure[] {
  if (!(loop.holdout.percent > 0)) return [];
  const id = held ? HOLDOUT_ARMS.holdout : HOLDOUT_ARMS.personalized;
  const share = loop.holdout.percent / 100;
  return [{ experiment_id: loop.holdout.id, experiment_name: 'Personalization holdout', variation_id: id, variation_name: held ? 'Holdout (not personalized)' : 'Personalized', variation_share: held ? share : 1 - share }];
}

/** How a row is served: the request the ranking gets, how, and what it looks like. */
export interface RowPlan {
  request: RecommendRequest;
  /** False in the holdout: seeds come only from the product on screen (or the request's itemId), never the visitor's history. */
  personalize: boolean;
  /** The for-you blend to use instead of the site model's. */
  blend?: Record<string, number>;
  title?: string;
  layout?: 'row' | 'grid';
  exposures: Exposure[];
}

/** Rows that exist only through the visitor's own history; the holdout gets the crowd's bestsellers instead. */
const PERSONAL_ROWS: ReadonlySet<RecType> = new Set<RecType>(['for-you', 'recently-viewed', 'buy-again']);

/**
 * The non-personalized counterpart of a request: popular instead of history rows; similar and bought-together stay,
 * seeded by the product on screen only (the ranking's `personalize: false`).
 * @example nonPersonalized({ type: 'for-you', limit: 6 }) // { type: 'popular', limit: 6 }
 */
export function nonPersonalized(request: RecommendRequest): RecommendRequest {
  return PERSONAL_ROWS.has(request.type) ? { ...request, type: 'popular' } : request;
}

/**
 * Plans one row for a visitor: the holdout first (its visitors take part in no other experiment), then every experiment
 * that targets the row's type or widget id. Returns the exposures to record.
 * @example planRow({ type: 'for-you' }, 'home-recs', config, 'anon-1', () => false).request.type // "popular" in the holdout
 */
export function planRow(request: RecommendRequest, widgetId: string | undefined, loop: LoopConfig, visitorId: string, inAudience: (name: string) => boolean, sticky: Sticky = {}): RowPlan {
  const out = held(loop, visitorId, sticky);
  const exposures = holdoutExposure(loop, out);
  if (out) return { request: nonPersonalized(request), personalize: false, exposures };
  const plan: RowPlan = { request: { ...request }, personalize: true, exposures };
  for (const e of loop.experiments) {
    if (e.target.slot !== undefined) continue;
    if (e.target.rows !== undefined ? e.target.rows !== request.type : e.target.widget !== widgetId) continue;
    const v = pick(e, visitorId, inAudience, sticky);
    if (!v) continue;
    exposures.push(exposure(e, v));
    const c = v.row;
    if (!c) continue;
    if (c.type) plan.request.type = c.type;
    if (c.limit) plan.request.limit = c.limit;
    if (c.model) plan.blend = { [c.model]: 1 };
    if (c.blend) plan.blend = c.blend;
    if (c.title) plan.title = c.title;
    if (c.layout) plan.layout = c.layout;
  }
  return plan;
}

/** How a content slot is served for a visitor. */
export interface SlotPlan {
  /** True in the holdout: the slot shows its default. */
  holdout: boolean;
  /** A slot variant id an experiment forces. */
  show?: string;
  /** True when the slot's choice is left to its bandit (no experiment decided it). */
  bandit: boolean;
  exposures: Exposure[];
}

/**
 * Plans one content slot for a visitor: the holdout shows the default; an experiment on the slot may force a variant.
 * @example planSlot('hero', config, 'anon-1', () => true).show // "spring-sale" for that arm
 */
export function planSlot(slot: string, loop: LoopConfig, visitorId: string, inAudience: (name: string) => boolean, sticky: Sticky = {}): SlotPlan {
  const out = held(loop, visitorId, sticky);
  const plan: SlotPlan = { holdout: out, bandit: !out && loop.bandits.includes(slot), exposures: holdoutExposure(loop, out) };
  if (out) return plan;
  for (const e of loop.experiments) {
    if (e.target.slot !== slot) continue;
    const v = pick(e, visitorId, inAudience, sticky);
    if (!v) continue;
    plan.exposures.push(exposure(e, v));
    if (v.show) { plan.show = v.show; plan.bandit = false; }
  }
  return plan;
}
