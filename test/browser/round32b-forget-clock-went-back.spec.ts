// The computer's clock goes back between the visitor's pages (set back by hand, or synced back by NTP after running
// fast), then the visitor calls forget() on the later page.
// Expected: README ("API"): forget() "Erases everything stored about the visitor, including calls made before it";
// ("Nothing lost, nothing thrown"): "forget() is total and ordered". Every event and the identity stored came before
// this forget() (they were stored by the earlier page), whatever their timestamps say.
// Observed on the build before this fix, with the clock one day back: forget() resolved true and left 12 of 13 events
// stored, with user_id "user-1" and its traits: the erasure keeps what is dated after it (meant for a forget() applied
// late, while other tabs went on), and everything the earlier page stored was dated after the clock's new time.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, initBeforeLoad, pageWithClockBehind } from './helpers.ts';


for (const ms of [86_400_000, 5 * 60_000])
test(`forget() on a page whose clock went ${ms / 60_000} min back since the earlier page: nothing from before it stays`, async ({ context }) => {
  const a = await context.newPage();
  await initBeforeLoad(a, { autocapture: false });
  await a.goto('/demo/index.html');
  await ready(a);
  await a.evaluate(async () => {
    const c = (window as unknown as { clientele: { identify(u: string, t: object): void; track(e: string, p: object): void; status(): Promise<unknown> } }).clientele;
    c.identify('user-1', { plan: 'pro' });
    for (let i = 0; i < 5; i++) c.track('Product Viewed', { product_id: '85123A', i });
    await c.status();
  });
  await a.close();

  const b = await pageWithClockBehind(context, ms);
  const { pageErrors } = watchConsole(b);
  await b.goto('/demo/index.html');
  await ready(b);
  const out = await b.evaluate(async () => {
    type Ex = { events: Array<{ event: string; user_id?: string }>; user_id: string | null; profile: { traits?: object } };
    const c = (window as unknown as { clientele: { exportData(): Promise<Ex>; forget(): Promise<boolean>; track(e: string, p: object): void } }).clientele;
    const before = (await c.exportData()).events.filter((e) => e.event === 'Product Viewed').length;
    const ok = await c.forget();
    const ex = await c.exportData();
    // What the new visitor does after it is stored (control).
    c.track('Cart Viewed', { after: true });
    const later = await c.exportData();
    return { before, ok, viewed: ex.events.filter((e) => e.event === 'Product Viewed').length, user: ex.user_id, traits: ex.profile?.traits ?? {}, named: ex.events.filter((e) => e.user_id).length, after: later.events.filter((e) => e.event === 'Cart Viewed').length };
  });
  console.log(JSON.stringify(out));
  expect(out.before).toBe(5);
  expect(out.ok).toBe(true);
  expect(out.viewed).toBe(0);
  expect(out.named).toBe(0);
  expect(out.user).toBeNull();
  expect(out.traits).toEqual({});
  expect(out.after).toBe(1);
  expect(pageErrors).toEqual([]);
});
