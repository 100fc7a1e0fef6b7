// The report's analysis: per experiment and variant (the holdout included) the visitors and their metrics after
// first exposure, lift against the baseline with delta-method intervals, the sample-ratio check, the same per segment,
// cumulative conversion by day, per-widget figures and the slot bandit's priors. Pure: Node and the owner page share it.
import { orderRevenue } from '../worker/experiments/attribution.ts';
import type { ReportEvent } from './readEvents.ts';
import { addVisitor, emptyMoments, minimumDetectableLift, ratioEstimate, relativeLift, srmP, type Moments } from './stats.ts';

/** The metrics the report computes, each a ratio of per-visitor sums (y = 1 for per-visitor means). */
export const METRICS = {
  conversion: { label: 'Conversion rate', x: 'converted', y: null, percent: true },
  revenue_per_visitor: { label: 'Revenue per visitor', x: 'revenue', y: null, percent: false },
  add_to_cart_rate: { label: 'Add-to-cart rate', x: 'added', y: null, percent: true },
  ctr: { label: 'Click-through rate', x: 'clicks', y: 'impressions', percent: true },
  aov: { label: 'Average order value', x: 'revenue', y: 'orders', percent: false },
  dismissal_rate: { label: 'Dismissals per impression', x: 'dismissals', y: 'impressions', percent: true },
} as const;
export type MetricName = keyof typeof METRICS;
/** Metrics compared per segment (the headline ones). */
const SEGMENT_METRICS: MetricName[] = ['conversion', 'revenue_per_visitor'];
export const SEGMENT_DIMENSIONS = ['rfm_tier', 'lifecycle_stage'] as const;
/** Below these per arm, results carry a warning. */
export const MIN_VISITORS = 200;
export const MIN_CONVERSIONS = 25;

/** One visitor's figures from first exposure on. */
interface VisitorFigures { impressions: number; clicks: number; added: number; converted: number; orders: number; revenue: number; dismissals: number; firstOrderAt: number | null; currencies: string[] }

export interface VariantStats {
  id: string;
  name: string;
  visitors: number;
  impressions: number;
  clicks: number;
  ctr: number;
  add_to_cart_rate: number;
  conversion: number;
  orders: number;
  revenue: number;
  revenue_per_visitor: number;
  aov: number;
  dismissals: number;
  dismissal_rate: number;
  /** The arm's expected share of visitors (from Experiment Viewed), for the SRM check. */
  expected_share: number;
}

export interface LiftRow { metric: MetricName; variant: string; baseline: string; estimate: number; ci_low: number; ci_high: number; p: number; significant: boolean }

export interface SegmentResult { value: string; visitors: number; variants: Array<Pick<VariantStats, 'id' | 'visitors' | 'conversion' | 'revenue_per_visitor'>>; lift: LiftRow[]; small: boolean }

export interface ExperimentResult {
  id: string;
  name: string;
  baseline: string;
  srm_p: number;
  srm: { chi2: number; df: number };
  variants: VariantStats[];
  /**
   * Planned share of arms that got no visitor at all (1 − the seen arms' planned shares; 0 when every planned arm was
   * seen). It counts in the sample-ratio check as an arm of 0 visitors. See {@link unseenShare}.
   */
  unseen_share: number;
  lift: LiftRow[];
  /** Smallest relative conversion lift this many visitors can detect (80% power, 5% two-sided). */
  mde_conversion: number;
  warnings: string[];
  /** Visitors seen in more than one arm (left out). */
  conflicted: number;
  segments: Record<(typeof SEGMENT_DIMENSIONS)[number], SegmentResult[]>;
  /** Cumulative conversion of the visitors exposed so far, by UTC day. */
  daily: Array<{ date: string; variant: string; visitors: number; conversion: number }>;
}

export interface WidgetStats { widget_id: string; widget_type: string; impressions: number; clicks: number; ctr: number; dismissals: number; orders_last_touch: number; revenue_last_touch: number }

export type Priors = { generated: string; slots: Record<string, Record<string, { alpha: number; beta: number; impressions: number; clicks: number }>> };

export interface Report {
  generated: string;
  events: number;
  visitors: number;
  span: { from: string; to: string } | null;
  experiments: ExperimentResult[];
  widgets: WidgetStats[];
  priors: Priors;
}

