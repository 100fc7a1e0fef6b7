// Round 16. Round 15 made rows on screen keep their cards when asked again after a worker restart (widget/index.tsx
// refreshAll(false): load(..., refill) keeps `served.items` when the answer is for the same row type), so that a new
// worker that cannot reach the catalog or model does not empty rows that were fine. README: "the rows and slots on
// screen are asked again once a new worker is up ... (a row keeps the cards it shows)"; issue #8 item 2: "the widgets
// recover without a reload". A row that shows its owner's fallback (data-fallback="popular" under a "recently viewed"
// row a new visitor has nothing for) is not kept: the new answer is for the row's own type (r.type === type), the row
// shows the fallback's (served.type), the types differ, so the empty answer replaces the cards. Same set-up as
// round15-restart-empties-fine-rows.spec.ts (memory mode, network gone, worker killed); the plain row beside it stays.
import { test, expect } from '@playwright/test';
import { memoryModeWithWorkers, ready, restartOffline, widgetRows } from './helpers.ts';

test.setTimeout(120_000);

test('memory mode, a row showing its fallback and a plain row, network gone, worker killed: both keep their 4 cards', async ({ page, context }) => {
  const { pageErrors } = await memoryModeWithWorkers(page, context);
  await page.route('**/demo/fallback-row.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><title>rows</title>
<script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>
<div id="plain" data-clientele-widget="trending" data-limit="4"></div>
<div id="fell-back" data-clientele-widget="recently-viewed" data-fallback="popular" data-fallback-title="Our bestsellers" data-limit="4"></div>` }));
  await page.goto('/demo/fallback-row.html');
  await ready(page);
  await expect.poll(async () => (await widgetRows(page, 'id')).filter((r) => r.state === 'ready' && r.cards === 4).length, { timeout: 20_000 }).toBe(2);
  const { before, after } = await restartOffline(page, context, () => widgetRows(page, 'id'));
  console.log(JSON.stringify({ before, after }));
  expect(after).toEqual(before);
  expect(pageErrors).toEqual([]);
});
