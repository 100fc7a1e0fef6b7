// `npm run simulate -- --data <split dir> --visitors 5000 --seed 1 --out <dir> [--aa]`: simulated shoppers on a shop
// served by the real engine code, the holdout at 50%; writes <dir>/events.ndjson in the forwarded format and runs the
// report on it. --aa: two identical arms, repeated with different seeds, to measure the false-positive rate.
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { joinNegativeValues } from './cli/args.ts';
import { prepareOutputDir } from './cli/files.ts';
import { readSplitDir } from './lib/splitCsv.ts';
import { InteractionLog } from '../train/ingest/log.ts';
import { buildSiteModel } from '../train/siteModel/build.ts';
import { writeModel } from './build-model.ts';
import { modelFolderFiles, readModelFiles } from './lib/deployed.ts';
import { computeSegments } from '../worker/segments/index.ts';
import { resolveConfig, toWorkerConfig } from '../src/contract/config.ts';
import type { StoredEvent } from '../src/contract/events.ts';
import type { CatalogItem, SegmentsResult } from '../src/contract/types.ts';
import { unitOf } from '../worker/experiments/hash.ts';
import type { ForwardedEvent } from '../worker/experiments/forward.ts';
import { analyze } from '../report/analyze.ts';
import type { ReportEvent } from '../report/readEvents.ts';
import { reportHtml } from '../report/html.ts';
import { summaryLines } from './report.ts';
import { DEFAULT_BEHAVIOUR, rng, simulateVisitor, type Behaviour, type Profile, type Shop } from './simulate/shopper.ts';

const USAGE = `Usage: npm run simulate -- --data <split dir> --out <dir> [--visitors 5000] [--seed 1] [--aa] [--runs 200]
       [--holdout 50] [--days 14] [--p-click 0.35] [--p-buy 0.5] [--p-find 0.15] [--p-checkout 0.8] [--p-dismiss 0.01]

  --data      the split folder npm run eval reads (train.csv, test.csv, train_inner.csv, valid.csv; user,item,ts)
  --out       where events.ndjson, report.json, report.html (or aa.json with --aa) go
  --aa        two identical arms instead of the holdout, repeated --runs times with different seeds;
              prints the share of runs whose conversion lift has p < 0.05
`;

const DAY = 86_400_000;
const log = (s: string) => process.stderr.write(s + '\n');

/** A deterministic price per item (lognormal, median 8, sigma 0.6): split files carry no prices, and both arms see the same. */
export function priceOf(item: string): number {
  const u1 = Math.max(1e-9, unitOf(`price:${item}`)), u2 = unitOf(`price2:${item}`);
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.round(Math.exp(Math.log(8) + 0.6 * z) * 100) / 100;
}

interface Prepared { shop: Omit<Shop, 'config'>; profiles: Profile[]; start: number }

/** The site model built for `dir` before, kept in `<out>/site-model/` and reused while train.csv is unchanged. */
function cachedModel(dir: string, out: string): { key: string; hit: ReturnType<typeof readModelFiles> | null } {
  const st = statSync(join(dir, 'train.csv'));
  const key = JSON.stringify({ train: resolve(dir, 'train.csv'), size: st.size, mtime: st.mtimeMs, builder: 2 });
  const m = join(out, 'site-model');
  try {
    if (readFileSync(join(m, 'source.json'), 'utf8') !== key) return { key, hit: null };
    return { key, hit: readModelFiles(modelFolderFiles(m)) };
  } catch {
    return { key, hit: null };
  }
}

