// Browser tests: the built dist/clientele.js in Debian's Chromium, served by the demo server.
import { defineConfig } from '@playwright/test';
import { chromiumArgs, chromiumPath } from './test/browser/chromium.ts';

const PORT = Number(process.env.TEST_PORT ?? 4391);

// Specs that mostly wait on the engine's own deadlines (a hung worker's 15 s, a stalled chunk's 5 s, an open tried three
// times): they run beside the rest, one at a time, so the suite's wall time is not the sum of those waits.
const WAITS = [
  'bad-input', 'clock-skew', 'hostile-page', 'round9-blocked-script-promises', 'round14-hung-worker-rows',
  'round14-idb-open-hangs', 'round14-stalled-feeds', 'round14-stalled-worker-chunk', 'round14-waiting-export',
  'round14-window-visibilitychange-lost', 'round15-restart-empties-fine-rows', 'round15-waiting-export-misses-page-events',
  'round16-quota-full-identify-messages', 'round16-restart-empties-fallback-row', 'round18-waiting-forwards-phantom',
  'round18-waiting-segments-phantom', 'worker-faults',
  // Long, mostly waiting on a worker's restart, a lease, or another tab: here to keep the two projects' times even.
  'faults', 'loop', 'round23-tabs-pending-exposures', 'round23-tabs-segments-twice', 'round25b-exposure-other-tab',
  'round26b-withdrawn-exposure', 'round27b-release-refused-twice', 'round28c-forget-other-tab-parks-old',
  'round29a-inflight-parked-after-forget',
].map((name) => `**/${name}.spec.ts`);
// Specs that measure the page's main thread (µs per call, long tasks): run on their own, after the others
// (npm run test:browser), so that another test's browser does not share the CPU with them.
const QUIET = ['round9-unpark-longtask', 'round15-hidden-calls-cost'].map((name) => `**/${name}.spec.ts`);

export default defineConfig({
  testDir: 'test/browser',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  // One test at a time per project; 'main' and 'waits' run side by side.
  workers: 2,
  projects: [
    { name: 'main', testIgnore: [...WAITS, ...QUIET], workers: 1 },
    { name: 'waits', testMatch: WAITS, workers: 1 },
    { name: 'quiet', testMatch: QUIET, workers: 1 },
  ],
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    launchOptions: { executablePath: chromiumPath(), args: chromiumArgs },
    trace: 'off',
  },
  webServer: {
    command: `npx tsx scripts/serve.ts --port ${PORT}`,
    url: `http://127.0.0.1:${PORT}/demo/index.html`,
    reuseExistingServer: !process.env.CI,
    timeout: 30_000,
  },
});
