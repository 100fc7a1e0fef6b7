// Round 31 (tester A). README, API: "`mount(element, options)` Renders a row (`{ type: 'similar', limit: 6, itemId?,
// title?, ... }`) ... returns an unmount function", and "A bad call logs one console message that names the key, the
// value and the fix". widget/index.tsx: "mounting twice on one element replaces rather than stacks".
// A framework view that re-mounts its row when its props change (a Vue watcher or a product page whose "similar" row
// follows the product shown) calls mount() again on the same element with new options. The second call is dropped in
// silence (src/mountWidgets.ts mountOne: `if (mounted.has(el)) return () => undefined`): the row keeps the first
// options' items (the previous product's look-alikes, the old title and limit) and no console message says why.
// Expected: the second mount() replaces the row (new title, new limit), as the widget's own code intends, or at the
// very least one console message names the element. Observed: the first row stays, with no message.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;
const state = (id: string) => (document.getElementById(id)?.getAttribute('data-clientele-state') ?? '');

test('mount() again on the same element with new options: the row follows the new options (or says why not)', async ({ page }) => {
  const w = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'recs';
    ((window as unknown as { clientele: C }).clientele).mount(el, { type: 'popular', limit: 2, title: 'First title' });
  });
  await expect.poll(() => page.evaluate(state, 'recs')).toBe('ready');
  const cards = page.locator('#recs a.card');
  await expect(cards).toHaveCount(2);

  // The view re-renders with new props: the same element, a new row.
  await page.evaluate(() => ((window as unknown as { clientele: C }).clientele).mount('#recs', { type: 'trending', limit: 5, title: 'Second title' }));
  await page.waitForTimeout(4000);
  const heading = await page.locator('#recs h2').textContent();
  const count = await cards.count();
  const said = w.warnings.some((m) => /mount|already|recs/i.test(m));
  // Either the row was replaced, or the page was told.
  expect({ replaced: heading === 'Second title' && count === 5, said }, `heading "${heading}", ${count} cards, warnings ${JSON.stringify(w.warnings)}`)
    .not.toEqual({ replaced: false, said: false });
  expect(w.pageErrors).toEqual([]);
});
