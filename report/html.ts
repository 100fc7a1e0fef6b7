// The report as one self-contained HTML file: inline CSS and SVG charts, no scripts, no requests. Every chart has an
// accessible name (its description) and a table with the same numbers beside it.
import { METRICS, SEGMENT_DIMENSIONS, type ExperimentResult, type LiftRow, type Report } from './analyze.ts';
import { liftSpec, overTimeSpec, segmentSpec, svgOf } from './charts.ts';

const esc = (s: unknown) => String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const pct = (x: number, d = 1) => (Number.isFinite(x) ? `${(x * 100).toFixed(d)}%` : '–');
const signed = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}%` : '–');
const money = (x: number) => (Number.isFinite(x) ? x.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '–');
const int = (x: number) => x.toLocaleString('en');
const pval = (p: number) => (!Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const DIM_TITLES: Record<(typeof SEGMENT_DIMENSIONS)[number], string> = { rfm_tier: 'RFM tier', lifecycle_stage: 'Lifecycle stage' };

function verdict(l: LiftRow): string {
  return l.ci_low > 0 ? 'better' : l.ci_high < 0 ? 'worse' : 'not sure yet';
}

/** The one sentence a marketer reads first, per arm against the baseline. */
function headline(x: ExperimentResult): string {
  const arms = x.variants.filter((v) => v.id !== x.baseline).map((v) => {
    const parts = x.lift.filter((l) => l.variant === v.id && (l.metric === 'conversion' || l.metric === 'revenue_per_visitor')).map((l) =>
      `${esc(METRICS[l.metric].label.toLowerCase())} <strong class="${verdict(l).replace(/ /g, '-')}">${signed(l.estimate)}</strong> (95% interval ${signed(l.ci_low)} to ${signed(l.ci_high)}, p ${pval(l.p)})`);
    return `<strong>${esc(v.name)}</strong> against ${esc(x.variants[0].name)}: ${parts.join('; ')}.`;
  });
  return arms.join('<br>');
}

function variantTable(x: ExperimentResult): string {
  const head = ['Arm', 'Visitors', 'Share (planned)', 'Impressions', 'CTR', 'Add-to-cart', 'Conversion', 'Orders', 'Revenue / visitor', 'AOV', 'Dismissals'];
  const total = x.variants.reduce((s, v) => s + v.visitors, 0) || 1;
  const rows = x.variants.map((v) => `<tr${v.id === x.baseline ? ' class="base"' : ''}><th scope="row">${esc(v.name)} <small>${esc(v.id)}</small></th><td>${int(v.visitors)}</td><td>${pct(v.visitors / total)} (${pct(v.expected_share, 0)})</td><td>${int(v.impressions)}</td><td>${pct(v.ctr, 2)}</td><td>${pct(v.add_to_cart_rate)}</td><td>${pct(v.conversion)}</td><td>${int(v.orders)}</td><td>${money(v.revenue_per_visitor)}</td><td>${money(v.aov)}</td><td>${int(v.dismissals)}</td></tr>`);
  // arms planned but never seen (no Experiment Viewed at all): 0 visitors against their share, as the SRM check counts them
  if (x.unseen_share > 0) rows.push(`<tr><th scope="row">Arms never seen <small>no visitor</small></th><td>0</td><td>${pct(0)} (${pct(x.unseen_share, 0)})</td>${'<td>–</td>'.repeat(head.length - 3)}</tr>`);
  return `<div class="wrap"><table><caption>Arms of ${esc(x.name)}, from each visitor's first exposure</caption><thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

