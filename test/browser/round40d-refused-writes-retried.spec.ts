// Writes the worker makes itself (an exposure, the segments it last reported) that a full quota refuses are made again
// after the page's next batch (worker/experiments/serve.ts, later), as the page's own events wait for room; a "no" or
// forget() drops them. Before: one slot (`again`) held the last refused exposure only, so of two rows served while the
// quota was full, each with its own experiment, one exposure was never stored (1 of 2).
import { test, expect, type Page } from '@playwright/test';
import { exported, eventsNamed, quotaShim, ready, setQuotaFull, shimWorker, trackMarker, watchConsole } from './helpers.ts';

const EXPS = [
  { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] },
  { id: 'popular-layout', target: { rows: 'popular' }, variants: [{ id: 'a' }, { id: 'b' }] },
];
type Api = { recommend(r: object): Promise<unknown[]>; consent(y: boolean): void; forget(): Promise<boolean>; status(): Promise<unknown> };

async function twoRowsRefused(page: Page) {
  await shimWorker(page, quotaShim(false));
  await page.addInitScript((exps) => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ experiments: exps, holdout: { percent: 0 } }]]]; }, EXPS);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Ready');
  await setQuotaFull(page, true);
  await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    await c.recommend({ type: 'trending', limit: 4 });
    await c.recommend({ type: 'popular', limit: 4 });
  });
}
const exposed = async (page: Page) => eventsNamed((await exported(page)).events, 'Experiment Viewed').map((e) => e.properties.experiment_id).sort();

test('two rows served while the quota is full, each with its experiment: both exposures are stored once room comes', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await twoRowsRefused(page);
  // While they wait for room, the export holds them (round 41a), once each.
  expect(await exposed(page)).toEqual(['popular-layout', 'trend-layout']);
  await setQuotaFull(page, false);
  await trackMarker(page, 'Room');
  await trackMarker(page, 'Again');
  // Stored: the next page, whose worker holds nothing in memory, exports them from the store, once each.
  await page.reload();
  await ready(page);
  await expect.poll(() => exposed(page), { timeout: 10_000 }).toEqual(['popular-layout', 'trend-layout']);
  expect(pageErrors).toEqual([]);
});

for (const how of ['no', 'forget'] as const) test(`exposures refused by a full quota are dropped by ${how === 'no' ? 'a "no"' : 'forget()'}, not stored once room comes`, async ({ page }) => {
  await twoRowsRefused(page);
  await page.evaluate(async (how) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    // Applied by the worker before anything else is said (a yes queued behind a "no" not yet sent replaces it).
    if (how === 'no') c.consent(false), await c.status();
    else await c.forget();
  }, how);
  await setQuotaFull(page, false);
  // The visitor says yes again (after the "no"): what was refused before it stays dropped.
  if (how === 'no') await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  await trackMarker(page, 'Room');
  await page.waitForTimeout(2000);
  await trackMarker(page, 'Again');
  expect(await exposed(page)).toEqual([]);
});
