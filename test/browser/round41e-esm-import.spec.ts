// Round 41e: the README says importing the package starts nothing (it declares `sideEffects: false`, so a bundler may
// drop what an app does not call): an app that imports it for its types or DEFAULT_CONFIG, or a route that imports it
// and never calls createClientele(), must get no worker, no chunk, no stored key. Then createClientele() starts it.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

test('importing the ESM build starts nothing; createClientele() then starts one engine', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const workers: string[] = [];
  const ours: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  page.on('request', (r) => { if (/\/dist\/clientele|\/dist\/esm\/(pageChunk|widget|items|forward|segmentsFeed|dataLayer)-/.test(r.url())) ours.push(new URL(r.url()).pathname); });
  await page.route('**/round41e/import.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Import</title>
<script type="module">import * as C from '/dist/esm/index.js'; window.C = C; window.imported = Object.keys(C).sort().join();</script>
</head><body><div id="recs"></div></body></html>`,
  }));
  await page.goto('/round41e/import.html');
  await page.waitForFunction(() => 'imported' in window);
  // What a start would do within this time: the worker is asked for as soon as the document is parsed.
  await page.waitForTimeout(1_000);
  expect(await page.evaluate(() => (window as unknown as { imported: string }).imported)).toBe('DEFAULT_CONFIG,REC_TYPES,STANDARD_EVENTS,createClientele,resolveConfig');
  expect({ workers, ours, keys: await page.evaluate(() => Object.keys(localStorage)), global: await page.evaluate(() => 'clientele' in window) }).toEqual({ workers: [], ours: [], keys: [], global: false });
  // Then the app's call starts it: one worker.
  expect(await page.evaluate(() => (window as unknown as { C: { createClientele(c: object): { ready(): Promise<boolean> } } }).C.createClientele({ siteId: 'r41e-import' }).ready())).toBe(true);
  expect(workers).toHaveLength(1);
  expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