/** Segments in their natural order (best customers first; the lifecycle from prospect to churned). */
const SEGMENT_ORDER: Record<string, string[]> = {
  rfm_tier: ['champions', 'loyal', 'potential', 'new', 'at-risk', 'hibernating', 'lost'],
  lifecycle_stage: ['prospect', 'new', 'active', 'growing', 'at-risk', 'lapsed', 'churned'],
};
const rankOf = (d: string, v: string) => { const i = SEGMENT_ORDER[d]?.indexOf(v) ?? -1; return i < 0 ? 99 : i; };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Priors keep at most this much evidence, so each device's own clicks and later change still move the bandit. */
const PRIOR_STRENGTH = 1000;

function figuresFrom(events: ReportEvent[], from: number): VisitorFigures {
  const f: VisitorFigures = { impressions: 0, clicks: 0, added: 0, converted: 0, orders: 0, revenue: 0, dismissals: 0, firstOrderAt: null, currencies: [] };
  for (const e of events) {
    if (e.timestamp < from) continue;
    switch (e.event) {
      case 'Widget Impression': f.impressions++; break;
      case 'Widget Clicked': f.clicks++; break;
      case 'Product Added': f.added = 1; break;
      case 'Recommendation Dismissed': f.dismissals++; break;
      case 'Order Completed':
        f.orders++; f.converted = 1; f.revenue += orderRevenue(e.properties);
        f.firstOrderAt ??= e.timestamp;
        f.currencies.push(str(e.properties.currency)?.toUpperCase() ?? '?');
        break;
    }
  }
  return f;
}

function momentsOf(figs: VisitorFigures[]): Record<MetricName, Moments> {
  const out = Object.fromEntries(Object.keys(METRICS).map((k) => [k, emptyMoments()])) as Record<MetricName, Moments>;
  for (const f of figs) {
    for (const [name, m] of Object.entries(METRICS) as Array<[MetricName, (typeof METRICS)[MetricName]]>) {
      addVisitor(out[name], f[m.x], m.y ? f[m.y] : 1);
    }
  }
  return out;
}

function liftRows(arms: Map<string, Record<MetricName, Moments>>, baseline: string, metrics: MetricName[]): LiftRow[] {
  const base = arms.get(baseline);
  if (!base) return [];
  const rows: LiftRow[] = [];
  for (const [id, m] of arms) {
    if (id === baseline) continue;
    for (const metric of metrics) {
      const l = relativeLift(ratioEstimate(m[metric]), ratioEstimate(base[metric]));
      rows.push({ metric, variant: id, baseline, estimate: l.estimate, ci_low: l.ci_low, ci_high: l.ci_high, p: l.p, significant: l.p < 0.05 });
    }
  }
  return rows;
}

/** Planned shares are taken as whole percents (and so possibly rounded) when each is within this of one. */
const WHOLE_PERCENT = 1e-9;
/** Shares that are not whole percents are exact ratios (Clientele logs weight / total): only float error is forgiven. */
const EXACT_TOLERANCE = 1e-6;

/**
 * The planned share of arms never seen in the log: 1 − the sum of the seen arms' planned shares, when that is more
 * than rounding explains, else 0. Shares that are all whole percents (0.33, 0.9) may each be rounded by up to half a
 * percent, so up to 0.005 per seen arm is rounding (0.33 × 3 = 0.99 is three arms of 1/3, not a fourth arm of 1%);
 * other shares (1/3, 0.495) are exact and only float error is forgiven. A missing arm smaller than that rounding
 * (a 1% arm beside three rounded 33% ones) cannot be told from rounding and is not counted.
 * @example unseenShare([0.9]) // 0.1 (a holdout of 10% that got nobody)
 * @example unseenShare([0.33, 0.33, 0.33]) // 0 (rounding)
 * @example unseenShare([1 / 3, 1 / 3]) // 0.333…
 */
export function unseenShare(seen: number[]): number {
  if (!seen.length || !seen.every((s) => Number.isFinite(s) && s > 0)) return 0;
  const rest = 1 - seen.reduce((a, b) => a + b, 0);
  const rounded = seen.every((s) => Math.abs(s * 100 - Math.round(s * 100)) < WHOLE_PERCENT);
  const tolerance = rounded ? 0.005 * seen.length + WHOLE_PERCENT : EXACT_TOLERANCE;
  return rest > tolerance ? Math.round(rest * 1e12) / 1e12 : 0;
}

/** A planned share as a percent for messages: 90%, 33.3%. */
const sharePct = (s: number) => `${Number((s * 100).toFixed(1))}%`;

/** The baseline arm: the holdout, else one called control, else the first by id. */
function baselineOf(ids: string[]): string {
  return ids.find((v) => v === 'holdout') ?? ids.find((v) => /^control$/i.test(v)) ?? [...ids].sort()[0];
}

