// Round 34 (tester C, a new user following the README). README, Config: "`debug` | `false` | More logging.", and the
// demo's config.js: "Add ?debug to any page's URL to see Clientele's log in the console." The key was validated and
// typed, and then read by nothing: a page with `debug: true` (or a bare `data-debug` on the script tag, which the
// README gives as its example of a boolean attribute) logged exactly what a page without it logged. Before the fix:
// 0 debug messages with it, as without it.
// Expected: with debug on, the console says what the engine did (the config applied and where it stores, the catalog
// feed and the site model loaded, the calls applied and the events stored, each row served and from what); with it
// off, none of that.
import { test, expect, type ConsoleMessage, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

type Api = { track(e: string, p?: object): void; recommend(r: object): Promise<unknown[]> };

async function run(page: Page, attrs: string): Promise<string[]> {
  const logs: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.text().startsWith('[clientele] debug:')) logs.push(m.text()); });
  await page.route('**/round34c-debug.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>debug</title><script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json" data-autocapture="false" ${attrs}></script><h1>x</h1>`,
  }));
  await page.goto('/demo/fixtures/round34c-debug.html');
  await ready(page);
  const recs = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.track('Product Viewed', { product_id: '85123A' });
    c.track('Product Added', { product_id: '85123A' });
    return (await c.recommend({ type: 'popular', limit: 3 })).length;
  });
  expect(recs).toBe(3);
  return logs;
}

test('data-debug: the console says what the engine did', async ({ page }) => {
  const logs = await run(page, 'data-debug');
  // Each of these is logged once it happens; the poll gives the worker's console time to reach the page.
  await expect.poll(() => logs.join('\n'), { timeout: 10_000 }).toMatch(/config applied: site default, storage indexeddb/);
  await expect.poll(() => logs.join('\n')).toMatch(/catalog feed \/demo\/data\/catalog\.json: 300 products/);
  await expect.poll(() => logs.join('\n')).toMatch(/site model \S+: 300 items/);
  await expect.poll(() => logs.join('\n')).toMatch(/2 events stored/);
  await expect.poll(() => logs.join('\n')).toMatch(/row popular: \S+ \(popularity\), \S+ \(popularity\), \S+ \(popularity\)/);
});

test('without debug: no debug messages', async ({ page }) => {
  const logs = await run(page, '');
  await page.waitForTimeout(1500);
  expect(logs).toEqual([]);
});
