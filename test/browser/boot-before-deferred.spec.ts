// The worker and the widget chunk start once the document is parsed, not after its deferred and module scripts
// (src/client.ts, the early start). It bounds when each request starts against DOMContentLoaded, so it runs in
// 'quiet': beside two other lanes on two cores, the worker's request started 105 ms before it, not 300 (CI, round 33).
import { test, expect } from '@playwright/test';
import { SNIPPET, booted, posted, recordPosts, recordWorkers } from './bootSteps.ts';

test('the widget chunk and the worker start once the document is parsed, before its deferred scripts have run', async ({ page }) => {
  await recordWorkers(page);
  await recordPosts(page);
  // A module script that takes 800 ms to arrive holds DOMContentLoaded back, not the parsed document.
  await page.route('**/boot/slow-module.js', async (route) => {
    await new Promise((r) => setTimeout(r, 800));
    await route.fulfill({ contentType: 'text/javascript', body: 'window.__moduleRan = performance.now();' });
  });
  await page.route('**/boot/deferred.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>deferred</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>
<script type="module" src="/boot/slow-module.js"></script>
<div data-clientele-widget="popular" data-limit="4"></div>`,
    }),
  );
  await page.goto('/boot/deferred.html');
  await expect(page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  const t = await page.evaluate(() => {
    const at = (re: RegExp) => performance.getEntriesByType('resource').find((e) => re.test(e.name))!.startTime;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    return { widget: at(/clientele-widget\.js$/), worker: at(/clientele-worker\.js$/), dcl: nav.domContentLoadedEventStart };
  });
  expect(t.widget).toBeLessThan(t.dcl - 300);
  expect(t.worker).toBeLessThan(t.dcl - 300);
  // The worker was told the row, found in the parsed document, and answered it long before the page started (the
  // module holds DOMContentLoaded back): that early answer is the one drawn, no row is asked for.
  expect(JSON.parse((await booted(page)).names[0].slice(10))[2]).toEqual([{ type: 'popular', limit: 4 }, 'popular']);
  expect((await posted(page)).filter((c) => c.method === 'row')).toEqual([]);
});
