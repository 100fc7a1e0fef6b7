// Round 15. Round 14 made the page ask every row and slot again once a new worker is up (src/client.ts, boot:
// `boots++ && refreshWidgets()`), so that a row mounted during a hang fills. It asks with refresh(true) (widget/index.tsx
// refreshAll), which replaces whatever the row shows by the new answer, even an empty one. Issue #8: "the widgets
// recover without a reload"; README: with no usable IndexedDB the engine runs in memory and rows work from the
// catalog and the site model. Here: memory mode (no IndexedDB), three rows drawn fine, then the shopper's network drops
// (a train, a tunnel) and the worker dies (reclaimed, out of memory). The new worker cannot fetch the catalog again,
// answers empty rows, and the page hides all three rows the shopper was looking at. Before round 14 they stayed.
import { test, expect } from '@playwright/test';
import { memoryModeWithWorkers, ready, restartOffline, widgetRows } from './helpers.ts';

test.setTimeout(120_000);

test('memory mode, rows drawn, network gone, worker killed: the rows the shopper sees stay (3 rows of 6 cards)', async ({ page, context }) => {
  const { pageErrors } = await memoryModeWithWorkers(page, context);
  await page.goto('/demo/index.html');
  await ready(page);
  expect(await page.evaluate(async () => (await (window as unknown as { clientele: { status(): Promise<{ storage: string }> } }).clientele.status()).storage)).toBe('memory');
  await expect.poll(async () => (await widgetRows(page, 'type')).filter((r) => r.state === 'ready' && r.cards === 6).length, { timeout: 20_000 }).toBe(3);
  // Then offline (the catalog feed and the site model cannot be fetched again), and the worker killed.
  const { before, after } = await restartOffline(page, context, () => widgetRows(page, 'type'));
  console.log(JSON.stringify({ before, after }));
  expect(after).toEqual(before);
  expect(pageErrors).toEqual([]);
});
