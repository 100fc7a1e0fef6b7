// The report's charts as Vega-Lite specs, rendered to SVG strings by Vega (no DOM, no canvas: Node and the browser).
// Each carries a description that Vega writes into the SVG as its accessible name.
import { View, parse } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { METRICS, type ExperimentResult } from './analyze.ts';

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const BASE_CONFIG = {
  font: FONT,
  view: { stroke: null },
  axis: { labelFontSize: 12, titleFontSize: 12, labelColor: '#3b4252', titleColor: '#3b4252', gridColor: '#e5e7eb', domainColor: '#9ca3af' },
  legend: { labelFontSize: 12, titleFontSize: 12, orient: 'bottom' },
  title: { fontSize: 14, anchor: 'start', color: '#111827' },
};
/** Colour-blind-safe (Okabe-Ito) for arms, baseline first in grey. */
export const ARM_COLOURS = ['#7f7f7f', '#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00'];

/**
 * Renders a Vega-Lite spec to an SVG string.
 * @example const svg = await svgOf({ mark: 'bar', data: { values: [{ a: 1 }] }, encoding: { x: { field: 'a' } } });
 */
export async function svgOf(spec: TopLevelSpec): Promise<string> {
  const vg = compile({ ...spec, config: { ...BASE_CONFIG, ...(spec as { config?: object }).config } } as TopLevelSpec).spec;
  const view = new View(parse(vg), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // Vega's SVG output has no accessible name of its own: the chart's description becomes it (and its <title>).
  const desc = String((spec as { description?: string }).description ?? 'Chart').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return svg.replace(/^<svg ([^>]*)>/, `<svg role="img" aria-label="${desc}" focusable="false" $1><title>${desc}</title>`);
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** Lift of every non-baseline arm on every metric, as a point with its 95% interval against a zero line. */
export function liftSpec(x: ExperimentResult): TopLevelSpec {
  const rows = x.lift.filter((l) => Number.isFinite(l.ci_low)).map((l) => ({
    metric: METRICS[l.metric].label + (x.variants.length > 2 ? ` (${l.variant})` : ''),
    estimate: l.estimate, lo: l.ci_low, hi: l.ci_high,
    verdict: l.ci_low > 0 ? 'better' : l.ci_high < 0 ? 'worse' : 'not sure yet',
    label: `${pct(l.estimate)} [${pct(l.ci_low)}, ${pct(l.ci_high)}]`,
  }));
  const described = rows.map((r) => `${r.metric}: ${r.label}, ${r.verdict}`).join('; ');
  const y = { field: 'metric', type: 'nominal', title: null, sort: null, axis: { labelLimit: 260 } } as const;
  const colour = { field: 'verdict', type: 'nominal', title: `Against ${x.baseline}`, scale: { domain: ['better', 'not sure yet', 'worse'], range: ['#009e73', '#7f7f7f', '#d55e00'] } } as const;
  return {
    description: `Lift against ${x.baseline} with 95% intervals. ${described}`,
    width: 520,
    height: { step: 30 },
    data: { values: rows },
    layer: [
      { mark: { type: 'rule', color: '#111827', strokeDash: [4, 3] }, encoding: { x: { datum: 0, type: 'quantitative' } } },
      { mark: { type: 'rule', strokeWidth: 3 }, encoding: { y, x: { field: 'lo', type: 'quantitative', title: `Lift against ${x.baseline} (95% interval)`, axis: { format: '+.0%' } }, x2: { field: 'hi' }, color: colour } },
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { y, x: { field: 'estimate', type: 'quantitative' }, color: colour } },
      { mark: { type: 'text', align: 'left', dx: 8, dy: -10, fontSize: 11, color: '#374151' }, encoding: { y, x: { field: 'hi', type: 'quantitative' }, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}

/** Cumulative conversion by day, one line per arm. */
export function overTimeSpec(x: ExperimentResult): TopLevelSpec {
  const ids = x.variants.map((v) => v.id);
  const last = ids.map((id) => { const r = x.daily.filter((d) => d.variant === id).pop(); return r ? `${id} ${(r.conversion * 100).toFixed(1)}% on ${r.date}` : `${id} no data`; });
  return {
    description: `Cumulative conversion rate by day for each arm of ${x.name}. Latest: ${last.join('; ')}`,
    width: 520,
    height: 220,
    data: { values: x.daily },
    mark: { type: 'line', point: true, strokeWidth: 2 },
    encoding: {
      x: { field: 'date', type: 'temporal', title: 'Day (UTC)', axis: { format: '%d %b', labelAngle: 0 } },
      y: { field: 'conversion', type: 'quantitative', title: 'Conversion so far', axis: { format: '.0%' } },
      color: { field: 'variant', type: 'nominal', title: 'Arm', scale: { domain: ids, range: ARM_COLOURS.slice(0, ids.length) } },
    },
  } as TopLevelSpec;
}

/** Conversion per arm within each value of a segment dimension, as grouped bars. */
export function segmentSpec(x: ExperimentResult, dimension: keyof ExperimentResult['segments'], title: string): TopLevelSpec {
  const ids = x.variants.map((v) => v.id);
  const rows = x.segments[dimension].flatMap((s) => s.variants.map((v) => ({ segment: `${s.value} (${s.visitors})`, variant: v.id, conversion: v.conversion })));
  const described = x.segments[dimension].map((s) => `${s.value}: ${s.variants.map((v) => `${v.id} ${(v.conversion * 100).toFixed(1)}%`).join(', ')}`).join('; ');
  return {
    description: `Conversion rate by ${title} and arm. ${described}`,
    width: 520,
    data: { values: rows },
    mark: { type: 'bar', cornerRadiusEnd: 2 },
    encoding: {
      y: { field: 'segment', type: 'nominal', title: `${title} (visitors)`, sort: null, axis: { labelLimit: 200 } },
      yOffset: { field: 'variant', sort: ids },
      x: { field: 'conversion', type: 'quantitative', title: 'Conversion rate', axis: { format: '.0%' } },
      color: { field: 'variant', type: 'nominal', title: 'Arm', scale: { domain: ids, range: ARM_COLOURS.slice(0, ids.length) } },
    },
    height: { step: 12 },
  } as TopLevelSpec;
}