function liftTable(rows: LiftRow[], caption: string): string {
  const body = rows.map((l) => `<tr><th scope="row">${esc(METRICS[l.metric].label)}${rows.some((r) => r.variant !== l.variant) ? ` <small>${esc(l.variant)}</small>` : ''}</th><td>${signed(l.estimate)}</td><td>${signed(l.ci_low)} to ${signed(l.ci_high)}</td><td>${pval(l.p)}</td><td class="${verdict(l).replace(/ /g, '-')}">${verdict(l)}</td></tr>`);
  return `<div class="wrap"><table><caption>${esc(caption)}</caption><thead><tr><th scope="col">Metric</th><th scope="col">Lift</th><th scope="col">95% interval</th><th scope="col">p</th><th scope="col">Verdict</th></tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

function segmentTable(x: ExperimentResult, d: (typeof SEGMENT_DIMENSIONS)[number]): string {
  const ids = x.variants.map((v) => v.id);
  const body = x.segments[d].map((s) => {
    const conv = s.lift.find((l) => l.metric === 'conversion');
    return `<tr><th scope="row">${esc(s.value)}${s.small ? ' <small>(small)</small>' : ''}</th><td>${int(s.visitors)}</td>${s.variants.map((v) => `<td>${pct(v.conversion)}</td>`).join('')}${conv ? `<td>${signed(conv.estimate)} <small>(${signed(conv.ci_low)} to ${signed(conv.ci_high)})</small></td>` : '<td>–</td>'}</tr>`;
  });
  return `<div class="wrap"><table><caption>Conversion by ${esc(DIM_TITLES[d].replace('Lifecycle', 'lifecycle'))}; lift with its 95% interval</caption><thead><tr><th scope="col">${esc(DIM_TITLES[d])}</th><th scope="col">Visitors</th>${ids.map((i) => `<th scope="col">${esc(i)}</th>`).join('')}<th scope="col">Lift${ids.length > 2 ? ` (${esc(ids[1])})` : ''}</th></tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

const figure = (svg: string, caption: string) => `<figure>${svg}<figcaption>${esc(caption)}</figcaption></figure>`;

async function experimentSection(x: ExperimentResult): Promise<string> {
  const warn = x.warnings.map((w) => `<p class="warn" role="note">${esc(w)}</p>`).join('');
  const seg = await Promise.all(SEGMENT_DIMENSIONS.filter((d) => x.segments[d].length > 1 || x.segments[d][0]?.value !== 'unknown').map(async (d) =>
    `<h3>By ${esc(DIM_TITLES[d].replace('Lifecycle', 'lifecycle'))}</h3>${figure(await svgOf(segmentSpec(x, d, DIM_TITLES[d])), `Conversion rate per arm within each ${DIM_TITLES[d].replace('Lifecycle', 'lifecycle')}, with visitors per segment in brackets.`)}${segmentTable(x, d)}`));
  const srmLine = `<p class="muted">Sample ratio check: χ² = ${x.srm.chi2.toFixed(2)}, p = ${pval(x.srm_p)} ${x.srm_p < 0.01 ? '(mismatch)' : '(fine)'}.`;
  if (x.variants.length < 2) {
    // one arm seen: no lifts yet, but its warnings (a planned arm that got nobody is a sample ratio mismatch) still show
    const unseen = x.unseen_share > 0;
    return `<section aria-labelledby="x-${esc(x.id)}">
<h2 id="x-${esc(x.id)}">${esc(x.name)} <small>${esc(x.id)}</small></h2>
<p class="warn" role="note">Only one arm (${esc(x.variants[0]?.name ?? 'none')}) has visitors so far: lifts${unseen ? ' and intervals appear' : ', intervals and the sample-ratio check appear'} once every arm has some.</p>
${warn}
${unseen ? `${srmLine}</p>` : ''}
${variantTable(x)}
</section>`;
  }
  return `<section aria-labelledby="x-${esc(x.id)}">
<h2 id="x-${esc(x.id)}">${esc(x.name)} <small>${esc(x.id)}</small></h2>
<p class="headline">${headline(x)}</p>
${warn}
${srmLine} With these visitors a conversion lift of about ${Number.isFinite(x.mde_conversion) ? pct(x.mde_conversion, 0) : '–'} can be detected (80% power).</p>
${variantTable(x)}
<h3>Lift against ${esc(x.baseline)}</h3>
${figure(await svgOf(liftSpec(x)), 'Each dot is the estimated lift; the bar is its 95% interval. Green bars lie wholly above zero (better), orange wholly below (worse); grey ones cross zero (not sure yet).')}
${liftTable(x.lift, `Relative lift against ${x.baseline}, delta-method intervals, two-sided p`)}
<h3>Over time</h3>
${figure(await svgOf(overTimeSpec(x)), 'Conversion rate of the visitors exposed so far, day by day. Lines that settle apart mean a steady difference.')}
${seg.join('\n')}
</section>`;
}

function widgetTable(r: Report): string {
  if (!r.widgets.length) return '';
  const rows = r.widgets.map((w) => `<tr><th scope="row">${esc(w.widget_id)} <small>${esc(w.widget_type)}</small></th><td>${int(w.impressions)}</td><td>${int(w.clicks)}</td><td>${pct(w.ctr, 2)}</td><td>${int(w.dismissals)}</td><td>${int(w.orders_last_touch)}</td><td>${money(w.revenue_last_touch)}</td></tr>`);
  return `<section aria-labelledby="widgets"><h2 id="widgets">Widgets and slots</h2><div class="wrap"><table><caption>All visitors; orders and revenue credited by last touch</caption><thead><tr><th scope="col">Widget</th><th scope="col">Impressions</th><th scope="col">Clicks</th><th scope="col">CTR</th><th scope="col">Dismissals</th><th scope="col">Orders (last touch)</th><th scope="col">Revenue (last touch)</th></tr></thead><tbody>${rows.join('')}</tbody></table></div></section>`;
}

const CSS = `:root{--ink:#111827;--muted:#4b5563;--line:#e5e7eb;--good:#047857;--bad:#b45309;--bg:#f9fafb}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);background:#fff}
main{max-width:1240px;margin:0 auto;padding:24px 20px 64px}h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.3rem;margin:40px 0 8px;padding-top:16px;border-top:2px solid var(--line)}
h2 small,th small{color:var(--muted);font-weight:400;font-size:.8em}h3{font-size:1.05rem;margin:24px 0 8px}
.muted{color:var(--muted)}.headline{font-size:1.1rem;background:var(--bg);border-left:4px solid #0072b2;padding:10px 14px;border-radius:4px}
.better{color:var(--good)}.worse{color:var(--bad)}.not-sure-yet{color:var(--muted)}
.warn{background:#fffbeb;border:1px solid #f59e0b;border-radius:6px;padding:8px 12px;color:#78350f}
.wrap{overflow-x:auto}table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums;font-size:.88rem;margin:8px 0 16px}
caption{text-align:left;color:var(--muted);font-size:.85rem;padding-bottom:4px}th,td{padding:6px 8px;border-bottom:1px solid var(--line);text-align:right;white-space:nowrap}
th[scope=row],thead th:first-child{text-align:left}th[scope=row]{white-space:normal;min-width:9rem}thead th{border-bottom:2px solid var(--line);color:var(--muted);font-weight:600;white-space:normal;vertical-align:bottom}tr.base th,tr.base td{background:var(--bg)}
figure{margin:8px 0 12px}figure svg{max-width:100%;height:auto}figcaption{color:var(--muted);font-size:.85rem}
footer{margin-top:48px;color:var(--muted);font-size:.85rem}code{font-size:.9em}`;

/**
 * The report as one HTML file.
 * @example writeFileSync('report.html', await reportHtml(analyze(events), 'events.ndjson'));
 */
export async function reportHtml(r: Report, source: string): Promise<string> {
  const sections = await Promise.all(r.experiments.map(experimentSection));
  const none = r.experiments.length ? '' : '<p class="warn" role="note">No <code>Experiment Viewed</code> events in this log: set <code>holdout.percent</code> or add <code>experiments</code> to the config, and forward exposures.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Clientele experiment report</title><style>${CSS}</style></head>
<body><main>
<h1>Experiment report</h1>
<p class="muted">${esc(source)} · ${int(r.events)} events · ${int(r.visitors)} visitor${r.visitors === 1 ? '' : 's'}${r.span ? ` · ${esc(r.span.from.slice(0, 10))} to ${esc(r.span.to.slice(0, 10))}` : ''} · made ${esc(r.generated.slice(0, 16).replace('T', ' '))} UTC</p>
${none}
${sections.join('\n')}
${widgetTable(r)}
<footer><p>Visitors are counted from their first <code>Experiment Viewed</code>; a visitor is their user id once they log in, else their anonymous id. Rates and revenue are per visitor; click-through rate, dismissals and order value are ratios of per-visitor sums, with delta-method variances. Lifts are relative to ${r.experiments.length ? 'the baseline arm (the holdout, or the control)' : 'the baseline'}; intervals are 95%, p-values two-sided. The sample ratio check is Pearson's χ² against each arm's configured share.</p></footer>
</main></body></html>
`;
}