async function prepare(dir: string, outDir: string): Promise<Prepared> {
  const t0 = performance.now();
  const read = await readSplitDir(dir);
  if (!read.ok) throw new Error(read.message);
  const d = read.value;
  const train = d.files.train, test = d.files.test;
  // the site model, built from train.csv by the same builder as `clientele build-model`, then parsed as the worker does
  const siteLog = new InteractionLog();
  let tMax = 0;
  for (let r = 0; r < train.users.length; r++) {
    const ts = train.ts[r];
    if (ts > tMax) tMax = ts;
    siteLog.add({ user: train.users[r], item: train.items[r], event: 'Order Completed', ts, order: `${train.users[r]}@${ts}`, price: priceOf(train.items[r]), meta: { name: `Item ${train.items[r]}`, price: priceOf(train.items[r]) } });
  }
  log(`[simulate] ${dir}: ${d.userIds.length} users, ${d.itemIds.length} items, ${train.users.length} train rows, ${test.users.length} test rows`);
  const cache = cachedModel(dir, outDir);
  let parsed = cache.hit?.ok ? cache.hit : null;
  if (parsed) log(`[simulate] reusing the site model in ${join(outDir, 'site-model')} (train.csv unchanged)`);
  else {
    const bar = new cliProgress.SingleBar({ format: '[simulate] site model {bar} {percentage}% {stage}', hideCursor: true, clearOnComplete: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(1, 0, { stage: '' });
    const built = await buildSiteModel(siteLog, {}, (p) => bar.update(p.fraction, { stage: p.stage }));
    bar.stop();
    if (!built.ok) throw new Error(built.message);
    const p = readModelFiles(built.value.files);
    if (!p.ok) throw new Error(p.message);
    parsed = p;
    const m = join(outDir, 'site-model');
    writeModel(m, built.value);
    writeFileSync(join(m, 'source.json'), cache.key);
  }
  const site = parsed.value;
  log(`[simulate] site model: for-you ${JSON.stringify(site.forYou.weights)}, half-life ${site.forYou.halfLifeDays} days (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  const catalog = new Map<string, CatalogItem>(d.itemIds.map((id) => [id, { product_id: id, name: `Item ${id}`, price: priceOf(id), currency: 'USD' }]));

  // profiles: users with both a history and wishes; history as past orders (one per timestamp)
  const hist = new Map<string, Map<number, string[]>>();
  for (let r = 0; r < train.users.length; r++) {
    let m = hist.get(train.users[r]);
    if (!m) hist.set(train.users[r], (m = new Map()));
    const list = m.get(train.ts[r]) ?? [];
    list.push(train.items[r]);
    m.set(train.ts[r], list);
  }
  const wishes = new Map<string, Set<string>>();
  for (let r = 0; r < test.users.length; r++) {
    let s = wishes.get(test.users[r]);
    if (!s) wishes.set(test.users[r], (s = new Set()));
    s.add(test.items[r]);
  }
  const profiles: Profile[] = [];
  for (const user of d.userIds) {
    const h = hist.get(user), w = wishes.get(user);
    if (!h || !w) continue;
    const history: StoredEvent[] = [...h].sort((a, b) => a[0] - b[0]).map(([ts, items], k) => ({
      message_id: `h-${user}-${k}`, event: 'Order Completed', timestamp: ts * 1000, session_id: `h-${user}-${k}`, anonymous_id: user,
      properties: { order_id: `h-${user}-${k}`, products: items.map((id) => ({ product_id: id, price: priceOf(id), quantity: 1 })), total: items.reduce((s, id) => s + priceOf(id), 0) },
    }));
    profiles.push({ user, history, wishes: [...w] });
  }
  const segCache = new Map<string, SegmentsResult | null>();
  return {
    profiles,
    start: (tMax + 86_400) * 1000,
    shop: {
      site,
      catalog,
      memo: new Map(),
      segments: (p, now) => {
        if (!segCache.has(p.user)) {
          try { segCache.set(p.user, computeSegments({ events: p.history, traits: {}, site: site.segments ?? null, now, config: resolveConfig({}).config, catalog })); } catch { segCache.set(p.user, null); }
        }
        return segCache.get(p.user)!;
      },
    },
  };
}

/** One simulated experiment: `visitors` shoppers drawn from the profiles (cycling through a seeded permutation). */
function run(p: Prepared, config: Record<string, unknown>, visitors: number, seed: number, days: number, b: Behaviour, onEvents: (e: ForwardedEvent[]) => void, tick?: () => void): void {
  // everything is forwarded, as a shop collecting its events for the report would
  const { config: full, problems } = resolveConfig({ ...config, forward: { endpoint: '/collect' } });
  if (problems.length) throw new Error(problems.join('\n'));
  const shop: Shop = { ...p.shop, config: toWorkerConfig(full) };
  const random = rng(seed * 7919 + 17);
  const order = p.profiles.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(random() * (i + 1)); [order[i], order[j]] = [order[j], order[i]]; }
  for (let k = 0; k < visitors; k++) {
    const profile = p.profiles[order[k % order.length]];
    const start = p.start + Math.floor(random() * days * DAY);
    onEvents(simulateVisitor(shop, profile, `v${seed}-${k}`, start, b, rng(seed * 1_000_003 + k)));
    tick?.();
  }
}

const asReport = (e: ForwardedEvent): ReportEvent => ({ event: e.event, anonymous_id: e.anonymous_id, user_id: e.user_id, timestamp: Date.parse(e.timestamp), properties: e.properties });

export async function main(argv: string[]): Promise<number> {
  let a;
  try {
    const options = {
      data: { type: 'string' }, out: { type: 'string' }, visitors: { type: 'string', default: '5000' }, seed: { type: 'string', default: '1' },
      aa: { type: 'boolean', default: false }, runs: { type: 'string', default: '200' }, holdout: { type: 'string', default: '50' }, days: { type: 'string', default: '14' },
      'p-click': { type: 'string' }, 'p-buy': { type: 'string' }, 'p-find': { type: 'string' }, 'p-checkout': { type: 'string' }, 'p-dismiss': { type: 'string' }, help: { type: 'boolean', short: 'h' },
    } as const;
    a = parseArgs({ args: joinNegativeValues(argv, options), strict: true, options }).values;
  } catch (e) {
    log(`[clientele] ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (a.help) { process.stdout.write(USAGE); return 0; }
  if (!a.data || !a.out) { log(`[clientele] --data and --out are required\n\n${USAGE}`); return 2; }
  const num = (name: string, v: string | undefined, lo: number, hi: number, whole = false): number | undefined => {
    if (v === undefined) return undefined;
    const x = Number(v);
    if (!Number.isFinite(x) || x < lo || x > hi || (whole && !Number.isInteger(x))) throw new Error(`[clientele] --${name} must be a ${whole ? 'whole ' : ''}number from ${lo} to ${hi}, got "${v}"`);
    return x;
  };
  let visitors: number, seed: number, runs: number, holdout: number, days: number;
  const b: Behaviour = { ...DEFAULT_BEHAVIOUR };
  try {
    visitors = num('visitors', a.visitors, 2, 10_000_000, true)!;
    seed = num('seed', a.seed, 0, 2 ** 31, true)!;
    runs = num('runs', a.runs, 1, 100_000, true)!;
    holdout = num('holdout', a.holdout, 1, 99)!;
    days = num('days', a.days, 1, 365)!;
    b.pClick = num('p-click', a['p-click'], 0, 1) ?? b.pClick;
    b.pBuy = num('p-buy', a['p-buy'], 0, 1) ?? b.pBuy;
    b.pFind = num('p-find', a['p-find'], 0, 1) ?? b.pFind;
    b.pCheckout = num('p-checkout', a['p-checkout'], 0, 1) ?? b.pCheckout;
    b.pDismiss = num('p-dismiss', a['p-dismiss'], 0, 1) ?? b.pDismiss;
  } catch (e) {
    log((e as Error).message);
    return 2;
  }
  // The clientele commands' own check: a file given as --out got Node's "EEXIST: file already exists, mkdir".
  const badOut = prepareOutputDir('--out', a.out);
  if (badOut) { log(badOut); return 2; }
  const prepared = await prepare(a.data, a.out);
  if (!prepared.profiles.length) { log(`[clientele] --data "${a.data}" has no user with rows in both train.csv and test.csv; nothing to simulate`); return 1; }
  log(`[simulate] ${prepared.profiles.length} shopper profiles (train history + test wishes); behaviour ${JSON.stringify(b)}`);

  if (a.aa) {
    const config = { experiments: [{ id: 'aa-test', name: 'A/A test', target: { rows: 'for-you' }, variants: [{ id: 'a' }, { id: 'b' }] }] };
    const bar = new cliProgress.SingleBar({ format: '[simulate] A/A runs {bar} {value}/{total} false positives so far: {fp}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(runs, 0, { fp: 0 });
    const ps: number[] = [];
    for (let r = 0; r < runs; r++) {
      const events: ReportEvent[] = [];
      run(prepared, config, visitors, seed * 100_000 + r, days, b, (list) => { for (const e of list) events.push(asReport(e)); });
      events.sort((x, y) => x.timestamp - y.timestamp);
      const x = analyze(events).experiments.find((e) => e.id === 'aa-test');
      const p = x?.lift.find((l) => l.metric === 'conversion')?.p ?? NaN;
      ps.push(p);
      bar.update(r + 1, { fp: ps.filter((v) => v < 0.05).length });
    }
    bar.stop();
    const rate = ps.filter((v) => v < 0.05).length / runs;
    process.stdout.write(`false positive rate: ${rate}\n`);
    writeFileSync(join(a.out, 'aa.json'), JSON.stringify({ aa: { runs, visitors, seed, metric: 'conversion', alpha: 0.05, false_positive_rate: rate, p_values: ps } }, null, 1));
    log(`[simulate] wrote ${join(a.out, 'aa.json')}`);
    return 0;
  }

  const config = { holdout: { percent: holdout } };
  const path = join(a.out, 'events.ndjson');
  const out = createWriteStream(path);
  const events: ReportEvent[] = [];
  const bar = new cliProgress.SingleBar({ format: '[simulate] shoppers {bar} {value}/{total}', hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(visitors, 0);
  const t0 = performance.now();
  run(prepared, config, visitors, seed, days, b, (list) => {
    for (const e of list) { out.write(JSON.stringify(e) + '\n'); events.push(asReport(e)); }
  }, () => bar.increment());
  bar.stop();
  await new Promise<void>((done) => out.end(done));
  log(`[simulate] ${visitors} shoppers in ${((performance.now() - t0) / 1000).toFixed(1)} s; wrote ${events.length} events to ${path}`);
  events.sort((x, y) => x.timestamp - y.timestamp);
  const report = analyze(events);
  for (const l of summaryLines(report)) process.stdout.write(l + '\n');
  writeFileSync(join(a.out, 'report.json'), JSON.stringify(report, null, 1));
  writeFileSync(join(a.out, 'report.html'), await reportHtml(report, path));
  log(`[simulate] wrote ${join(a.out, 'report.json')} and ${join(a.out, 'report.html')}`);
  return 0;
}

if (process.argv[1]?.endsWith('scripts/simulate.ts')) main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e) => { const m = (e as Error).message; log(m.startsWith('[clientele]') ? m : `[clientele] simulate failed: ${m}`); process.exitCode = 1; });
