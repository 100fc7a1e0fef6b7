// clientele segments --events <csv> --out <csv> [--cutoff YYYY-MM-DD] [--horizon 90] [--model <json>] [--tz UTC]
// Trains the site segments model from an order log and writes every customer's segments as CSV.
// Options are parsed and paths checked by the CLI shell (scripts/cli); this is the command's body.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTf } from '../train/tf.ts';
import { groupOrders, segmentCustomer } from '../worker/segments/index.ts';
import { trainSegmentsModel } from '../train/segments/index.ts';
import { orderLinesFromLog } from '../train/segments/fromLog.ts';
import { zonedTime } from '../train/ingest/time.ts';
import { readLogFile } from './lib/readLogFile.ts';
import { unreadableWarning } from '../train/ingest/read.ts';
import type { CommandIO } from './cli/io.ts';
import { runCli } from './cli/main.ts';

/** segments' options, checked by the CLI shell before the work starts. */
export interface SegmentsOptions {
  orders: string;
  out: string;
  cutoff?: string;
  horizon: number;
  model?: string;
  /** IANA time zone of times written without one (and of --cutoff, at midnight). Default UTC. */
  tz?: string;
}

/** Quotes a CSV field when it holds a comma, quote or newline. */
const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const SEGMENT_COLUMNS = ['customer', 'orders', 'monetary', 'recency_days', 'r', 'f', 'm', 'rfm_tier', 'lifecycle', 'lifecycle_reason', 'cluster', 'purchase_90d', 'churn'] as const;

/**
 * The body of `clientele segments`: returns the exit code (0 ok, 1 bad input, 2 bad usage). Never throws.
 * @example await segments({ orders: 'orders.csv', out: 'segments.csv', horizon: 90 }, createIO())
 */
export async function segments(opts: SegmentsOptions, io: CommandIO): Promise<number> {
  // A day that does not exist (2011-02-30) would roll over into another one and quietly change every segment.
  const day = opts.cutoff !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(opts.cutoff) ? new Date(`${opts.cutoff}T00:00:00Z`) : null;
  if (opts.cutoff !== undefined && (!day || Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== opts.cutoff)) {
    process.stderr.write(`[clientele] --cutoff must be a date that exists, like 2011-09-10, got ${JSON.stringify(opts.cutoff)}\n`);
    return 2;
  }
  const horizon = opts.horizon;
  const log = (line: string) => io.info(line);
  try {
    const t0 = Date.now();
    io.progress('reading log', 0);
    const tz = opts.tz ?? 'UTC';
    const res = await readLogFile(opts.orders, { flag: '--events', tz, onFraction: (f) => io.progress('reading log', 0.3 * f) });
    if (!res.ok) { io.done(); process.stderr.write(res.message + '\n'); return res.code === 'bad-tz' ? 2 : 1; }
    if (res.value.unreadable) io.warn(unreadableWarning(`--events "${opts.orders}"`, res.value.unreadable));
    const lines = orderLinesFromLog(res.value.log);
    const left = Object.entries(res.value.skipped).map(([k, v]) => `${v} ${k}`).join(', ');
    log(`${res.value.log.length} rows (${res.value.layout} layout), ${lines.length} order lines${left ? `; left out: ${left}` : ''}`);
    if (!lines.length) { io.done(); process.stderr.write(`[clientele] segments: --events ${JSON.stringify(opts.orders)} has no purchases; give an order log (the UCI Online Retail columns, or user,item,event,timestamp with purchase events)\n`); return 1; }
    let last = -Infinity;
    for (const l of lines) if (l.time > last) last = l.time;
    // Without a cutoff, segment as of just after the last order, so it counts. A cutoff is midnight in --tz.
    const now = opts.cutoff ? zonedTime(+opts.cutoff.slice(0, 4), +opts.cutoff.slice(5, 7) - 1, +opts.cutoff.slice(8, 10), 0, 0, 0, tz) : last + 1;
    const used = lines.filter((l) => l.time < now);
    if (!used.length) { io.done(); process.stderr.write(`[clientele] segments: --cutoff ${opts.cutoff} is before every order; pick a later date\n`); return 1; }
    io.progress('training segments', 0.3);
    await initTf('cpu');
    const site = trainSegmentsModel(used, { now, horizonDays: horizon, onProgress: log });
    io.progress('scoring customers', 0.8);
    if (opts.model) { writeFileSync(opts.model, JSON.stringify(site) + '\n'); log(`wrote the segments model to ${opts.model}`); }
    const customers = groupOrders(used);
    const ids = [...customers.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const out: string[] = [SEGMENT_COLUMNS.join(',')];
    const tiers: Record<string, number> = {}, stages: Record<string, number> = {};
    for (const id of ids) {
      const s = segmentCustomer(site, customers.get(id)!, now);
      tiers[s.rfm?.tier ?? 'none'] = (tiers[s.rfm?.tier ?? 'none'] ?? 0) + 1;
      stages[s.lifecycle.stage] = (stages[s.lifecycle.stage] ?? 0) + 1;
      out.push([
        id, s.rfm?.orders, s.rfm?.monetary, s.rfm?.recencyDays, s.rfm?.r, s.rfm?.f, s.rfm?.m, s.rfm?.tier,
        s.lifecycle.stage, s.lifecycle.reason, s.cluster?.name, s.propensity.purchase90d, s.propensity.churn,
      ].map(csvField).join(','));
    }
    writeFileSync(opts.out, out.join('\n') + '\n');
    io.progress('done', 1);
    io.done();
    const show = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    log(`wrote ${ids.length} customers to ${opts.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    log(`rfm tiers: ${show(tiers)}`);
    log(`lifecycle: ${show(stages)}`);
    if (site.clusters) log(`clusters: ${site.clusters.names.map((n, i) => `${n} ${site.clusters!.sizes[i]}`).join(', ')}`);
    return 0;
  } catch (e) {
    io.done();
    process.stderr.write(`[clientele] segments failed: ${(e as Error).message}\n`);
    return 1;
  }
}

/**
 * Runs `clientele segments` with command-line arguments, through the CLI shell; returns the exit code.
 * @example await main(['--events', 'orders.csv', '--out', 'segments.csv'])
 */
export const main = (argv: string[]): Promise<number> => runCli(['segments', ...argv]);

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
