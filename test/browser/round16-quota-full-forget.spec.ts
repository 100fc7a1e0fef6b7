// forget() while the origin's quota is full (the shop's own caches filled the origin's share, round 14's case): the
// visitor signed in and asks to be forgotten. Issue #8, item 7: "forget() is total ... it erases everything about the
// visitor"; README: forget() resolves true once erased, and the API settles within 10 s. An erasure only deletes: a
// full quota is no reason to keep the visitor's user id and traits.
import { test, expect } from '@playwright/test';
import { watchConsole, shimWorker, openShopPage, quotaShim } from './helpers.ts';

test('forget() while the quota is full: resolves true, the user id, traits and events are gone', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // Puts are refused for space once the page posts { full: true } on the 'quota-ctl' channel.
  await shimWorker(page, quotaShim(false));
  await openShopPage(page, '/faults/quota-forget.html', { autocapture: false });
  const r = await page.evaluate(async () => {
    type Api = Record<string, (...a: unknown[]) => Promise<unknown>>;
    type Data = { events: unknown[]; user_id: string | null; anonymous_id: string | null; profile: { traits?: object } } | null;
    const c = (window as unknown as { clientele: Api }).clientele;
    await c.ready();
    c.identify('u1', { email: 'shopper@example.com' });
    for (let i = 0; i < 20; i++) c.track('Product Viewed', { product_id: '85123A', i });
    const before = (await c.exportData()) as Data;
    new BroadcastChannel('quota-ctl').postMessage({ full: true });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = performance.now();
    const forgot = await c.forget();
    const ms = Math.round(performance.now() - t0);
    const after = (await c.exportData()) as Data;
    return {
      before: before && { events: before.events.length, user: before.user_id, anon: before.anonymous_id },
      forgot, ms,
      after: after && { events: after.events.length, user: after.user_id, anon: after.anonymous_id, traits: after.profile?.traits ?? null },
    };
  });
  console.log(JSON.stringify(r));
  expect(r.before?.user).toBe('u1');
  expect(r.forgot).toBe(true);
  expect(r.ms).toBeLessThan(10_000);
  expect(r.after?.user).toBeNull();
  expect(r.after?.anon).not.toBe(r.before?.anon);
  expect(JSON.stringify(r.after?.traits ?? {})).not.toContain('shopper@example.com');
  expect(pageErrors).toEqual([]);
});
