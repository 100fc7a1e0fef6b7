// README Privacy: "consent(false) stops recording and stops using what is stored ... nothing leaves the device after
// the withdrawal". A visitor who bought, then said no: segments(), onSegments() and the dataLayer push must not keep
// profiling them from the stored history (RFM tier, lifecycle stage, audiences built from their orders).
import { test, expect } from '@playwright/test';
import { ready, initBeforeLoad, demoCatalog } from './helpers.ts';

type Seg = { lifecycle: { stage: string }; rfm: { tier: string } | null; audiences: string[] };
type Api = { track(e: string, p: object): void; consent(g: boolean): void; segments(): Promise<Seg | null>; onSegments(fn: (s: Seg) => void): () => void; setClock(ms: number | null): Promise<void> };

test('after consent(false), segments(), onSegments and the dataLayer no longer profile the visitor from stored history', async ({ page }) => {
  const config = { dataLayer: true, audiences: { buyers: { orders: { gte: 1 } } } };
  await initBeforeLoad(page, config);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const [p] = demoCatalog();
  await page.evaluate((p) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.consent(true);
    c.track('Order Completed', { order_id: 'T-1', total: p.price, products: [{ ...p, quantity: 1 }] });
  }, p);
  await expect.poll(() => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.segments())?.audiences)).toEqual(['buyers']);

  // The visitor withdraws consent.
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await page.waitForTimeout(300);
  const after = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.segments()));
  console.log('segments() after consent(false):', JSON.stringify({ stage: after?.lifecycle.stage, tier: after?.rfm?.tier, audiences: after?.audiences }));

  // Next page of the visit: the owner's onSegments (a CRM hook) and the tag manager.
  await page.reload();
  await ready(page);
  await page.evaluate(() => {
    const w = window as unknown as { seen: Seg[]; clientele: Api };
    w.seen = [];
    w.clientele.onSegments((s) => w.seen.push(s));
  });
  await page.waitForTimeout(1000);
  // A time a year on (a clock-driven segment check, as a long visit would make): the stage moves on from the stored order.
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.setClock(Date.now() + 200 * 86_400_000));
  await page.waitForTimeout(500);
  const seen = await page.evaluate(() => (window as unknown as { seen: Seg[] }).seen.map((s) => ({ stage: s.lifecycle.stage, audiences: s.audiences })));
  const pushes = await page.evaluate(() => ((window as unknown as { dataLayer?: Array<{ event: string; clientele: { lifecycle: string; audiences: string[] } }> }).dataLayer ?? []).filter((d) => d.event === 'clientele_segments').map((d) => d.clientele));
  console.log('onSegments after the no:', JSON.stringify(seen), 'dataLayer pushes:', JSON.stringify(pushes));

  // Nothing from the stored orders is used: no audience built from them, in any of the three.
  expect(after?.audiences ?? []).not.toContain('buyers');
  expect(seen.flatMap((s) => s.audiences)).not.toContain('buyers');
  expect(pushes.flatMap((d) => d.audiences)).not.toContain('buyers');
  expect(pushes.map((d) => d.lifecycle).filter((s) => s !== 'prospect')).toEqual([]);
});
