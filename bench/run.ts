// `npm run bench`: measures speed in real Chromium and in Node, prints the figures and writes
// bench/results/bench.json. Figures, not pass/fail.
//
//   npx tsx bench/run.ts [--data <split dir>] [--only page,train-node,big-log,recommend,segments,train-browser] [--big-rows 10000000]
//
// --data defaults to ../shared/data/online-retail/split (online_retail.csv is read from its parent folder).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { openBrowserBench, timeToFirstWidget } from './browser.ts';
import { ingestThroughput, killToRecommend, trackCost, type TrackCost } from './page.ts';
import { bigLog, trainNode, type BigLogResult, type TrainNodeResult } from './node.ts';
import { generatedFixture, onlineRetailFixture, openVisitor, recommendLatency, type LatencyResult, type VisitorFixture } from './recommendLatency.ts';
import { segmentsLatency, type SegmentsLatency } from './segmentsLatency.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SECTIONS = ['page', 'train-node', 'big-log', 'recommend', 'segments', 'train-browser'] as const;

const USAGE = `Usage: npm run bench -- [options]

Measures speed in real Chromium and in Node, prints the figures and writes bench/results/bench.json.

Options:
  --only <sections>   a comma-separated list of ${SECTIONS.join(', ')} (default: all;
                      big-log builds a model from a generated log of --big-rows rows: minutes and GBs)
  --data <dir>        the split folder with train.csv and test.csv (default: ../shared/data/online-retail/split)
  --big-rows <n>      rows of the generated log for big-log (default: 10000000)
  -h, --help          this text
`;

let parsed: { only?: string; data?: string; 'big-rows'?: string; help?: boolean } = {};
const arg = (name: 'only' | 'data' | 'big-rows', fallback: string): string => parsed[name] ?? fallback;

