// npm run eval:segments -- --orders <csv> [--cutoff YYYY-MM-DD] [--horizon 90] [--json <file>] [--tz UTC]
// Purchase propensity under the protocol of shared/data/segments_reference.py, with the reference's
// baselines recomputed here so ours and theirs print in one run; plus segment sizes.
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initTf } from '../train/tf.ts';
import { DAY_MS, groupOrders, quantile } from '../scoring/segments/orders.ts';
import { scorePropensity } from '../scoring/segments/propensity.ts';
import { segmentCustomer } from '../worker/segments/index.ts';
import { trainSegmentsModel } from '../train/segments/index.ts';
import type { Order, OrderLine } from '../scoring/segments/types.ts';
import { parseArgs as parseCli } from 'node:util';
import { orderLinesFromLog } from '../train/segments/fromLog.ts';
import { validTimeZone, validWallTime, zonedTime } from '../train/ingest/time.ts';
import { readLogFile } from './lib/readLogFile.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const DEFAULT_ORDERS = resolve(HERE, '../../shared/data/online-retail/online_retail.csv');
const log = (msg: string) => process.stderr.write(`[eval:segments] ${msg}\n`);

interface Args { orders: string; cutoff: string | null; horizon: number; json: string | null; tz: string }

const USAGE = 'npm run eval:segments -- --orders <csv> [--cutoff YYYY-MM-DD] [--horizon 90] [--json <file>] [--tz UTC]';
const HELP = `${USAGE}

ROC AUC of purchase propensity for the customers' orders in [cutoff, cutoff + horizon), against the baselines of
../shared/data/segments_reference.py (recency, RFM score, logistic on RFM) recomputed in the same run, and segment sizes.
  --orders   an order log build-model reads (default ../shared/data/online-retail/online_retail.csv)
  --cutoff   the day the test window starts (default: the log's last order time minus the horizon)
  --horizon  days in the window (default 90)
  --json     also write the figures as JSON to this file
  --tz       time zone of times written without one, and of --cutoff (default UTC)
`;

function parseArgs(argv: string[]): { ok: true; args: Args } | { ok: false; message: string } | { ok: 'help' } {
  let v: { orders?: string; cutoff?: string; horizon?: string; json?: string; tz?: string; help?: boolean };
  try {
    v = parseCli({ args: argv, options: { orders: { type: 'string' }, cutoff: { type: 'string' }, horizon: { type: 'string' }, json: { type: 'string' }, tz: { type: 'string' }, help: { type: 'boolean', short: 'h' } }, strict: true }).values;
  } catch (e) {
    return { ok: false, message: `[clientele] ${(e as Error).message}; use ${USAGE}` };
  }
  if (v.help) return { ok: 'help' };
  // a date that exists: "2011-13-01" was rolled over by Date.UTC into January 2012, and the run then blamed the cutoff's labels
  const day = v.cutoff === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.cutoff);
  if (v.cutoff !== undefined && (!day || !validWallTime(+day[1], +day[2], +day[3]))) return { ok: false, message: `[clientele] --cutoff must be a date that exists, like 2011-09-10, got ${JSON.stringify(v.cutoff)}` };
  const horizon = v.horizon === undefined ? 90 : Number(v.horizon);
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > 3650) return { ok: false, message: `[clientele] --horizon must be a whole number of days from 1 to 3650, got ${JSON.stringify(v.horizon)}` };
  const tz = v.tz ?? 'UTC';
  if (!validTimeZone(tz)) return { ok: false, message: `[clientele] --tz ${JSON.stringify(tz)} is not a time zone; use an IANA name like UTC or Europe/London` };
  return { ok: true, args: { orders: v.orders ?? DEFAULT_ORDERS, cutoff: v.cutoff ?? null, horizon, json: v.json ?? null, tz } };
}

/**
 * ROC AUC with ties counted half (Mann-Whitney U), as the reference computes it.
 * @example rocAuc([0.1, 0.9, 0.5, 0.5], [0, 1, 0, 1]) // 0.875
 */
