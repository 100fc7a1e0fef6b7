// A mount() row kept off the page (a keep-alive view, a closed tab panel) while forget() runs: round 40b made refreshes
// skip rows whose element is off the page, so such a row, put back, showed the last visitor's recently viewed items.
// forget() must leave nothing of them on screen; a dismissal or a new worker may still skip it.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type C = { track(e: string, p: object): void; mount(el: Element, o: object): () => void; forget(): Promise<boolean> };
const cards = (page: import('@playwright/test').Page) => page.evaluate(() => (window as unknown as { kept: Element }).kept.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? 0);

test('a mount() row off the page during forget(): put back, it shows none of the last visitor\'s items', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    for (const id of ['85123A', '22423', '85099B']) c.track('Product Viewed', { product_id: id });
    const el = document.createElement('div');
    document.body.append(el);
    (window as unknown as { kept: Element }).kept = el;
    c.mount(el, { type: 'recently-viewed', limit: 4 });
  });
  // (the last one viewed counts as the product on screen, which the row leaves out)
  await expect.poll(() => cards(page), { timeout: 10_000 }).toBe(2);
  await page.evaluate(() => (window as unknown as { kept: Element }).kept.remove());
  expect(await page.evaluate(() => (window as unknown as { clientele: C }).clientele.forget())).toBe(true);
  await page.waitForTimeout(1500);
  await page.evaluate(() => document.body.append((window as unknown as { kept: Element }).kept));
  await page.waitForTimeout(500);
  expect(await cards(page)).toBe(0);
  expect(pageErrors).toEqual([]);
});