function variantStats(id: string, name: string, figs: VisitorFigures[], share: number): VariantStats {
  const sum = (k: keyof VisitorFigures) => figs.reduce((s, f) => s + ((f[k] as number) ?? 0), 0);
  const n = figs.length;
  const impressions = sum('impressions'), clicks = sum('clicks'), orders = sum('orders'), revenue = sum('revenue'), dismissals = sum('dismissals');
  return {
    id, name, visitors: n, impressions, clicks, ctr: impressions ? clicks / impressions : 0, add_to_cart_rate: n ? sum('added') / n : 0,
    conversion: n ? sum('converted') / n : 0, orders, revenue, revenue_per_visitor: n ? revenue / n : 0, aov: orders ? revenue / orders : 0,
    dismissals, dismissal_rate: impressions ? dismissals / impressions : 0, expected_share: share,
  };
}

/**
 * A warning when the orders counted are in more than one currency: revenue adds their totals as one number, so 100
 * JPY weighs as much as 100 USD. Orders that name no currency count as one more ("?") only beside others that do.
 * @example currencyWarning(['USD', 'USD', 'EUR']) // 'Orders are in more than one currency (USD 2, EUR 1): ...'
 */
export function currencyWarning(currencies: string[]): string | null {
  const n = new Map<string, number>();
  for (const c of currencies) n.set(c, (n.get(c) ?? 0) + 1);
  if (n.size < 2) return null;
  const list = [...n].sort((a, b) => b[1] - a[1]).map(([c, k]) => `${c === '?' ? 'none given' : c} ${k}`).join(', ');
  return `Orders are in more than one currency (${list}): revenue, revenue per visitor and order value add them as one number. Report one currency at a time (keep the orders whose properties.currency is one code) or convert the totals before.`;
}

/**
 * The log with each order once: an `Order Completed` whose `order_id` the same visitor (`unitOf`: the report's unit, a
 * logged-in user across devices) recorded before (the confirmation page reloaded, or opened again from an email on
 * another device; the order tracked by the shop and by a tag) is left out, as the visitor's segments count it
 * (scoring/segments/orders.ts, on one visitor's events). Other visitors' orders of that id count (a shop numbering
 * each customer's orders, two stores' logs in one, a tag sending one placeholder): across the log, the first
 * visitor's order alone counted. Orders without an order_id are all kept. The first copy stays.
 * @example oncePerOrder([order('o1'), order('o1'), order('o2')]).length // 2
 */
export function oncePerOrder(events: ReportEvent[], unitOf: (e: ReportEvent) => string = (e) => e.user_id ?? e.anonymous_id ?? ''): ReportEvent[] {
  const seen = new Set<string>();
  return events.filter((e) => {
    const id = e.event === 'Order Completed' ? str(e.properties.order_id) : null;
    const key = id === null ? null : JSON.stringify([unitOf(e), id]);
    return key === null || (!seen.has(key) && !!seen.add(key));
  });
}

/**
 * Analyzes an event log (time-ordered) into the report.
 * @example const report = analyze(readEvents(text).events); report.experiments[0].lift[0].estimate
 */
