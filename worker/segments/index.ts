// Customer segments on the device: segment one visitor from their own events against the site's segments model,
// and pick content-slot variants by audience. The site's model is trained in train/segments.
import type { Config, SlotConfig } from '../../src/contract/config.ts';
import { matchCondition, type Condition } from '../../src/contract/conditions.ts';
import type { StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem, SegmentsResult, SlotChoice } from '../../src/contract/types.ts';
import { computeAffinities } from '../../scoring/segments/affinities.ts';
import { activityFromEvents, type ActivitySummary } from '../../scoring/segments/activity.ts';
import { assignCluster } from '../../scoring/segments/clusters.ts';
import { lifecycleStage } from '../../scoring/segments/lifecycle.ts';
import { ordersFromEvents, quantile } from '../../scoring/segments/orders.ts';
import { scorePropensity } from '../../scoring/segments/propensity.ts';
import { DEFAULT_RFM, scoreRfm } from '../../scoring/segments/rfm.ts';
import { collectTraits } from '../../scoring/segments/traits.ts';
import type { Order, SiteSegmentsModel } from '../../scoring/segments/types.ts';

export type { Order, OrderLine, SiteSegmentsModel } from '../../scoring/segments/types.ts';
export { groupOrders, ordersFromEvents } from '../../scoring/segments/orders.ts';
export { ActivityAccumulator, activityFromEvents, type ActivitySummary } from '../../scoring/segments/activity.ts';



/** The order-based segments of one customer: what both the CLI and the device compute. */
export interface CustomerSegments {
  rfm: SegmentsResult['rfm'];
  lifecycle: SegmentsResult['lifecycle'];
  cluster: SegmentsResult['cluster'];
  propensity: SegmentsResult['propensity'];
}

/**
 * Segments one customer from their orders (sorted by time) and browsing activity at `now`; with no site model, documented defaults
 * (rfm.DEFAULT_RFM, lifecycle.DEFAULT_LIFECYCLE) apply and clusters and propensity are null.
 * @example segmentCustomer(site, groupOrders(lines).get('17850') ?? [], Date.now()).lifecycle.stage
 */
export function segmentCustomer(site: SiteSegmentsModel | null, orders: ReadonlyArray<Order>, now: number, lifecycle: Partial<Config['lifecycle']> = {}, activity?: ActivitySummary | null): CustomerSegments {
  const overrides: Partial<Record<'atRiskDays' | 'lapsedDays' | 'churnedDays', number>> = {};
  for (const k of ['atRiskDays', 'lapsedDays', 'churnedDays'] as const) {
    const v = lifecycle[k];
    if (typeof v === 'number') overrides[k] = v;
  }
  const rfm = scoreRfm(site?.rfm ?? DEFAULT_RFM, orders, now);
  const stage = lifecycleStage(orders, now, site?.lifecycle ?? null, overrides);
  const purchase = site?.propensity.purchase ? scorePropensity(site.propensity.purchase, orders, now) : null;
  let churn = site?.propensity.churn ? scorePropensity(site.propensity.churn, orders, now) : null;
  // Without a churn model (a short log), "no order in the horizon" is the best churn estimate there is.
  if (churn === null && purchase !== null && site && !site.propensity.churn) churn = 1 - purchase;
  const round = (v: number | null) => (v === null ? null : Math.round(v * 1000) / 1000);
  return {
    rfm,
    lifecycle: { stage: stage.stage, reason: stage.reason },
    cluster: assignCluster(site?.clusters ?? null, orders, now, activity),
    propensity: { purchase90d: round(purchase), churn: round(churn) },
  };
}

const isNumArray = (v: unknown, len?: number): boolean => Array.isArray(v) && (len === undefined || v.length === len) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isLogistic = (v: unknown): boolean => {
  if (v === null) return true;
  const m = v as Record<string, unknown>;
  return typeof m === 'object' && Array.isArray(m.features) && isNumArray(m.mean, m.features.length) && isNumArray(m.std, m.features.length) && isNumArray(m.weights, m.features.length + 1) && typeof m.horizonDays === 'number' && (m.bgnbd === undefined || isNumArray(m.bgnbd, 4));
};

/**
 * Checks that JSON from a site model file has the shape this code reads (a stale or damaged file is treated as absent).
 * @example isSiteSegmentsModel(JSON.parse(JSON.stringify(trainSegmentsModel(lines)))) // true
 */
