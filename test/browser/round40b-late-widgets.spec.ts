// Lead 3 of round 40b: widget containers a single-page app adds after load, removes, adds again or moves. The rows a
// `data-clientele-widget` element gets are found by autocapture's observer (src/autocapture/index.ts widgetsAdded) and
// mounted once per element (src/mountWidgets.ts). Seen on main: a row whose element the app dropped (a route left; the
// app never calls an unmount for rows it did not mount itself) stayed in the widget chunk's live rows for good
// (widget/index.tsx liveRows), its impression observer and its DOM held, and every refresh (forget(), a new worker, a
// consent answer, a later init()) asked the worker for every row the page had ever shown: after ten routes, a forget()
// asked for 10 rows where one is on the page, and kept each dropped row's answer for the next page (src/rowCache.ts).
// Expected: each container drawn once (moved or put back, too), and a refresh asks
// only for the rows on the page; a row put back after a refresh is asked then.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, countWorkerCalls, workerCalls } from './helpers.ts';

const rowAsks = workerCalls;
const cards = (page: Page, sel: string) => page.evaluate((s) => document.querySelector(s)?.shadowRoot?.querySelectorAll('[data-clientele-widget-item]').length ?? -1, sel);

test('rows a single-page app adds, drops, moves and puts back: each drawn once, a refresh asks only for the rows on the page', async ({ page }) => {
  test.setTimeout(90_000);
  const { warnings, pageErrors } = watchConsole(page);
  await countWorkerCalls(page, 'row');
  await page.route('**/late-widgets/app', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en-GB"><head><title>App</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-site-model-url="/demo/model/manifest.json"></script>
</head><body><main id="main"></main><aside id="side"></aside>
<script>window.route = (i) => { history.pushState({}, '', '/late-widgets/app?r=' + i); document.getElementById('main').innerHTML = '<h1>Route ' + i + '</h1><div id="w' + i + '" data-clientele-widget="popular" data-limit="4"></div>'; };</script>
</body></html>` }));
  await page.goto('/late-widgets/app');
  await ready(page);
  for (let i = 0; i < 10; i++) {
    await page.evaluate((i) => (window as unknown as { route(i: number): void }).route(i), i);
    await expect.poll(() => cards(page, `#w${i}`), { timeout: 10_000 }).toBe(4);
  }
  expect(await page.locator('[data-clientele-widget]').count()).toBe(1);
  // Moved to another container in one task (a layout switch): still drawn, not asked again.
  const before = await rowAsks(page);
  await page.evaluate(() => document.getElementById('side')!.append(document.getElementById('w9')!));
  await page.waitForTimeout(500);
  expect(await cards(page, '#w9')).toBe(4);
  expect(await rowAsks(page)).toBe(before);

  // forget() asks the rows on screen again: one row is on the page.
  await page.evaluate(() => (window as unknown as { __workerCalls: number }).__workerCalls = 0);
  expect(await page.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget())).toBe(true);
  await expect.poll(() => rowAsks(page), { timeout: 10_000 }).toBeGreaterThan(0);
  await page.waitForTimeout(2000);
  expect(await rowAsks(page)).toBe(1);
  expect(await cards(page, '#w9')).toBe(4);

  // Taken off the page while a refresh comes, and put back later (a tab panel, a kept-alive view): not asked while off
  // the page; put back, drawn afresh, as the visitor is now.
  await page.evaluate(() => { const w = window as unknown as { kept: Element; __workerCalls: number }; w.kept = document.getElementById('w9')!; w.kept.remove(); w.__workerCalls = 0; });
  expect(await page.evaluate(() => (window as unknown as { clientele: { forget(): Promise<boolean> } }).clientele.forget())).toBe(true);
  await page.waitForTimeout(2000);
  expect(await rowAsks(page)).toBe(0);
  await page.evaluate(() => document.getElementById('side')!.append((window as unknown as { kept: Element }).kept));
  await expect.poll(() => cards(page, '#w9'), { timeout: 10_000 }).toBe(4);
  expect(await rowAsks(page)).toBe(1);
  expect(await page.evaluate(() => document.querySelectorAll('#side [data-clientele-widget]').length)).toBe(1);
  expect(eventsNamed((await exported(page)).events, 'Widget Impression').every((e) => e.properties.widget_id === 'w9')).toBe(true);
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