export function analyze(log: ReportEvent[], now: Date = new Date()): Report {
  // Identity: an anonymous id seen with a user id is that user (a visitor who logged in).
  const userOf = new Map<string, string>();
  for (const e of log) if (e.anonymous_id && e.user_id && !userOf.has(e.anonymous_id)) userOf.set(e.anonymous_id, e.user_id);
  const unitOf = (e: ReportEvent) => e.user_id ?? (e.anonymous_id ? userOf.get(e.anonymous_id) ?? e.anonymous_id : 'unknown');
  const events = oncePerOrder(log, unitOf);
  const byUnit = new Map<string, ReportEvent[]>();
  for (const e of events) {
    const u = unitOf(e);
    let list = byUnit.get(u);
    if (!list) byUnit.set(u, (list = []));
    list.push(e);
  }

  interface Exp { name: string; variants: Map<string, { name: string; share: number }>; units: Map<string, { variant: string | null; at: number; segment: Record<string, string> }> }
  const exps = new Map<string, Exp>();
  for (const [unit, list] of byUnit) {
    for (const e of list) {
      if (e.event !== 'Experiment Viewed') continue;
      const id = str(e.properties.experiment_id), v = str(e.properties.variation_id);
      if (!id || !v) continue;
      let x = exps.get(id);
      if (!x) exps.set(id, (x = { name: str(e.properties.experiment_name) ?? id, variants: new Map(), units: new Map() }));
      const share = typeof e.properties.variation_share === 'number' ? e.properties.variation_share : NaN;
      x.variants.set(v, { name: str(e.properties.variation_name) ?? v, share });
      const seen = x.units.get(unit);
      if (!seen) {
        const segment: Record<string, string> = {};
        for (const d of SEGMENT_DIMENSIONS) segment[d] = str(e.properties[d]) ?? 'unknown';
        x.units.set(unit, { variant: v, at: e.timestamp, segment });
      } else if (seen.variant !== null && seen.variant !== v) seen.variant = null;
    }
  }

  const experiments: ExperimentResult[] = [];
  for (const [id, x] of [...exps].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const ids = [...x.variants.keys()].sort();
    const baseline = baselineOf(ids);
    const order = [baseline, ...ids.filter((v) => v !== baseline)];
    const figs = new Map<string, Array<{ f: VisitorFigures; at: number; segment: Record<string, string> }>>(order.map((v) => [v, []]));
    let conflicted = 0;
    for (const [unit, a] of x.units) {
      if (a.variant === null) { conflicted++; continue; }
      figs.get(a.variant)!.push({ f: figuresFrom(byUnit.get(unit)!, a.at), at: a.at, segment: a.segment });
    }
    const shares = order.map((v) => x.variants.get(v)!.share);
    const known = shares.every((s) => Number.isFinite(s) && s > 0);
    const expected = known ? shares : order.map(() => 1 / order.length);
    const variants = order.map((v, i) => variantStats(v, x.variants.get(v)!.name, figs.get(v)!.map((r) => r.f), expected[i]));
    // An arm that got no visitor at all is in no event: its planned share is what the seen arms' shares leave over.
    // It counts as an arm of 0 visitors (else one arm alone is df 0, p = 1: the worst mismatch read as none).
    const unseen = known ? unseenShare(shares) : 0;
    const srm = unseen > 0 ? srmP([...variants.map((v) => v.visitors), 0], [...expected, unseen]) : srmP(variants.map((v) => v.visitors), expected);
    const arms = new Map(order.map((v) => [v, momentsOf(figs.get(v)!.map((r) => r.f))]));
    const lift = liftRows(arms, baseline, Object.keys(METRICS) as MetricName[]);
    const warnings: string[] = [];
    const small = variants.filter((v) => v.visitors < MIN_VISITORS || v.orders < MIN_CONVERSIONS);
    // One arm seen and another planned (a holdout nobody has reached yet) is as early as two small arms: it said
    // nothing at all, beside no lifts.
    if (small.length && (variants.length > 1 || unseen > 0)) warnings.push(`Too early to conclude: ${[...small.map((v) => `"${v.id}" has ${v.visitors} visitors and ${v.orders} orders`), ...(unseen > 0 ? [`the arms planned for ${sharePct(unseen)} of visitors have none yet`] : [])].join('; ')}. Wait for at least ${MIN_VISITORS} visitors and ${MIN_CONVERSIONS} orders in every arm.`);
    if (srm.p < 0.01) warnings.push(`Sample ratio mismatch (p ${srm.p < 1e-15 ? '< 1e-15' : `= ${srm.p.toExponential(1)}`}): the arms did not get the visitors they should (${[...variants.map((v) => `${v.id} ${v.visitors}, expected ${sharePct(v.expected_share)}`), ...(unseen > 0 ? [`arms never seen: 0 visitors, expected ${sharePct(unseen)}`] : [])].join('; ')}).${unseen > 0 ? ` An arm planned for ${sharePct(unseen)} of visitors got none at all: it never served, or its Experiment Viewed events never reach this log.` : ''} Something drops or double-counts visitors in one arm; do not trust the lifts until it is found.`);
    const money = currencyWarning(order.flatMap((v) => figs.get(v)!.flatMap((r) => r.f.currencies)));
    if (money) warnings.push(money);
    if (conflicted) warnings.push(`${conflicted} visitors were seen in more than one arm (e.g. logged in on two devices) and are left out.`);
    const baseStats = variants[0];
    const mde = minimumDetectableLift(baseStats.conversion, Math.min(...variants.map((v) => v.visitors)));

    const segments = {} as ExperimentResult['segments'];
    for (const d of SEGMENT_DIMENSIONS) {
      const values = new Set<string>();
      for (const rows of figs.values()) for (const r of rows) values.add(r.segment[d]);
      segments[d] = [...values].sort((a, b) => rankOf(d, a) - rankOf(d, b) || (a < b ? -1 : 1)).map((value) => {
        const sub = new Map(order.map((v) => [v, figs.get(v)!.filter((r) => r.segment[d] === value).map((r) => r.f)]));
        const vs = order.map((v) => { const s = variantStats(v, v, sub.get(v)!, 0); return { id: v, visitors: s.visitors, conversion: s.conversion, revenue_per_visitor: s.revenue_per_visitor }; });
        const subArms = new Map(order.map((v) => [v, momentsOf(sub.get(v)!)]));
        return { value, visitors: vs.reduce((s, v) => s + v.visitors, 0), variants: vs, lift: liftRows(subArms, baseline, SEGMENT_METRICS), small: vs.some((v) => v.visitors < MIN_VISITORS) };
      }).filter((s) => s.visitors > 0);
    }

    const daily: ExperimentResult['daily'] = [];
    const days = new Set<string>();
    for (const rows of figs.values()) for (const r of rows) { days.add(day(r.at)); if (r.f.firstOrderAt !== null) days.add(day(r.f.firstOrderAt)); }
    const sortedDays = [...days].sort();
    for (const v of order) {
      const rows = figs.get(v)!;
      for (const dte of sortedDays) {
        const end = Date.parse(dte + 'T00:00:00Z') + 86_400_000;
        let n = 0, c = 0;
        for (const r of rows) if (r.at < end) { n++; if (r.f.firstOrderAt !== null && r.f.firstOrderAt < end) c++; }
        if (n) daily.push({ date: dte, variant: v, visitors: n, conversion: c / n });
      }
    }
    experiments.push({ id, name: x.name, baseline, srm_p: srm.p, srm: { chi2: srm.chi2, df: srm.df }, variants, unseen_share: unseen, lift, mde_conversion: mde, warnings, conflicted, segments, daily });
  }

  // Per widget: impressions, clicks, dismissals, and orders whose last touch it was (attribution travels with orders).
  const widgets = new Map<string, WidgetStats>();
  const w = (id: string, type: string) => {
    let s = widgets.get(id);
    if (!s) widgets.set(id, (s = { widget_id: id, widget_type: type, impressions: 0, clicks: 0, ctr: 0, dismissals: 0, orders_last_touch: 0, revenue_last_touch: 0 }));
    return s;
  };
  const slotCounts = new Map<string, Map<string, { impressions: number; clicks: number }>>();
  for (const e of events) {
    const p = e.properties;
    if (e.event === 'Widget Impression' || e.event === 'Widget Clicked' || e.event === 'Recommendation Dismissed') {
      const s = w(str(p.widget_id) ?? 'unknown', str(p.widget_type) ?? 'unknown');
      if (e.event === 'Widget Impression') s.impressions++;
      else if (e.event === 'Widget Clicked') s.clicks++;
      else s.dismissals++;
      const slot = str(p.slot), variant = str(p.variant_id);
      if (slot && variant && e.event !== 'Recommendation Dismissed') {
        let m = slotCounts.get(slot);
        if (!m) slotCounts.set(slot, (m = new Map()));
        const c = m.get(variant) ?? { impressions: 0, clicks: 0 };
        if (e.event === 'Widget Impression') c.impressions++; else c.clicks++;
        m.set(variant, c);
      }
    } else if (e.event === 'Order Completed') {
      const last = (p.attribution as { last_touch?: { widget_id?: string; widget_type?: string } } | undefined)?.last_touch;
      if (last?.widget_id) {
        const s = w(last.widget_id, last.widget_type ?? 'unknown');
        s.orders_last_touch++;
        s.revenue_last_touch += orderRevenue(p);
      }
    }
  }
  for (const s of widgets.values()) s.ctr = s.impressions ? s.clicks / s.impressions : 0;

  const generated = now.toISOString();
  const priors: Priors = { generated, slots: {} };
  for (const [slot, m] of slotCounts) {
    priors.slots[slot] = {};
    for (const [variant, c] of m) {
      const clicks = Math.min(c.clicks, c.impressions);
      let alpha = 1 + clicks, beta = 1 + c.impressions - clicks;
      const k = Math.min(1, PRIOR_STRENGTH / (alpha + beta));
      alpha *= k; beta *= k;
      priors.slots[slot][variant] = { alpha: Math.round(alpha * 1000) / 1000, beta: Math.round(beta * 1000) / 1000, impressions: c.impressions, clicks };
    }
  }

  return {
    generated,
    events: events.length,
    visitors: byUnit.size,
    span: events.length ? { from: new Date(events[0].timestamp).toISOString(), to: new Date(events[events.length - 1].timestamp).toISOString() } : null,
    experiments,
    widgets: [...widgets.values()].sort((a, b) => b.impressions - a.impressions),
    priors,
  };
}