const step = (name: string) => process.stderr.write(`bench: ${name}...\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const f = (x: number, d = 1) => x.toFixed(d);

/** One readable block per section after the JSON, so the figures can be read without jq. */
function printReadable(results: Record<string, unknown>): void {
  const out: string[] = ['', 'Summary'];
  const tc = results.track_main_thread as TrackCost | undefined;
  if (tc?.burst) {
    const row = (label: string, c: TrackCost['burst']['track']) => `      ${label.padEnd(8)} median ${f(c.per_call_us.median, 2).padStart(6)} µs, p99 ${f(c.per_call_us.p99, 2).padStart(6)} µs per call; main-thread busy ${f(c.busy_per_event_us).padStart(6)} µs CPU per event (${f(c.task_wall_per_event_us)} µs task wall time)`;
    out.push(`  track() on the main thread (page cross-origin isolated: ${tc.isolated}; timer resolution ${tc.isolated ? '5' : '100'} µs):`);
    out.push(`    burst of ${tc.burst.calls.toLocaleString('en')} calls in one task (timed in groups of 100):`, row('track', tc.burst.track), row('no-op', tc.burst.noop));
    out.push(`    paced, one call per ${tc.paced.interval_ms} ms task (${tc.paced.calls} calls, each timed alone, in ${tc.paced.rounds} rounds alternating with the control):`, row('track', tc.paced.track), row('no-op', tc.paced.noop),
      `      track over the control: ${f(tc.paced.over_control_us)} µs CPU per event (median of the ${tc.paced.rounds} paired rounds; pooled ${f(tc.paced.track.busy_per_event_us - tc.paced.noop.busy_per_event_us)} µs)`);
  }
  const wi = results.worker_ingest as { events: number; seconds: number; events_per_s: number; rounds_events_per_s?: number[] } | undefined;
  if (wi?.events_per_s) out.push(`  worker ingest: ${wi.events.toLocaleString('en')} events stored in ${f(wi.seconds, 2)} s = ${wi.events_per_s.toLocaleString('en')} events/s` +
    (wi.rounds_events_per_s ? ` (median of ${wi.rounds_events_per_s.length} rounds: ${wi.rounds_events_per_s.map((x) => x.toLocaleString('en')).join(', ')})` : ''));
  const kr = results.kill_to_recommend as { ms: { median: number; p99: number; n: number }; items: number[] } | undefined;
  if (kr?.ms) out.push(`  worker killed -> first settled recommend(): median ${f(kr.ms.median)} ms, max ${f(kr.ms.p99)} ms (n=${kr.ms.n}; items returned ${kr.items.join(', ')})`);
  const tn = results.train_node as TrainNodeResult | undefined;
  if (tn?.models) {
    out.push(`  site-model training in Node, ${tn.users} users x ${tn.items} items, ${tn.interactions} train interactions (tfjs ${tn.tf_backend}):`);
    for (const [name, m] of Object.entries(tn.models)) out.push(`    ${name.padEnd(14)} ${f(m.seconds.median, 2).padStart(7)} s  (cpu ${f(m.cpu_seconds.median, 2)} s, n=${m.seconds.n})`);
    out.push(`    ${'buildSiteModel'.padEnd(14)} ${f(tn.build_site_model.seconds, 2).padStart(7)} s  (cpu ${f(tn.build_site_model.cpu_seconds, 2)} s; ${tn.build_site_model.models.join(', ')})`);
    out.push(`    reference eval_reference.py fit on this machine (not rerun): ${Object.entries(tn.reference_python_fit_s.fit_s).map(([k, v]) => `${k} ${v} s`).join(', ')}`);
  }
  const fw = results.first_widget_ms as { first_visit: { median: number; p99: number; n: number }; repeat_visit: { median: number; p99: number; n: number } } | undefined;
  if (fw?.first_visit) {
    out.push(`  script start to first rendered row, demo home: first visit median ${f(fw.first_visit.median)} ms (p99 ${f(fw.first_visit.p99)}), repeat visit median ${f(fw.repeat_visit.median)} ms (p99 ${f(fw.repeat_visit.p99)}), n=${fw.first_visit.n}`);
  }
  const bl = results.big_log as BigLogResult | undefined;
  if (bl?.generated) {
    const line = (name: string, r: BigLogResult['online_retail']) => ('skipped' in r ? `    ${name}: skipped (${r.skipped})`
      : `    ${name}: ${r.cli.rows.toLocaleString('en')} rows, ${r.cli.users.toLocaleString('en')} users x ${r.cli.items.toLocaleString('en')} items: wall ${f(r.wall_s)} s (cpu ${r.cpu_s === null ? '?' : f(r.cpu_s)} s), peak RSS ${r.peak_rss_mb} MB; model ${r.cli.gzip_mb} MB gzip; ${r.cli.models.map((m) => `${m.name} ${f(m.trainMs / 1000)} s`).join(', ')}`);
    out.push('  build-model CLI (default options, each in its own process; peak resident memory of that process):');
    out.push(line('Online Retail (budget 500 MB)', bl.online_retail));
    out.push(line('generated log (budget 3 GB)', bl.generated));
  }
  const fx = results.latency_fixtures as Record<string, { catalog_items?: number; model_items?: number; page_load_s?: number; build?: { wall_s: number; peak_rss_mb: number | null }; skipped?: string }> | undefined;
  if (fx) {
    out.push('  latency pages (site model built by the CLI; page load = navigation until the worker holds the catalog feed and the site model):');
    for (const [name, x] of Object.entries(fx)) {
      out.push(x.skipped ? `    ${name}: skipped (${x.skipped})` : `    ${name}: ${x.catalog_items?.toLocaleString('en')} catalog items, ${x.model_items?.toLocaleString('en')} model items; build ${x.build?.wall_s} s, ${x.build?.peak_rss_mb} MB; page load ${x.page_load_s ?? '?'} s`);
    }
  }
  for (const [key, label] of [['recommend_latency', 'recommend()'], ['segments_latency', 'segments()']] as const) {
    const block = results[key] as Record<string, LatencyResult | SegmentsLatency | { skipped: string }> | undefined;
    if (!block) continue;
    out.push(`  ${label} latency in the worker, timed from the page (includes the postMessage round trip), ms:`);
    for (const [name, r] of Object.entries(block)) {
      if ('skipped' in r) { out.push(`    ${name}: skipped (${r.skipped})`); continue; }
      if ('by_type' in r) {
        out.push(`    ${name} (${r.catalog_items.toLocaleString('en')} catalog items, ${r.model_items.toLocaleString('en')} in the site model): first call ${f(r.first_call_ms)}`);
        out.push(`      ${''.padEnd(16)} ${'repeat call'.padStart(22)}   ${'after a new view'.padStart(22)}`);
        for (const [t, s] of Object.entries(r.by_type)) {
          const n = r.after_new_view.by_type[t];
          out.push(`      ${t.padEnd(16)} median ${f(s.median, 2).padStart(6)} p99 ${f(s.p99, 2).padStart(6)}   median ${f(n.median, 2).padStart(6)} p99 ${f(n.p99, 2).padStart(6)}  (n=${s.n}/${n.n}, ${s.items} items)`);
        }
        out.push(`      ${'overall'.padEnd(16)} median ${f(r.overall.median, 2).padStart(6)} p99 ${f(r.overall.p99, 2).padStart(6)}   median ${f(r.after_new_view.overall.median, 2).padStart(6)} p99 ${f(r.after_new_view.overall.p99, 2).padStart(6)}`);
      } else {
        out.push(`    ${name} (${r.catalog_items.toLocaleString('en')} catalog items): repeat call median ${f(r.latency_ms.median, 2)}, p99 ${f(r.latency_ms.p99, 2)} (n=${r.latency_ms.n}); after a new view median ${f(r.after_new_view_ms.median, 2)}, p99 ${f(r.after_new_view_ms.p99, 2)} (n=${r.after_new_view_ms.n}); first call ${f(r.first_call_ms)}; visitor: rfm ${r.result.rfm_tier}, ${r.result.orders} order(s), lifecycle ${r.result.lifecycle}, cluster ${r.result.cluster}`);
      }
    }
  }
  const tb = results.train_browser as { wasm_s?: number; backend?: string; longest_main_task_ms?: number; long_tasks?: number; skipped?: string } | undefined;
  if (tb) {
    out.push(tb.skipped ? `  site-model training in Chromium: skipped (${tb.skipped})`
      : `  site-model training in a Chromium worker (${tb.backend}): ${tb.wasm_s} s; longest main-thread task ${tb.longest_main_task_ms} ms (${tb.long_tasks} over 50 ms)`);
  }
  if (out.length > 2) console.log(out.join('\n'));
}

async function main(): Promise<number> {
  try {
    parsed = parseArgs({ args: process.argv.slice(2), strict: true, options: { only: { type: 'string' }, data: { type: 'string' }, 'big-rows': { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (e) {
    console.error(`[clientele] ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const only = arg('only', '').split(',').filter(Boolean);
  const unknown = only.filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length) {
    console.error(`[clientele] --only ${unknown.join(',')} is not a bench section; use some of ${SECTIONS.join(',')}`);
    return 2;
  }
  // Checked before any section runs: "--big-rows abc" generated a log of NaN rows after minutes of other sections.
  const bigRows = Number(arg('big-rows', '10000000'));
  if (!Number.isInteger(bigRows) || bigRows < 1000 || bigRows > 1e9) {
    console.error(`[clientele] --big-rows must be a whole number from 1000 to 1000000000, got ${JSON.stringify(parsed['big-rows'])}`);
    return 2;
  }
  if (parsed.data !== undefined && !existsSync(join(resolve(parsed.data), 'train.csv'))) {
    console.error(`[clientele] --data "${parsed.data}" has no train.csv; pass --data <split dir> (the folder with train.csv, test.csv, train_inner.csv, valid.csv)`);
    return 2;
  }
  const want = (s: (typeof SECTIONS)[number]) => only.length === 0 || only.includes(s);
  const data = resolve(arg('data', resolve(root, '../shared/data/online-retail/split')));
  const dataOk = existsSync(join(data, 'train.csv'));
  const retailCsv = join(dirname(data), 'online_retail.csv');
  const noData = `--data "${data}" has no train.csv; pass --data <split dir> (the folder with train.csv, test.csv, train_inner.csv, valid.csv)`;
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cores: cpus().length, node: process.version }, data };
  let failures = 0;
  // a section that fails is recorded and reported in one line; the others still run
  const section = async (name: string, fn: () => Promise<void>) => {
    const t = performance.now();
    try {
      await fn();
    } catch (e) {
      failures++;
      const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
      note(`bench: ${name} failed: ${msg}`);
      results[`${name}_error`] = msg;
    }
    note(`bench: ${name} took ${f((performance.now() - t) / 1000)} s`);
  };

  if (want('page')) {
    await section('page', async () => {
      const b = await openBrowserBench(root);
      try {
        step('main-thread cost of track()');
        results.track_main_thread = await trackCost(b);
        step('worker ingest throughput');
        results.worker_ingest = await ingestThroughput(b);
        step('worker killed -> first settled recommend()');
        results.kill_to_recommend = await killToRecommend(b);
        step('time from script start to first rendered widget');
        results.first_widget_ms = await timeToFirstWidget(b);
      } finally {
        await b.close();
      }
    });
  }

  if (want('train-node')) {
    await section('train-node', async () => {
      if (!dataOk) { note(`bench: train-node skipped: ${noData}`); results.train_node = { skipped: noData }; return; }
      step(`site-model training in Node on ${join(data, 'train.csv')}`);
      const r = await trainNode(data, note);
      if (!r.ok) throw new Error(r.message);
      results.train_node = r.value;
    });
  }

  if (want('big-log')) {
    await section('big-log', async () => {
      const rows = bigRows;
      step(`build-model CLI on online_retail.csv and on a generated log of ${rows.toLocaleString('en')} interactions over 50,000 items`);
      const r = await bigLog(root, existsSync(retailCsv) ? retailCsv : null, { rows }, note);
      if (!r.ok) throw new Error(r.message);
      results.big_log = r.value;
    });
  }

  if (want('recommend') || want('segments')) {
    await section('recommend/segments', async () => {
      const fixtures: Array<[string, VisitorFixture | string]> = [];
      step('site models and catalog feeds for the latency pages (build-model CLI)');
      const [or, gen] = await Promise.all([
        existsSync(retailCsv) ? onlineRetailFixture(root, retailCsv) : Promise.resolve({ ok: false as const, message: `${retailCsv} does not exist; pass --data <split dir> whose parent folder holds online_retail.csv` }),
        generatedFixture(root, 100_000, 500_000),
      ]);
      fixtures.push(['online-retail', or.ok ? or.value : or.message], ['generated-100k', gen.ok ? gen.value : gen.message]);
      const rec: Record<string, unknown> = {}, seg: Record<string, unknown> = {};
      if (want('recommend')) results.recommend_latency = rec;
      if (want('segments')) results.segments_latency = seg;
      results.latency_fixtures = Object.fromEntries(fixtures.map(([n, fx]) => [n, typeof fx === 'string' ? { skipped: fx } : { catalog_items: fx.catalogItems, model_items: fx.modelItems, build: fx.build }]));
      const b = await openBrowserBench(root);
      try {
        for (const [name, fx] of fixtures) {
          if (typeof fx === 'string') {
            note(`bench: ${name} skipped: ${fx}`);
            rec[name] = seg[name] = { skipped: fx };
            continue;
          }
          step(`${name}: loading ${fx.catalogItems} catalog items and the site model in the worker`);
          const v = await openVisitor(b, fx);
          (results.latency_fixtures as Record<string, Record<string, unknown>>)[name].page_load_s = Math.round(v.loadS * 10) / 10;
          try {
            if (want('recommend')) { step(`${name}: recommend() per row type`); rec[name] = await recommendLatency(v); }
            if (want('segments')) { step(`${name}: segments()`); seg[name] = await segmentsLatency(v); }
          } catch (e) {
            // one fixture failing leaves the other's figures standing
            failures++;
            const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
            note(`bench: ${name} failed: ${msg}`);
            rec[name] ??= { skipped: msg };
            seg[name] ??= { skipped: msg };
          } finally {
            await v.close();
          }
        }
      } finally {
        await b.close();
      }
    });
  }

  if (want('train-browser')) {
    await section('train-browser', async () => {
      const file = join(root, 'bench/trainBrowser.ts');
      if (!existsSync(file)) { note('bench: train-browser skipped: bench/trainBrowser.ts is not there yet'); results.train_browser = { skipped: 'bench/trainBrowser.ts not present' }; return; }
      if (!dataOk) { note(`bench: train-browser skipped: ${noData}`); results.train_browser = { skipped: noData }; return; }
      step('site-model training in a Chromium worker (wasm)');
      const mod = (await import(pathToFileURL(file).href)) as { trainInBrowser?: (o: { root: string; data: string }) => Promise<unknown> };
      if (typeof mod.trainInBrowser !== 'function') throw new Error('bench/trainBrowser.ts does not export trainInBrowser({ root, data })');
      results.train_browser = await mod.trainInBrowser({ root, data });
    });
  }

  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  // A partial run (--only) updates its own sections and keeps the others' last figures.
  const file = join(out, 'bench.json');
  const previous = only.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  writeFileSync(file, JSON.stringify({ ...previous, ...results }, null, 2));
  console.log(JSON.stringify(results, null, 2));
  printReadable(results);
  console.log(`wrote bench/results/bench.json`);
  return failures ? 1 : 0;
}

main().then((code) => { process.exitCode = code; }, (e) => {
  console.error(`bench failed: ${(e as Error)?.message ?? e}`);
  process.exitCode = 1;
});
