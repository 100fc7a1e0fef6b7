// The computer's clock goes back (set back by hand, or synced back by NTP after running fast) after the visitor
// ordered on an earlier page.
// Expected: README ("API"): segments() gives "RFM scores and tier, lifecycle stage ... and the reasons behind them" from
// the stored history; the order stored is in it, as buy-again shows ("you bought this just now").
// Observed on the build before this fix, with the clock 3 days back: segments() said { rfm: null, lifecycle: "prospect:
// no orders yet" } while buy-again offered the item bought: segments were computed as of the clock's time and left out
// every order dated after it, for as long as the clock was behind (audiences, slots and the dataLayer with them).
import { test, expect } from '@playwright/test';
import { ready, watchConsole, initBeforeLoad, pageWithClockBehind } from './helpers.ts';


test('segments() on a page whose clock went 3 days back since the visitor ordered: the order counts', async ({ context }) => {
  const a = await context.newPage();
  await initBeforeLoad(a, { autocapture: false });
  await a.goto('/demo/index.html');
  await ready(a);
  await a.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void; status(): Promise<unknown> } }).clientele;
    c.track('Product Viewed', { product_id: '85123A' });
    c.track('Order Completed', { order_id: 'o1', total: 20, products: [{ product_id: '85123A', price: 20 }] });
    await c.status();
  });
  await a.close();

  const ms = 3 * 86_400_000;
  const b = await pageWithClockBehind(context, ms);
  const { pageErrors } = watchConsole(b);
  await b.goto('/demo/index.html');
  await ready(b);
  const out = await b.evaluate(async () => {
    type Seg = { rfm: { orders: number } | null; lifecycle: { stage: string } };
    const c = (window as unknown as { clientele: { segments(): Promise<Seg | null>; recommend(r: object): Promise<unknown[]> } }).clientele;
    const s = await c.segments();
    return { orders: s?.rfm?.orders ?? 0, stage: s?.lifecycle.stage, buyAgain: (await c.recommend({ type: 'buy-again', limit: 4 })).length };
  });
  console.log(JSON.stringify(out));
  expect(out.buyAgain).toBe(1);
  expect(out.orders).toBe(1);
  expect(out.stage).not.toBe('prospect');
  expect(pageErrors).toEqual([]);
});
