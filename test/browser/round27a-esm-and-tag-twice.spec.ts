// Issue #8: "nothing stored twice"; README (ESM build): "One engine runs per page". A shop whose app uses the npm
// package (createClientele) and that also has the script tag on the page (the tag manager's, or left from before the
// move to the package) runs two engines: src/index.ts keeps its running instance under Symbol.for('clientele.running'),
// which src/script.ts boot() never looks at (it checks window.clientele.__real only), and createClientele() does not
// look at window.clientele.__real either. Every autocaptured page view (and click, scroll...) is stored twice, silently.
// Both orders (module before the tag, tag before the module) fail the same way.
// Expected: one 'Page Viewed' per page load, one worker, 0 errors.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

for (const order of ['module first', 'tag first'] as const) {
  test(`createClientele() and the script tag on one page (${order}): one engine, each page view stored once`, async ({ page }) => {
    test.setTimeout(60_000);
    const { pageErrors } = watchConsole(page);
    const esm = `<script type="module">import { createClientele } from '/dist/esm/index.js'; window.app = createClientele({});</script>`;
    const tag = `<script async src="/dist/clientele.js"></script>`;
    await page.route('**/mix/app.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>mix</title>${order === 'module first' ? esm + tag : tag + esm}<body>shop</body>` }));
    await page.goto('/mix/app.html');
    await page.waitForFunction(() => (window as unknown as { app?: unknown }).app);
    await page.waitForTimeout(4000);
    const out = await page.evaluate(async () => {
      type Api = { ready(): Promise<boolean>; track(e: string, p: object): void; exportData(): Promise<{ events: { event: string }[] } | null> };
      const a = (window as unknown as { app: Api }).app;
      await a.ready();
      a.track('Once', {});
      await new Promise((r) => setTimeout(r, 2500));
      const d = await a.exportData();
      const count = (n: string) => (d?.events ?? []).filter((e) => e.event === n).length;
      return { pageViews: count('Page Viewed'), once: count('Once'), workers: performance.getEntriesByType('resource').filter((e) => /clientele-worker/.test(e.name)).length };
    });
    console.log(JSON.stringify({ order, ...out, pageErrors }));
    expect({ ...out, pageErrors }).toEqual({ pageViews: 1, once: 1, workers: 1, pageErrors: [] });
  });
}
