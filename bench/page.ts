// The page section's reliability and cost figures, in real Chromium: what one track() costs the main thread (in a
// burst and alone in its own task, each beside a no-op control measured in the same page), how fast the worker
// stores a burst, and how long a page waits for a recommendation after its worker is killed.
import type { Page } from 'playwright-core';
import type { BrowserBench } from './browser.ts';
import { waitReady } from './browser.ts';
import { summarize, type Summary } from './stats.ts';
import { captureWorkers } from '../test/browser/helpers.ts';

export interface CallCost {
  /** Per call, µs: what the caller's task spends inside the call. */
  per_call_us: Summary;
  /**
   * Main-thread busy time per event, µs: the CPU time of every task the calls cause (the calls, batching, sending,
   * acknowledgements), from Chromium's main-thread CPU clock (Performance.getMetrics ThreadTime), which a busy worker
   * or another process taking the core does not inflate.
   */
  busy_per_event_us: number;
  /** The same as wall time of main-thread tasks (TaskDuration): inflated when the machine's cores are contended. */
  task_wall_per_event_us: number;
}

export interface TrackCost {
  /** performance.now() resolution in this page: cross-origin isolated, so 5 µs rather than 100 µs. */
  isolated: boolean;
  burst: { calls: number; track: CallCost; noop: CallCost };
  paced: {
    calls: number;
    interval_ms: number;
    rounds: number;
    track: CallCost;
    noop: CallCost;
    /**
     * track()'s busy time per event over the control's, µs: the median over rounds of each round's difference with the
     * control round run right before it. The control alone costs some 300 µs of CPU per 10 ms task and drifts with the
     * machine; pairing rounds takes that drift out.
     */
    over_control_us: number;
  };
}

// One round's difference with its control swings by tens of µs on a shared machine: twelve rounds steady the median.
const PACED_ROUNDS = 12;
const PRODUCT = { product_id: 'P1', name: 'Bench product', price: 9.99, currency: 'GBP', category: 'Mugs' };

/** A page that is cross-origin isolated (COOP + COEP), so performance.now() is fine enough to time one call. */
async function isolatedPage(b: BrowserBench, catalog = false): Promise<Page> {
  const ctx = await b.browser.newContext();
  const page = await ctx.newPage();
  page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
  // tsx compiles this file with esbuild's keepNames, whose __name helper does not exist in the page.
  await page.addInitScript('window.__name = (f) => f;');
  await page.route('**/bench/page.html', (route) => route.fulfill({
    contentType: 'text/html',
    headers: { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' },
    body: `<!doctype html><title>bench</title><script async src="/dist/clientele.js" data-autocapture="false"${catalog ? ' data-catalog-url="/demo/data/catalog.json"' : ''}></script>`,
  }));
  // A worker in an isolated page must itself be served with COEP.
  await page.route('**/dist/**', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'cross-origin-embedder-policy': 'require-corp', 'cross-origin-resource-policy': 'same-origin' } });
  });
  await page.goto(new URL('/bench/page.html', b.url).href);
  await waitReady(page);
  if (!(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready()))) throw new Error('the worker did not start in the isolated bench page');
  return page;
}

type Cdp = { send(m: 'Performance.getMetrics'): Promise<{ metrics: Array<{ name: string; value: number }> }> };

/** The renderer main thread's CPU time and task wall time (s) so far, as Chromium counts them. */
async function mainThread(cdp: Cdp): Promise<{ cpu: number; wall: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)!.value;
  return { cpu: get('ThreadTime'), wall: get('TaskDuration') };
}

/**
 * Runs `calls` calls of track() or a no-op of the same shape, in a burst (one task, timed in groups of 100) or paced
 * (one call per `interval` ms task, each timed alone), and measures the main thread's busy time over the run and the
 * settling after it.
 */
async function measure(page: Page, cdp: Cdp, mode: 'burst' | 'paced', fn: 'track' | 'noop', calls: number, interval: number): Promise<CallCost & { samples: number[] }> {
  // Let earlier batches settle so they are not counted here.
  await page.evaluate(() => (window as unknown as { clientele: { status(): Promise<unknown> } }).clientele.status());
  const before = await mainThread(cdp);
  const samples = await page.evaluate(async ({ mode, fn, calls, interval, product }) => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void; status(): Promise<unknown> } }).clientele;
    const sink: unknown[] = [];
    const noop = (e: string, p: object) => { sink.length = 0; sink.push(e, p); };
    const call = fn === 'track' ? (e: string, p: object) => c.track(e, p) : noop;
    const out: number[] = [];
    if (mode === 'burst') {
      for (let g = 0; g < calls / 100; g++) {
        const t = performance.now();
        for (let i = 0; i < 100; i++) call('Product Viewed', { ...product, n: g * 100 + i });
        out.push(((performance.now() - t) * 1000) / 100);
      }
    } else {
      await new Promise<void>((done) => {
        let i = 0;
        const tick = () => {
          const p = { ...product, n: i };
          const t = performance.now();
          call('Product Viewed', p);
          out.push((performance.now() - t) * 1000);
          if (++i < calls) setTimeout(tick, interval);
          else done();
        };
        setTimeout(tick, interval);
      });
    }
    // Include the batches the calls caused: wait until the worker has stored them (status() flushes first and
    // answers small); the control makes the same call.
    await c.status();
    return { out };
  }, { mode, fn, calls, interval, product: PRODUCT });
  const after = await mainThread(cdp);
  const perEvent = (s: number) => Math.round((s * 1e6 / calls) * 10) / 10;
  // The first groups of a burst warm up the JIT and are left out.
  const kept = mode === 'burst' ? samples.out.slice(Math.ceil(samples.out.length / 10)) : samples.out;
  return {
    samples: kept,
    per_call_us: summarize(kept),
    busy_per_event_us: perEvent(after.cpu - before.cpu),
    task_wall_per_event_us: perEvent(after.wall - before.wall),
  };
}

