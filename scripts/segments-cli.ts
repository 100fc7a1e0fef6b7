// clientele segments --orders <csv> --out <csv> [--cutoff YYYY-MM-DD] [--horizon 90] [--model <json>] [--tz UTC]
// Trains the site segments model from an order log and writes every customer's segments as CSV.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTf } from '../train/tf.ts';
import { groupOrders, segmentCustomer } from '../worker/segments/index.ts';
import { trainSegmentsModel } from '../train/segments/index.ts';
import { parseArgs } from 'node:util';
import { orderLinesFromLog } from '../train/segments/fromLog.ts';
import { validTimeZone, zonedTime } from '../train/ingest/time.ts';
import { readLogFile } from './lib/readLogFile.ts';

const USAGE = 'usage: clientele segments --orders <csv> --out <csv> [--cutoff YYYY-MM-DD] [--horizon 90] [--model <json>] [--tz UTC]\n  Times written without a zone (and --cutoff, at midnight) are read in --tz, an IANA name; default UTC.';
const log = (msg: string) => process.stderr.write(`[segments] ${msg}\n`);

/** Quotes a CSV field when it holds a comma, quote or newline. */
const csvField = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export const SEGMENT_COLUMNS = ['customer', 'orders', 'monetary', 'recency_days', 'r', 'f', 'm', 'rfm_tier', 'lifecycle', 'lifecycle_reason', 'cluster', 'purchase_90d', 'churn'] as const;

const OPTIONS = { orders: { type: 'string' }, out: { type: 'string' }, cutoff: { type: 'string' }, horizon: { type: 'string' }, model: { type: 'string' }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h' } } as const;

/**
 * Runs `clientele segments`; returns the exit code (0 ok, 1 bad input, 2 bad usage). Never throws.
 * @example await main(['--orders', 'orders.csv', '--out', 'segments.csv'])
 */
export async function main(argv: string[]): Promise<number> {
  let opts: { orders?: string; out?: string; cutoff?: string; horizon?: string; model?: string; tz?: string; help?: boolean };
  try {
    opts = parseArgs({ args: argv, options: OPTIONS, strict: true }).values;
  } catch (e) {
    process.stderr.write(`[clientele] segments: ${(e as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (opts.help) { process.stderr.write(USAGE + '\n'); return 0; }
  for (const k of ['orders', 'out'] as const) {
    if (!opts[k]) { process.stderr.write(`[clientele] segments: --${k} is required\n${USAGE}\n`); return 2; }
  }
  if (opts.cutoff !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.cutoff)) {
    process.stderr.write(`[clientele] segments: --cutoff must be a date like 2011-09-10, got ${JSON.stringify(opts.cutoff)}\n`);
    return 2;
  }
  const horizon = opts.horizon === undefined ? 90 : Number(opts.horizon);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3650) {
    process.stderr.write(`[clientele] segments: --horizon must be a whole number of days from 1 to 3650, got ${JSON.stringify(opts.horizon)}\n`);
    return 2;
  }
  const tz = opts.tz ?? 'UTC';
  if (!validTimeZone(tz)) { process.stderr.write(`[clientele] segments: --tz ${JSON.stringify(tz)} is not a time zone; use an IANA name like UTC or Europe/London\n`); return 2; }
  try {
    const t0 = Date.now();
    log(`reading ${opts.orders}`);
    const res = await readLogFile(opts.orders!, { flag: '--orders', tz });
    if (!res.ok) { process.stderr.write(res.message + '\n'); return 1; }
    const lines = orderLinesFromLog(res.value.log);
    const left = Object.entries(res.value.skipped).map(([k, v]) => `${v} ${k}`).join(', ');
    log(`${res.value.log.length} rows (${res.value.layout} layout), ${lines.length} order lines${left ? `; left out: ${left}` : ''}`);
    if (!lines.length) { process.stderr.write(`[clientele] segments: --orders ${JSON.stringify(opts.orders)} has no purchases; give an order log (the UCI Online Retail columns, or user,item,event,timestamp with purchase events)\n`); return 1; }
    let last = -Infinity;
    for (const l of lines) if (l.time > last) last = l.time;
    // Without a cutoff, segment as of just after the last order, so it counts. A cutoff is midnight in --tz.
    const now = opts.cutoff ? zonedTime(+opts.cutoff.slice(0, 4), +opts.cutoff.slice(5, 7) - 1, +opts.cutoff.slice(8, 10), 0, 0, 0, tz) : last + 1;
    const used = lines.filter((l) => l.time < now);
    if (!used.length) { process.stderr.write(`[clientele] segments: --cutoff ${opts.cutoff} is before every order; pick a later date\n`); return 1; }
    await initTf('cpu');
    const site = trainSegmentsModel(used, { now, horizonDays: horizon, onProgress: log });
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
    writeFileSync(opts.out!, out.join('\n') + '\n');
    const show = (m: Record<string, number>) => Object.entries(m).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
    log(`wrote ${ids.length} customers to ${opts.out} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    log(`rfm tiers: ${show(tiers)}`);
    log(`lifecycle: ${show(stages)}`);
    if (site.clusters) log(`clusters: ${site.clusters.names.map((n, i) => `${n} ${site.clusters!.sizes[i]}`).join(', ')}`);
    return 0;
  } catch (e) {
    process.stderr.write(`[clientele] segments failed: ${(e as Error).message}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
