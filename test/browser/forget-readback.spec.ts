// after forget() resolves true, nothing about the old visitor is readable anywhere.
import { test, expect } from '@playwright/test';
import { ready, exported, watchConsole } from './helpers.ts';

type Api = Record<string, (...a: unknown[]) => Promise<unknown>>;

test('forget() on the demo home after activity: export, segments, rows, status and localStorage hold nothing of the old visitor', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await expect(page.locator('[data-clientele-widget] [data-clientele-widget-item]').first()).toBeVisible();
  const before = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const popular = (await c.recommend({ type: 'popular', limit: 6 })) as Array<{ item: { product_id: string } }>;
    c.identify('u-old', { region: 'EU', email: 'old@example.com' });
    for (const r of popular) { c.track('Product Viewed', { product_id: r.item.product_id }); c.track('Product Added', { product_id: r.item.product_id, price: 3 }); }
    c.track('Order Completed', { order_id: 'O-OLD-1', total: 9, products: [{ product_id: popular[0].item.product_id, price: 9 }] });
    await c.status();
    return { ids: popular.map((r) => r.item.product_id), anon: ((await c.exportData()) as { anonymous_id: string }).anonymous_id };
  });
  await page.waitForTimeout(1500);
  const after = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const ok = await c.forget();
    const [data, segs, rv, ba, status] = await Promise.all([c.exportData(), c.segments(), c.recommend({ type: 'recently-viewed' }), c.recommend({ type: 'buy-again' }), c.status()]);
    const ls: Record<string, string> = {};
    for (const k of Object.keys(localStorage)) if (k.startsWith('clientele')) ls[k] = localStorage.getItem(k)!.slice(0, 300);
    return { ok, data, segs, rv, ba, status, ls };
  });
  const text = JSON.stringify(after);
  console.log(JSON.stringify({ ok: after.ok, events: (after.data as { events: unknown[] }).events.length, ls: after.ls, status: after.status }));
  expect(after.ok).toBe(true);
  expect(text).not.toContain('u-old');
  expect(text).not.toContain('old@example.com');
  expect(text).not.toContain('O-OLD-1');
  expect(text).not.toContain(before.anon);
  expect(after.rv).toEqual([]);
  expect(after.ba).toEqual([]);
  expect(JSON.stringify((after.data as { events: unknown[] }).events.filter((e) => before.ids.some((id) => JSON.stringify(e).includes(id))))).toBe('[]');
  // Two more seconds: nothing from before comes back.
  await page.waitForTimeout(2500);
  const later = await exported(page);
  const lt = JSON.stringify(later);
  console.log(JSON.stringify(later.events.map((e) => [e.event, e.properties.product_id])));
  expect(lt).not.toContain('u-old');
  expect(lt).not.toContain('O-OLD-1');
  expect(later.events.filter((e) => e.event === 'Product Viewed' || e.event === 'Product Added')).toEqual([]);
  expect(pageErrors).toEqual([]);
});
