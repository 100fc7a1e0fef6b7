// The report run on exportData() JSON (a format the README lists) of a visitor whose order is attributed to a widget.
// exportData() carries each order's attribution beside the events (`attribution: [{ message_id, order_id, basis,
// last_touch, touches, ... }]`), not inside the order's properties as forwarding does; report/analyze.ts reads
// last-touch orders only from `properties.attribution`, so every widget shows 0 last-touch orders and 0 revenue.
// Expected: the report credits the order to the widget exportData().attribution names as its last touch, as it does
// for the same visit forwarded.
// README ("The report"): "Reads forwarded NDJSON, exportData() JSON, or CSV ... per-widget figures with last-touch
// orders"; README ("Attribution"): "The result travels with the order when it is forwarded (`properties.attribution`)
// and is in `exportData().attribution`".
// Observed on this build: exportData().attribution names the last touch (the hero slot or the for-you row), the
// report's widget for it has orders_last_touch 0, revenue_last_touch 0 (and so has every widget).
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBeforeLoad, ready, trackMarker } from './helpers.ts';

type Export = { attribution: Array<{ order_id: string; last_touch: { widget_id: string } | null }> };

test('the report on exportData() JSON credits an attributed order to its last-touch widget', async ({ page }) => {
  test.setTimeout(60_000);
  await initBeforeLoad(page, { holdout: { percent: 50 } });
  await page.goto('/demo/index.html');
  await ready(page);
  // the home page's rows are shown (Widget Impression), then an order: view-through attribution (README "Attribution")
  await expect(page.locator('[data-clientele-widget] [data-clientele-widget-item]').first()).toBeVisible();
  await page.waitForTimeout(1500);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Order Completed', { order_id: 'r31b-o1', total: 20, products: [{ product_id: '85123A', price: 20, quantity: 1 }] }));
  await trackMarker(page, 'After Order');
  const data = await page.evaluate(() => (window as unknown as { clientele: { exportData(): Promise<unknown> } }).clientele.exportData()) as Export;
  const last = data.attribution.find((a) => a.order_id === 'r31b-o1')?.last_touch?.widget_id;
  expect(last).toBeTruthy();
  const dir = mkdtempSync(join(tmpdir(), 'r31b-'));
  writeFileSync(join(dir, 'export.json'), JSON.stringify(data));
  execFileSync('npx', ['clientele', 'report', '--events', join(dir, 'export.json'), '--json', join(dir, 'report.json')], { stdio: 'pipe' });
  const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { widgets: Array<{ widget_id: string; orders_last_touch: number; revenue_last_touch: number }> };
  console.log(JSON.stringify({ last, widgets: report.widgets }));
  const w = report.widgets.find((x) => x.widget_id === last);
  expect(w?.orders_last_touch).toBe(1);
  expect(w?.revenue_last_touch).toBe(20);
});