export function rocAuc(score: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b] || a - b);
  const rank = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && score[order[j + 1]] === score[order[i]]) j++;
    for (let k = i; k <= j; k++) rank[order[k]] = (i + j) / 2 + 1;
    i = j + 1;
  }
  let nPos = 0, sumPos = 0;
  for (let i = 0; i < n; i++) if (y[i] === 1) { nPos++; sumPos += rank[i]; }
  const nNeg = n - nPos;
  return (sumPos - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** The reference's five features per customer (recency, frequency, monetary, tenure, distinct items) before `at`. */
function referenceFeatures(lines: OrderLine[], at: number): { custs: string[]; x: Float64Array[] } {
  const per = new Map<string, { first: number; last: number; inv: Set<string>; money: number; items: Set<string> }>();
  for (const l of lines) {
    if (l.time >= at) continue;
    let d = per.get(l.customer);
    if (!d) per.set(l.customer, (d = { first: l.time, last: l.time, inv: new Set(), money: 0, items: new Set() }));
    d.first = Math.min(d.first, l.time);
    d.last = Math.max(d.last, l.time);
    d.inv.add(l.orderId);
    d.money += l.quantity * l.price;
    d.items.add(l.item);
  }
  // Python sorts ids by code point; so does this comparator (not localeCompare).
  const custs = [...per.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const x = custs.map((c) => {
    const d = per.get(c)!;
    return Float64Array.of((at - d.last) / DAY_MS, d.inv.size, d.money, (at - d.first) / DAY_MS, d.items.size);
  });
  return { custs, x };
}

function buyersIn(lines: OrderLine[], start: number, end: number): Set<string> {
  const s = new Set<string>();
  for (const l of lines) if (l.time >= start && l.time < end) s.add(l.customer);
  return s;
}

/** Scores 1..5 by quintile (numpy quantile + searchsorted side=right), as the reference's RFM score. */
function quintileScore(v: Float64Array): Float64Array {
  const sorted = Float64Array.from(v).sort();
  const edges = [0.2, 0.4, 0.6, 0.8].map((q) => quantile(sorted, q));
  return v.map((x) => 1 + edges.filter((e) => e <= x).length);
}

/** The reference's logistic regression: log1p, standardize, Newton with reg 1e-3, 50 iterations. */
function referenceLogistic(train: Float64Array[], y: Float64Array, test: Float64Array[]): Float64Array {
  const d = 5, db = 6;
  const prep = (rows: Float64Array[]) => rows.map((r) => r.map(Math.log1p));
  const ztr = prep(train), zte = prep(test);
  const mu = new Float64Array(d), sd = new Float64Array(d);
  for (const r of ztr) for (let j = 0; j < d; j++) mu[j] += r[j] / ztr.length;
  for (const r of ztr) for (let j = 0; j < d; j++) sd[j] += (r[j] - mu[j]) ** 2 / ztr.length;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) + 1e-9;
  const std = (r: Float64Array) => { const o = new Float64Array(db); for (let j = 0; j < d; j++) o[j] = (r[j] - mu[j]) / sd[j]; o[d] = 1; return o; };
  const xtr = ztr.map(std), xte = zte.map(std);
  const w = new Float64Array(db);
  for (let it = 0; it < 50; it++) {
    const g = new Float64Array(db), h = new Float64Array(db * db);
    xtr.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < db; j++) z += x[j] * w[j];
      const p = 1 / (1 + Math.exp(-z)), s = p * (1 - p);
      for (let j = 0; j < db; j++) {
        g[j] += x[j] * (p - y[i]);
        for (let k = 0; k < db; k++) h[j * db + k] += x[j] * x[k] * s;
      }
    });
    for (let j = 0; j < db; j++) { g[j] += 1e-3 * w[j]; h[j * db + j] += 1e-3; }
    const step = gaussSolve(h, g, db);
    for (let j = 0; j < db; j++) w[j] -= step[j];
  }
  return Float64Array.from(xte, (x) => { let z = 0; for (let j = 0; j < db; j++) z += x[j] * w[j]; return 1 / (1 + Math.exp(-z)); });
}

function gaussSolve(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a), x = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[p * n + c])) p = r;
    if (p !== c) {
      for (let k = 0; k < n; k++) [m[c * n + k], m[p * n + k]] = [m[p * n + k], m[c * n + k]];
      [x[c], x[p]] = [x[p], x[c]];
    }
    for (let r = c + 1; r < n; r++) {
      const f = m[r * n + c] / m[c * n + c];
      for (let k = c; k < n; k++) m[r * n + k] -= f * m[c * n + k];
      x[r] -= f * x[c];
    }
  }
  for (let c = n - 1; c >= 0; c--) {
    let s = x[c];
    for (let k = c + 1; k < n; k++) s -= m[c * n + k] * x[k];
    x[c] = s / m[c * n + c];
  }
  return x;
}

const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
/** A time as wall-clock "YYYY-MM-DD HH:MM" in the zone the log's times were read in. */
const fmtLocal = (ms: number, tz: string) => {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
};

/**
 * Runs the evaluation; returns the process exit code.
 * @example await main(['--orders', 'online_retail.csv', '--json', 'out.json'])
 */
