// The computer's clock ran far ahead (a wrong year set by hand, a dead CMOS battery's guess, a VM restored with a bad
// clock) while the visitor browsed, then was put right. One event of that page is stored dated months ahead.
// Expected: README ("API"): segments() gives "RFM scores and tier, lifecycle stage ... and the reasons behind them" as
// of now: a visitor who ordered today is a new customer, last ordered 0 days ago, not lapsed.
// Observed on the build before this fix: segments were taken as of the newest event (round 32's fix for a clock that
// went back), so as of 200 days ahead: { stage 'lapsed' / 'churned', 'last 3000+ days ago' }, the win-back slot shown to a
// buyer of today, for every page for 200 days.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, watchConsole, initBeforeLoad } from './helpers.ts';

const worker = readFileSync('dist/clientele-worker.js', 'utf8');
const shift = (ms: number) => `(function(){var d=Date.now;Date.now=function(){return d()+${ms}}})();`;
type Seg = { rfm: { orders: number; recencyDays: number | null } | null; lifecycle: { stage: string }; reasons: string[] };
type C = { track(e: string, p: object): void; status(): Promise<unknown>; segments(): Promise<Seg | null> };

test('segments() after one page whose clock was 200 days ahead: an order of today is 0 days old, the buyer not lapsed', async ({ context }) => {
  const a = await context.newPage();
  await initBeforeLoad(a, { autocapture: false });
  await a.goto('/demo/index.html');
  await ready(a);
  await a.evaluate(async () => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.track('Order Completed', { order_id: 'o1', total: 20, products: [{ product_id: '85123A', price: 20 }] });
    await c.status();
  });
  await a.close();

  // A page (and its worker) with the clock 200 days ahead stores one view.
  const ahead = 200 * 86_400_000; // within the 400 days retention keeps: as of its clock, nothing is yet old enough to go
  const body = shift(ahead) + worker;
  await context.route('**/dist/clientele-worker.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body }));
  const b = await context.newPage();
  await b.addInitScript((s) => { (0, eval)(s); }, shift(ahead));
  await initBeforeLoad(b, { autocapture: false });
  await b.goto('/demo/index.html');
  await ready(b);
  await b.evaluate(async () => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.track('Product Viewed', { product_id: '22423' });
    await c.status();
  });
  await b.close();
  await context.unroute('**/dist/clientele-worker.js');

  // The clock put right.
  const p = await context.newPage();
  const { pageErrors } = watchConsole(p);
  await initBeforeLoad(p, { autocapture: false });
  await p.goto('/demo/index.html');
  await ready(p);
  const out = await p.evaluate(async () => {
    const s = await (window as unknown as { clientele: C }).clientele.segments();
    return { orders: s?.rfm?.orders ?? 0, recency: s?.rfm?.recencyDays ?? null, stage: s?.lifecycle.stage, reasons: s?.reasons };
  });
  console.log(JSON.stringify(out));
  expect(out.orders).toBe(1);
  expect(out.recency).not.toBeNull();
  expect(out.recency!).toBeLessThan(1);
  expect(['lapsed', 'churned', 'at-risk', 'at_risk']).not.toContain(out.stage);
  expect(pageErrors).toEqual([]);
});