export function isSiteSegmentsModel(v: unknown): v is SiteSegmentsModel {
  if (typeof v !== 'object' || v === null) return false;
  const m = v as Record<string, unknown>;
  const rfm = m.rfm as Record<string, unknown> | undefined;
  const lc = m.lifecycle as Record<string, unknown> | undefined;
  const cl = m.clusters as Record<string, unknown> | null | undefined;
  const pr = m.propensity as Record<string, unknown> | undefined;
  if (m.version !== 1 || !rfm || !lc || !pr || cl === undefined) return false;
  if (!isNumArray(rfm.recencyDays, 4) || !isNumArray(rfm.frequency, 4) || !isNumArray(rfm.monetary, 4)) return false;
  if (!['atRiskDays', 'lapsedDays', 'churnedDays', 'medianGapDays'].every((k) => typeof lc[k] === 'number')) return false;
  if (cl !== null && !(Array.isArray(cl.centroids) && Array.isArray(cl.names) && isNumArray(cl.mean) && isNumArray(cl.std) && cl.centroids.every((c) => isNumArray(c, (cl.mean as number[]).length)) && (cl.features === undefined || (Array.isArray(cl.features) && cl.features.every((f) => typeof f === 'string'))))) return false;
  return isLogistic(pr.purchase ?? null) && isLogistic(pr.churn ?? null);
}

/** What `computeSegments` needs: the visitor's events and traits, the site model (or null), the clock and config. */
export interface SegmentsInput {
  events: ReadonlyArray<StoredEvent>;
  traits: Record<string, unknown>;
  /** The site's SiteSegmentsModel as loaded (JSON, so checked with isSiteSegmentsModel), or null. */
  site: SiteSegmentsModel | null | undefined | unknown;
  now: number;
  config: Pick<Config, 'lifecycle' | 'audiences' | 'eventWeights'>;
  catalog?: Map<string, CatalogItem>;
}

function catalogPriceCuts(catalog?: Map<string, CatalogItem>): number[] | null {
  if (!catalog) return null;
  const prices: number[] = [];
  for (const item of catalog.values()) if (typeof item.price === 'number' && item.price > 0) prices.push(item.price);
  if (prices.length < 3) return null;
  const s = Float64Array.from(prices).sort();
  return [quantile(s, 1 / 3), quantile(s, 2 / 3)];
}

const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

/**
 * Segments the visitor on the device from their own stored events: RFM, lifecycle, cluster, propensity,
 * affinities, traits and the configured audiences they belong to, each with a reason.
 * @example const seg = computeSegments({ events, traits: {}, site, now: Date.now(), config });
 */
export function computeSegments(input: SegmentsInput): SegmentsResult {
  const { now, config } = input;
  // What is dated at or after `now` happened by now: dated by a clock that has gone back since (left out, the orders
  // of a customer read as a prospect) or one that ran ahead (taken as now, a buyer of today read as lapsed). It counts
  // as just before now (segments count what came before now).
  const at = now - 1;
  const events = input.events.some((e) => e.timestamp > at) ? input.events.map((e) => (e.timestamp > at ? { ...e, timestamp: at } : e)) : input.events;
  // The site model arrives as JSON over the network: a stale or damaged one falls back to the defaults.
  const site = isSiteSegmentsModel(input.site) ? input.site : null;
  const orders = ordersFromEvents(events);
  const seg = segmentCustomer(site, orders, now, config.lifecycle ?? {}, activityFromEvents(events, now, input.catalog));
  const affinities = computeAffinities(events, now, config.eventWeights ?? {}, site?.priceBands ?? catalogPriceCuts(input.catalog), input.catalog);
  const sessions = new Set<string>();
  let views = 0;
  for (const e of events) {
    if (e.session_id) sessions.add(e.session_id);
    if (e.event === 'Product Viewed') views++;
  }
  const reasons: string[] = [seg.lifecycle.reason];
  if (input.site && !site) reasons.push('site segments model ignored: not in the expected format (rebuild it with `clientele build-model`); using defaults');
  if (seg.rfm) {
    const r = seg.rfm;
    reasons.push(`rfm ${r.r}-${r.f}-${r.m} (${r.tier}): ${r.orders} order${r.orders === 1 ? '' : 's'}, ${fmt(r.monetary)} spent, last ${Math.floor(r.recencyDays ?? 0)} days ago`);
  }
  if (seg.cluster) reasons.push(`cluster "${seg.cluster.name}": nearest of ${site?.clusters?.names.length ?? 0} behaviour groups`);
  if (seg.propensity.purchase90d !== null) reasons.push(`purchase propensity ${seg.propensity.purchase90d.toFixed(2)} (${site?.propensity.purchase?.target ?? 'orders soon'})`);
  if (seg.propensity.churn !== null) reasons.push(`churn propensity ${seg.propensity.churn.toFixed(2)}`);
  if (affinities.categories.length) reasons.push(`likes ${affinities.categories[0][0]} (${Math.round(affinities.categories[0][1] * 100)}% of weighted interest)`);
  const result: SegmentsResult = {
    rfm: seg.rfm,
    lifecycle: seg.lifecycle,
    cluster: seg.cluster,
    propensity: seg.propensity,
    affinities,
    traits: collectTraits(events, input.traits ?? {}),
    audiences: [],
    reasons,
    activity: { sessions: sessions.size, views },
  };
  const facts = segmentFacts(result);
  for (const [name, cond] of Object.entries(config.audiences ?? {})) {
    if (safeMatch(cond, facts)) {
      result.audiences.push(name);
      reasons.push(`in audience "${name}" (${describeFacts(cond, facts)})`);
    }
  }
  return result;
}

