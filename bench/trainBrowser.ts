// Benchmark: the owner page builds a site model from a real log in Chromium (build worker, wasm backend),
// timed as the page reports it, with the longest main-thread task while it trains.
//   npx tsx bench/trainBrowser.ts [--data /work/shared/data/online-retail/split]
import { join, resolve, dirname } from 'node:path';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/browser/chromium.ts';
import { startServer } from '../scripts/serve.ts';

export interface TrainInBrowserResult {
  /** Build time in seconds as the page reports it (reading the file through packing the model). */
  wasm_s: number;
  /** The tfjs backend the build worker used ('wasm' unless WebAssembly failed). */
  backend: string;
  /** Longest main-thread task (PerformanceObserver 'longtask', so 0 means none over 50 ms) between the drop and the summary. */
  longest_main_task_ms: number;
  /** Main-thread tasks over 50 ms during the build. */
  long_tasks: number;
  users: number;
  items: number;
  interactions: number;
  /** Per model: training time (s) and holdout NDCG@10. */
  models: Array<{ name: string; train_s: number; ndcg: number | null }>;
}

interface Probe { longtasks: Array<{ start: number; duration: number }> }

/**
 * Serves the repo, drops `<data>/train.csv` on the owner page in Chromium and measures the in-browser build.
 * @example
 * const r = await trainInBrowser({ root: '/work/main', data: '/work/shared/data/online-retail/split' });
 * console.log(r.wasm_s, r.longest_main_task_ms);
 */
export async function trainInBrowser(opts: { root: string; data: string }): Promise<TrainInBrowserResult> {
  const file = join(opts.data, 'train.csv');
  if (!existsSync(file)) throw new Error(`[clientele] bench: ${file} does not exist; pass the split folder that holds train.csv`);
  if (!existsSync(join(opts.root, 'dist/clientele-build-worker.js'))) throw new Error('[clientele] bench: dist/clientele-build-worker.js is missing; run `npm run build` first');
  const server = await startServer({ root: opts.root, port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  try {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
    // tsx compiles this file with esbuild's keepNames, whose __name() helper the page does not have
    await page.addInitScript('window.__name = (f) => f;');
    await page.addInitScript(() => {
      const probe: Probe = { longtasks: [] };
      (window as unknown as { __probe: Probe }).__probe = probe;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) probe.longtasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${server.url}/demo/owner.html`);
    await page.waitForLoadState('networkidle');
    const t0 = await page.evaluate(() => performance.now());
    await page.setInputFiles('#drop input[type=file]', file);
    await page.waitForFunction(() => /^(done|error)$/.test(document.querySelector('#build-model')?.getAttribute('data-state') ?? ''), null, { timeout: 30 * 60_000, polling: 500 });
    const out = await page.evaluate((start) => {
      const panel = document.querySelector('#build-model') as HTMLElement;
      const probe = (window as unknown as { __probe: Probe }).__probe;
      const end = performance.now();
      const during = probe.longtasks.filter((t) => t.start + t.duration >= start && t.start <= end);
      const text = (sel: string) => document.querySelector(sel)?.textContent ?? '';
      const models = [...document.querySelectorAll('.model-table tbody tr:not(.blend)')].map((tr) => ({
        name: tr.getAttribute('data-model') ?? '',
        train: tr.children[2]?.textContent ?? '',
        ndcg: tr.children[3]?.textContent ?? '',
      }));
      return {
        state: panel.dataset.state, message: text('#log'), ms: Number(panel.dataset.ms), backend: panel.dataset.backend ?? '',
        longest: Math.max(0, ...during.map((t) => t.duration)), longTasks: during.length,
        users: text('[data-stat=users] dd'), items: text('[data-stat=items] dd'), interactions: text('[data-stat=interactions] dd'), models,
      };
    }, t0);
    if (out.state !== 'done') throw new Error(`[clientele] bench: the owner page build failed: ${out.message}`);
    const n = (s: string) => Number(s.replace(/[^\d.]/g, ''));
    return {
      wasm_s: Math.round(out.ms) / 1000,
      backend: out.backend,
      longest_main_task_ms: Math.round(out.longest),
      long_tasks: out.longTasks,
      users: n(out.users),
      items: n(out.items),
      interactions: n(out.interactions.split(' ')[0]),
      models: out.models.map((m) => ({ name: m.name, train_s: n(m.train), ndcg: Number.isFinite(Number(m.ndcg)) && m.ndcg !== '' ? Number(m.ndcg) : null })),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--data');
  const data = i > 0 ? process.argv[i + 1] : '/work/shared/data/online-retail/split';
  trainInBrowser({ root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), data }).then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (e) => { console.error((e as Error).message); process.exitCode = 1; },
  );
}
