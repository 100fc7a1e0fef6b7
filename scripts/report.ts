// `npx clientele report --events <ndjson or csv> [--out report.html] [--json report.json] [--priors priors.json]`:
// experiment results with lifts, intervals, SRM and segments, from an event log the owner forwarded.
// Options are parsed and paths checked by the CLI shell (scripts/cli); this is the command's body.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readEvents } from '../report/readEvents.ts';
import { analyze, METRICS, type Report } from '../report/analyze.ts';
import { reportHtml } from '../report/html.ts';
import type { CommandIO } from './cli/io.ts';
import { runCli } from './cli/main.ts';

/** report's options, checked by the CLI shell before the work starts. */
export interface ReportOptions {
  events: string;
  /** One self-contained HTML file. */
  out?: string;
  json?: string;
  /** Beta priors for bandit slots (pass to build-model --priors). */
  priors?: string;
}

/** The JSON the report writes: the analysis, minus nothing. */
export function reportJson(r: Report): unknown {
  return r;
}

/**
 * Why a lift has no interval: the baseline has no conversions (or revenue) to compare against, or an arm has fewer than
 * 2 visitors, whose spread is unknown. It said "the holdout arm has no conversions yet" for a holdout of one visitor who
 * bought, beside "holdout has 1 visitors and 1 orders".
 * @example whyNoLift([{ id: 'holdout', visitors: 1, conversion: 1, ... }, ...], lift) // 'an interval needs 2 visitors or more in each arm; holdout has 1'
 */
export function whyNoLift(variants: Array<{ id: string; visitors: number; conversion: number; revenue_per_visitor: number }>, l: { metric: string; variant: string; baseline: string }): string {
  const base = variants.find((v) => v.id === l.baseline);
  const conv = l.metric === 'conversion';
  if (!base || !((conv ? base.conversion : base.revenue_per_visitor) > 0)) return `the ${l.baseline} arm has no ${conv ? 'conversions' : 'revenue'} yet`;
  const few = variants.filter((v) => (v.id === l.baseline || v.id === l.variant) && v.visitors < 2);
  if (few.length) return `an interval needs 2 visitors or more in each arm; ${few.map((v) => `${v.id} has ${v.visitors}`).join(', ')}`;
  return `the ${l.variant} arm's ${conv ? 'conversions' : 'revenue'} give no interval yet`;
}

/** A few lines for the terminal: each experiment's headline lifts. */
export function summaryLines(r: Report): string[] {
  const lines = [`${r.events.toLocaleString('en')} events, ${r.visitors.toLocaleString('en')} visitors`];
  for (const x of r.experiments) {
    lines.push(`${x.name} (${x.id}): ${x.variants.map((v) => `${v.id} ${v.visitors}`).join(', ')}; SRM p = ${x.srm_p.toFixed(3)}`);
    for (const l of x.lift.filter((l) => l.metric === 'conversion' || l.metric === 'revenue_per_visitor')) {
      const label = `  ${l.variant} vs ${l.baseline}: ${METRICS[l.metric].label.toLowerCase()}`;
      if (![l.estimate, l.ci_low, l.ci_high, l.p].every((v) => typeof v === 'number' && Number.isFinite(v))) lines.push(`${label} n/a (${whyNoLift(x.variants, l)})`);
      else lines.push(`${label} ${(l.estimate * 100).toFixed(1)}% [${(l.ci_low * 100).toFixed(1)}%, ${(l.ci_high * 100).toFixed(1)}%] p=${l.p < 0.001 ? '<0.001' : l.p.toFixed(3)}`);
    }
    for (const w of x.warnings) lines.push(`  ! ${w}`);
  }
  return lines;
}

/**
 * The body of `clientele report`: reads the events, analyzes them, prints the headline lifts and writes the
 * files asked for. Returns the exit code (0 ok, 1 no usable events).
 * @example process.exitCode = await report({ events: 'sim/events.ndjson', json: 'sim/report.json' }, createIO());
 */
export async function report(opts: ReportOptions, io: CommandIO): Promise<number> {
  io.progress('reading events', 0);
  const read = readEvents(readFileSync(opts.events, 'utf8'), opts.events);
  for (const p of read.problems) io.info(p);
  if (!read.events.length) {
    io.done();
    process.stderr.write(`[clientele] --events "${opts.events}" has no usable events\n`);
    return 1;
  }
  io.progress('analyzing', 0.3);
  const r = analyze(read.events);
  const wrote: string[] = [];
  if (opts.json) { writeFileSync(opts.json, JSON.stringify(reportJson(r), null, 1)); wrote.push(`wrote ${opts.json}`); }
  if (opts.priors) { writeFileSync(opts.priors, JSON.stringify(r.priors, null, 1)); wrote.push(`wrote ${opts.priors}`); }
  if (opts.out) {
    io.progress('drawing charts', 0.6);
    writeFileSync(opts.out, await reportHtml(r, opts.events));
    wrote.push(`wrote ${opts.out}`);
  }
  io.progress('done', 1);
  io.done();
  io.result([...summaryLines(r), ...wrote].join('\n'));
  return 0;
}

/**
 * Runs `clientele report` with command-line arguments, through the CLI shell; returns the exit code.
 * @example process.exitCode = await main(['--events', 'sim/events.ndjson', '--out', 'sim/report.html']);
 */
export const main = (argv: string[]): Promise<number> => runCli(['report', ...argv]);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
