// A first visit to a shop whose origin's quota is already full (round 14's case), where the visitor signs in
// (identify()) or answers a consent banner (consent(true) under requireConsent). README, Quota: "One console message
// per page." Issue #8, item 4: "one message per page, not per batch". The events are stored once the room comes back.
import { test, expect } from '@playwright/test';
import { watchConsole, shimWorker, openShopPage, quotaShim } from './helpers.ts';

for (const requireConsent of [false, true])
test(`full quota, identify()${requireConsent ? ' and consent(true) under requireConsent' : ''}: one console message, events stored once room comes back`, async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  // Every put is refused for space until the page posts { full: false } on the 'quota-ctl' channel.
  await shimWorker(page, quotaShim(true));
  await openShopPage(page, '/faults/quota-identify.html', { calls: `clientele.push(['init', [{ requireConsent: ${requireConsent} }]]);`, autocapture: false });
  const r = await page.evaluate(async (rc) => {
    type Api = Record<string, (...a: unknown[]) => Promise<unknown>>;
    const c = (window as unknown as { clientele: Api }).clientele;
    const ok = await c.ready();
    if (rc) c.consent(true);
    for (let i = 0; i < 10; i++) c.track('Product Viewed', { product_id: '85123A', i });
    c.identify('u1', { plan: 'gold' });
    for (let i = 10; i < 20; i++) c.track('Product Viewed', { product_id: '85123A', i });
    await new Promise((r) => setTimeout(r, 3000));
    new BroadcastChannel('quota-ctl').postMessage({ full: false });
    await new Promise((r) => setTimeout(r, 12_000));
    const d = (await c.exportData()) as unknown as { events: Array<{ event: string; anonymous_id: string }>; anonymous_id: string; user_id: string } | null;
    const viewed = d?.events.filter((e) => e.event === 'Product Viewed') ?? [];
    return { ok, stored: viewed.length, ids: [...new Set(viewed.map((e) => e.anonymous_id))], anon: d?.anonymous_id, user: d?.user_id };
  }, requireConsent);
  const msgs = warnings.filter((w) => /clientele/.test(w));
  console.log(JSON.stringify({ ...r, msgs: msgs.map((w) => w.slice(0, 160)) }));
  expect(r.ok).toBe(true);
  expect(r.stored).toBe(20);
  expect(r.ids).toEqual([r.anon]);
  expect(r.user).toBe('u1');
  // The quota's one message: not a second one for the profile write.
  expect(msgs).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