export async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (parsed.ok === 'help') { process.stdout.write(HELP); return 0; }
  if (!parsed.ok) { process.stderr.write(parsed.message + '\n'); return 2; }
  const a = parsed.args;
  const t0 = Date.now();
  log(`reading ${a.orders}`);
  const res = await readLogFile(a.orders, { flag: '--orders', tz: a.tz });
  if (!res.ok) { process.stderr.write(res.message + '\n'); return 1; }
  const lines = orderLinesFromLog(res.value.log);
  log(`${res.value.log.length} rows (${res.value.layout} layout), ${lines.length} order lines; left out ${Object.entries(res.value.skipped).map(([k, v]) => `${v} ${k}`).join(', ') || 'nothing'}; in ${Date.now() - t0} ms`);
  if (!lines.length) { process.stderr.write(`[clientele] --orders ${JSON.stringify(a.orders)} has no purchases; give an order log (the UCI Online Retail columns, or user,item,event,timestamp with purchase events)\n`); return 1; }
  const h = a.horizon * DAY_MS;
  let last = -Infinity;
  for (const l of lines) if (l.time > last) last = l.time;
  const cutoff = a.cutoff ? zonedTime(+a.cutoff.slice(0, 4), +a.cutoff.slice(5, 7) - 1, +a.cutoff.slice(8, 10), 0, 0, 0, a.tz) : last - h;

  // Reference baselines.
  const tr = referenceFeatures(lines, cutoff - h);
  const trBuyers = buyersIn(lines, cutoff - h, cutoff);
  const trY = Float64Array.from(tr.custs, (c) => (trBuyers.has(c) ? 1 : 0));
  const te = referenceFeatures(lines, cutoff);
  const teBuyers = buyersIn(lines, cutoff, cutoff + h);
  const teY = Float64Array.from(te.custs, (c) => (teBuyers.has(c) ? 1 : 0));
  if (te.custs.length === 0 || tr.custs.length === 0) {
    process.stderr.write(`[clientele] --cutoff ${fmtLocal(cutoff, a.tz)} leaves ${tr.custs.length} training and ${te.custs.length} test customers; pick a cutoff with at least ${a.horizon} days of orders before it\n`);
    return 1;
  }
  const pos = teY.reduce((s, v) => s + v, 0);
  if (pos === 0 || pos === teY.length) {
    process.stderr.write(`[clientele] every test customer has the same label (${pos} of ${teY.length} bought in [cutoff, cutoff + ${a.horizon} days)); AUC is undefined. Pick an earlier --cutoff.\n`);
    return 1;
  }
  const auc: Record<string, number> = {};
  auc.recency = r4(rocAuc(te.x.map((r) => -r[0]), teY));
  const rfmScore = (() => {
    const r = quintileScore(Float64Array.from(te.x, (x) => -x[0]));
    const f = quintileScore(Float64Array.from(te.x, (x) => x[1]));
    const m = quintileScore(Float64Array.from(te.x, (x) => x[2]));
    return r.map((v, i) => v + f[i] + m[i]);
  })();
  auc.rfm_score = r4(rocAuc(rfmScore, teY));
  auc.logistic_rfm = r4(rocAuc(referenceLogistic(tr.x, trY, te.x), teY));
  log(`baselines done in ${Date.now() - t0} ms`);

  // Ours: the site model is trained only on orders before the cutoff.
  await initTf('cpu');
  const before = lines.filter((l) => l.time < cutoff);
  const model = trainSegmentsModel(before, { now: cutoff, horizonDays: a.horizon, onProgress: (m) => log(m) });
  const customers = groupOrders(before);
  const ours = new Float64Array(te.custs.length);
  const churn = new Float64Array(te.custs.length);
  const segments = { rfm: {} as Record<string, number>, lifecycle: {} as Record<string, number>, cluster: {} as Record<string, number> };
  const bump = (m: Record<string, number>, k: string) => { m[k] = (m[k] ?? 0) + 1; };
  te.custs.forEach((c, i) => {
    const orders: Order[] = customers.get(c) ?? [];
    ours[i] = model.propensity.purchase ? scorePropensity(model.propensity.purchase, orders, cutoff) ?? 0 : 0;
    churn[i] = model.propensity.churn ? scorePropensity(model.propensity.churn, orders, cutoff) ?? 0 : 0;
    const seg = segmentCustomer(model, orders, cutoff);
    bump(segments.rfm, seg.rfm?.tier ?? 'none');
    bump(segments.lifecycle, seg.lifecycle.stage);
    bump(segments.cluster, seg.cluster?.name ?? 'none');
  });
  auc.ours_purchase = r4(rocAuc(ours, teY));
  if (model.propensity.churn) auc.ours_churn_inverted = r4(rocAuc(churn.map((v) => -v), teY));
  log(`ours done in ${Date.now() - t0} ms`);

  const out = {
    orders: a.orders.split('/').pop(),
    cutoff: fmtLocal(cutoff, a.tz),
    horizon_days: a.horizon,
    train_customers: tr.custs.length,
    train_positive_rate: r4(trY.reduce((s, v) => s + v, 0) / trY.length),
    test_customers: te.custs.length,
    test_positive_rate: r4(pos / teY.length),
    auc,
    segments,
  };
  process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  const table = Object.entries(auc).map(([k, v]) => `  ${k.padEnd(22)} ${v.toFixed(4)}`).join('\n');
  log(`ROC AUC, ${te.custs.length} test customers, cutoff ${fmtLocal(cutoff, a.tz)}, horizon ${a.horizon} days:\n${table}`);
  if (a.json) { writeFileSync(a.json, JSON.stringify(out, null, 2) + '\n'); log(`wrote ${a.json}`); }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
}
