// A first visit to a shop whose origin's quota is already full (the shop's own service-worker cache or databases
// filled the origin's share on a device short of disk): IndexedDB opens, but refuses every write, and nothing of
// Clientele's is there to free. Issue #8, item 3: "Storage that degrades instead of failing"; README: ready()
// "resolves true once the worker is up and has applied the config (false if it cannot start)", rows "work from the
// catalog, the site model"; Quota: "One console message per page."
// The page's config comes from a deferred script (as the README's own example, requireConsent, does): the worker the
// script started early booted on the config before it, so the page's init is applied for real, and the visitor's
// profile is created then.
import { test, expect } from '@playwright/test';
import { watchConsole, shimWorker, openShopPage, QUOTA_FULL } from './helpers.ts';

type Api = { ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string } | null>; track(e: string, p?: object): void };

test('a full quota on a first visit, config from a deferred script: ready() true, rows render, one console message', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  // Every put is refused for space.
  await shimWorker(page, QUOTA_FULL);
  await page.route('**/faults/late-init.js', async (route) => {
    await new Promise((r) => setTimeout(r, 500));
    await route.fulfill({ contentType: 'text/javascript', body: 'window.clientele.init({ currency: "GBP" });' });
  });
  await openShopPage(page, '/faults/quota-page.html', { tail: '<script defer src="/faults/late-init.js"></script>' });
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const ok = await c.ready();
    const [recs, status] = await Promise.all([c.recommend({ type: 'popular', limit: 4 }), c.status()]);
    for (let i = 0; i < 10; i++) { c.track('Product Viewed', { product_id: '85123A' }); await new Promise((r) => setTimeout(r, 500)); }
    return { ok, recs: recs.length, status };
  });
  await page.waitForTimeout(2000);
  const cards = await page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').count();
  const msgs = warnings.filter((w) => /clientele/.test(w));
  console.log(JSON.stringify({ ...r, cards, msgs: msgs.map((w) => w.slice(0, 200)) }));
  expect(r.ok).toBe(true);
  expect(r.recs).toBe(4);
  expect(cards).toBe(4);
  expect(msgs).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