/** Rounds of the same measurement as one: per-call samples together, busy times averaged over every event. */
function pool(rounds: Array<CallCost & { samples: number[] }>): CallCost {
  const mean = (k: 'busy_per_event_us' | 'task_wall_per_event_us') => Math.round((rounds.reduce((s, r) => s + r[k], 0) / rounds.length) * 10) / 10;
  return { per_call_us: summarize(rounds.flatMap((r) => r.samples)), busy_per_event_us: mean('busy_per_event_us'), task_wall_per_event_us: mean('task_wall_per_event_us') };
}

/** track() against a no-op control, in a burst of 20,000 and paced one call per 10 ms task (PACED_ROUNDS rounds of 250, each beside its control). */
export async function trackCost(b: BrowserBench): Promise<TrackCost> {
  const page = await isolatedPage(b);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const isolated = await page.evaluate(() => crossOriginIsolated);
  // Warm both paths once.
  await measure(page, cdp, 'burst', 'track', 2000, 0);
  await measure(page, cdp, 'burst', 'noop', 2000, 0);
  const burst = { calls: 20_000, noop: pool([await measure(page, cdp, 'burst', 'noop', 20_000, 0)]), track: pool([await measure(page, cdp, 'burst', 'track', 20_000, 0)]) };
  // Paced calls in alternating rounds of 250 (each round ends with its batches stored), so that drift in what
  // else the page's main thread does (timers, GC) falls on the control and on track() alike.
  const rounds: { noop: Array<CallCost & { samples: number[] }>; track: Array<CallCost & { samples: number[] }> } = { noop: [], track: [] };
  for (let r = 0; r < PACED_ROUNDS; r++) for (const fn of ['noop', 'track'] as const) rounds[fn].push(await measure(page, cdp, 'paced', fn, 250, 10));
  const over = rounds.track.map((t, i) => t.busy_per_event_us - rounds.noop[i].busy_per_event_us);
  const paced = {
    calls: PACED_ROUNDS * 250, interval_ms: 10, rounds: PACED_ROUNDS, noop: pool(rounds.noop), track: pool(rounds.track),
    over_control_us: Math.round(summarize(over).median * 10) / 10,
  };
  await page.context().close();
  return { isolated, burst, paced };
}

/**
 * Events per second the worker stores from a burst of `n`, in `rounds` fresh pages (each a new visitor): the median
 * round's figures, and every round's events/s (`rounds_events_per_s`), since one round swings by a third here.
 */
export async function ingestThroughput(b: BrowserBench, n = 20_000, rounds = 3): Promise<{ events: number; seconds: number; events_per_s: number; rounds_events_per_s: number[] }> {
  const all: Array<{ seconds: number; events_per_s: number }> = [];
  for (let r = 0; r < rounds; r++) all.push(await ingestRound(b, n));
  const median = [...all].sort((x, y) => x.events_per_s - y.events_per_s)[Math.floor(rounds / 2)];
  return { events: n, ...median, rounds_events_per_s: all.map((x) => x.events_per_s) };
}

/** One round: from the first track() until status() counts every event stored. */
async function ingestRound(b: BrowserBench, n: number): Promise<{ seconds: number; events_per_s: number }> {
  const page = await isolatedPage(b);
  const seconds = await page.evaluate(async ({ n, product }) => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void; status(): Promise<{ events: number } | null> } }).clientele;
    const count = async () => (await c.status())?.events ?? 0;
    const base = await count();
    const t = performance.now();
    for (let i = 0; i < n; i++) c.track('Product Viewed', { ...product, product_id: `P${i % 2000}`, n: i });
    while ((await count()) - base < n) {
      if (performance.now() - t > 120_000) throw new Error(`only ${(await count()) - base} of ${n} events stored after 120 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return (performance.now() - t) / 1000;
  }, { n, product: PRODUCT });
  await page.context().close();
  return { seconds: Math.round(seconds * 1000) / 1000, events_per_s: Math.round(n / seconds) };
}

/**
 * From terminating the worker to the first recommend() settling with items, over `runs` kills (one page each, so
 * every kill meets a warm page whose worker is up).
 */
export async function killToRecommend(b: BrowserBench, runs = 5): Promise<{ ms: Summary; items: number[] }> {
  const times: number[] = [];
  const items: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctx = await b.browser.newContext();
    const page = await ctx.newPage();
    await page.addInitScript('window.__name = (f) => f;');
    await captureWorkers(page);
    await page.goto(new URL('/demo/fixtures/blank.html', b.url).href);
    await waitReady(page);
    const r = await page.evaluate(async () => {
      const w = window as unknown as { __workers: Worker[]; clientele: { recommend(r: object): Promise<unknown[]> } };
      await w.clientele.recommend({ type: 'popular', limit: 6 });
      const t = performance.now();
      w.__workers.at(-1)!.terminate();
      const recs = await w.clientele.recommend({ type: 'popular', limit: 6 });
      return { ms: performance.now() - t, items: recs.length };
    });
    times.push(r.ms);
    items.push(r.items);
    await ctx.close();
  }
  return { ms: summarize(times), items };
}

