// `npm run bench`: measures speed in real Chromium and in Node, prints the figures and writes
// bench/results/bench.json. Figures, not pass/fail. Options: --data <split dir>, --only <section,...>.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openBrowserBench, trackCost, ingestThroughput, timeToFirstWidget } from './browser.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

async function main() {
  const only = arg('only', '').split(',').filter(Boolean);
  const want = (s: string) => only.length === 0 || only.includes(s);
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cores: (await import('node:os')).cpus().length, node: process.version } };
  const step = (name: string) => process.stderr.write(`bench: ${name}...\n`);

  if (want('page')) {
    const b = await openBrowserBench(root);
    try {
      step('main-thread cost of track()');
      results.track_main_thread = await trackCost(b);
      step('worker ingest throughput');
      results.worker_ingest = await ingestThroughput(b);
      step('time from script start to first rendered widget');
      results.first_widget_ms = await timeToFirstWidget(b);
    } finally {
      await b.close();
    }
  }

  const out = join(root, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'bench.json'), JSON.stringify(results, null, 2));
  console.log(JSON.stringify(results, null, 2));
  console.log(`wrote bench/results/bench.json`);
}

main().catch((e) => {
  console.error(`bench failed: ${(e as Error).stack ?? e}`);
  process.exit(1);
});