/**
 * The facts audiences test (see AUDIENCE_FIELDS): dotted paths like `rfm.r` resolve into these objects.
 * @example matchCondition({ lifecycle: 'at-risk' }, segmentFacts(result))
 */
export function segmentFacts(result: SegmentsResult): Record<string, unknown> {
  return {
    lifecycle: result.lifecycle.stage,
    rfm: result.rfm ? { tier: result.rfm.tier, r: result.rfm.r, f: result.rfm.f, m: result.rfm.m } : null,
    orders: result.rfm?.orders ?? 0,
    monetary: result.rfm?.monetary ?? 0,
    recencyDays: result.rfm && result.rfm.recencyDays !== null ? Math.floor(result.rfm.recencyDays) : null,
    cluster: result.cluster?.name ?? null,
    propensity: { purchase90d: result.propensity.purchase90d, churn: result.propensity.churn },
    topCategory: result.affinities.categories[0]?.[0] ?? null,
    topBrand: result.affinities.brands[0]?.[0] ?? null,
    priceBand: result.affinities.priceBand,
    sessions: result.activity?.sessions ?? 0,
    views: result.activity?.views ?? 0,
    traits: result.traits,
  };
}

// Conditions are validated at start-up, but a bad one must still never throw into the engine.
function safeMatch(cond: Condition, facts: Record<string, unknown>): boolean {
  try {
    return matchCondition(cond, facts);
  } catch {
    return false;
  }
}

function fieldsOf(cond: Condition, out: string[] = []): string[] {
  for (const [k, v] of Object.entries(cond)) {
    if (k === 'and' || k === 'or') for (const sub of v as Condition[]) fieldsOf(sub, out);
    else if (k === 'not') fieldsOf(v as Condition, out);
    else if (!out.includes(k)) out.push(k);
  }
  return out;
}

function lookup(facts: Record<string, unknown>, path: string): unknown {
  let cur: unknown = facts;
  for (const part of path.split('.')) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** "lifecycle at-risk, rfm.r 2": the visitor's values of the fields a condition tests. */
function describeFacts(cond: Condition, facts: Record<string, unknown>): string {
  return fieldsOf(cond).map((f) => {
    const v = lookup(facts, f);
    return `${f} ${typeof v === 'string' ? v : v === undefined ? 'unknown' : JSON.stringify(v)}`;
  }).join(', ');
}

/**
 * Picks the first variant whose audience the visitor is in (a variant without an audience suits everyone),
 * else the slot's default, with why.
 * @example chooseVariant('hero', slot, config.audiences, segmentFacts(result)).reason // 'variant "winback" for audience "lapsing" (lifecycle at-risk)'
 */
export function chooseVariant(slotName: string, slot: SlotConfig, audiences: Record<string, Condition>, facts: Record<string, unknown>): SlotChoice {
  const tried: string[] = [];
  for (const v of slot.variants ?? []) {
    if (v.audience === undefined) return { slot: slotName, variant: v, reason: `variant "${v.id}" for everyone (no audience set)` };
    const cond = audiences[v.audience];
    if (!cond) { tried.push(`"${v.audience}" (not configured)`); continue; }
    if (safeMatch(cond, facts)) {
      return { slot: slotName, variant: v, reason: `variant "${v.id}" for audience "${v.audience}" (${describeFacts(cond, facts)})` };
    }
    tried.push(`"${v.audience}"`);
  }
  return {
    slot: slotName,
    variant: slot.default ?? null,
    reason: tried.length ? `default "${slot.default?.id}": not in audience ${tried.join(', ')}` : `default "${slot.default?.id}": no variants`,
  };
}
