// `npx clientele report --events <ndjson or csv> [--out report.html] [--json report.json] [--priors priors.json]`:
// experiment results with lifts, intervals, SRM and segments, from an event log the owner forwarded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readEvents } from '../report/readEvents.ts';
import { analyze, METRICS, type Report } from '../report/analyze.ts';
import { reportHtml } from '../report/html.ts';

const USAGE = `Usage: npx clientele report --events <file> [--out report.html] [--json report.json] [--priors priors.json]

  --events <file>   forwarded events: NDJSON (one per line, as the forward endpoint or npm run simulate writes),
                    exportData() JSON, or CSV with event, timestamp and anonymous_id/user_id columns
  --out <file>      write the report as one self-contained HTML file
  --json <file>     write the figures as JSON
  --priors <file>   write Beta priors for bandit slots (pass to build-model --priors)
`;

/** The JSON the report writes: the analysis, minus nothing. */
export function reportJson(r: Report): unknown {
  return r;
}

/** A few lines for the terminal: each experiment's headline lifts. */
export function summaryLines(r: Report): string[] {
  const lines = [`${r.events.toLocaleString('en')} events, ${r.visitors.toLocaleString('en')} visitors`];
  for (const x of r.experiments) {
    lines.push(`${x.name} (${x.id}): ${x.variants.map((v) => `${v.id} ${v.visitors}`).join(', ')}; SRM p = ${x.srm_p.toFixed(3)}`);
    for (const l of x.lift.filter((l) => l.metric === 'conversion' || l.metric === 'revenue_per_visitor')) {
      lines.push(`  ${l.variant} vs ${l.baseline}: ${METRICS[l.metric].label.toLowerCase()} ${(l.estimate * 100).toFixed(1)}% [${(l.ci_low * 100).toFixed(1)}%, ${(l.ci_high * 100).toFixed(1)}%] p=${l.p < 0.001 ? '<0.001' : l.p.toFixed(3)}`);
    }
    for (const w of x.warnings) lines.push(`  ! ${w}`);
  }
  return lines;
}

export async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({ args: argv, options: { events: { type: 'string' }, out: { type: 'string' }, json: { type: 'string' }, priors: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (e) {
    process.stderr.write(`[clientele] ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.help) { process.stdout.write(USAGE); return 0; }
  if (!args.events) { process.stderr.write(`[clientele] --events is required: the forwarded event log to analyze\n\n${USAGE}`); return 2; }
  if (!existsSync(args.events)) { process.stderr.write(`[clientele] --events "${args.events}" does not exist; pass the NDJSON or CSV file your forward endpoint collected\n`); return 2; }
  const read = readEvents(readFileSync(args.events, 'utf8'), args.events);
  for (const p of read.problems) process.stderr.write(p + '\n');
  if (!read.events.length) { process.stderr.write(`[clientele] --events "${args.events}" has no usable events\n`); return 1; }
  const report = analyze(read.events);
  for (const l of summaryLines(report)) process.stdout.write(l + '\n');
  if (args.json) { writeFileSync(args.json, JSON.stringify(reportJson(report), null, 1)); process.stdout.write(`wrote ${args.json}\n`); }
  if (args.priors) { writeFileSync(args.priors, JSON.stringify(report.priors, null, 1)); process.stdout.write(`wrote ${args.priors}\n`); }
  if (args.out) { writeFileSync(args.out, await reportHtml(report, args.events)); process.stdout.write(`wrote ${args.out}\n`); }
  return 0;
}

if (process.argv[1]?.endsWith('scripts/report.ts')) main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
