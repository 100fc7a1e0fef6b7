// A first visit to a shop whose origin's quota is already full, on a shop that runs a holdout and an experiment on
// its rows (the README's own Experiments example). Round 14 keeps the engine up with an in-memory profile when the
// quota is full; issue #8, item 3: rows "work from the catalog, the site model"; README: ready() true, rows render.
// Serving a row records its exposure (Experiment Viewed) through the store's session write, which the full quota
// refuses: the row must still be served.
import { test, expect } from '@playwright/test';
import { watchConsole, shimWorker, openShopPage, QUOTA_FULL } from './helpers.ts';

type Api = { ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string } | null> };

test('a full quota on a first visit with a holdout and a row experiment: rows are still served', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  await shimWorker(page, QUOTA_FULL);
  await openShopPage(page, '/faults/quota-exp.html', {
    calls: `clientele.push(['init', [{ holdout: { percent: 10 }, experiments: [{ id: 'pop-layout', target: { rows: 'popular' }, variants: [{ id: 'control' }, { id: 'grid', row: { layout: 'grid' } }] }] }]]);`,
  });
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const ok = await c.ready();
    const t0 = performance.now();
    const recs = await c.recommend({ type: 'popular', limit: 4 });
    const status = await c.status();
    return { ok, recs: recs.length, ms: Math.round(performance.now() - t0), status };
  });
  await page.waitForTimeout(2000);
  const cards = await page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').count();
  const msgs = warnings.filter((w) => /clientele/.test(w));
  console.log(JSON.stringify({ ...r, cards, msgs: msgs.map((w) => w.slice(0, 300)) }));
  expect(r.ok).toBe(true);
  expect(r.recs).toBe(4);
  expect(cards).toBe(4);
  expect(msgs).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
