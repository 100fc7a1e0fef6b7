// README API: exportData() is "everything stored about the visitor"; Privacy: "exportData() returns everything held
// about the visitor". The worker stores the visitor's segments (lifecycle stage, RFM tier, behaviour cluster,
// audiences) in IndexedDB meta ('segments-signature', 'forward-segments-signature'): inferred personal data a data
// subject access request must return, yet the export leaves it out.
import { test, expect } from '@playwright/test';
import { ready, initBeforeLoad, demoCatalog } from './helpers.ts';

type Api = { track(e: string, p: object): void; onSegments(fn: (s: unknown) => void): () => void; exportData(): Promise<Record<string, unknown>> };

test('exportData() holds the segments stored about the visitor in IndexedDB', async ({ page }) => {
  await initBeforeLoad(page, { dataLayer: true, audiences: { buyers: { orders: { gte: 1 } } } });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const [p] = demoCatalog();
  await page.evaluate((p) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.onSegments(() => undefined);
    c.track('Order Completed', { order_id: 'T-1', total: p.price, products: [{ ...p, quantity: 1 }] });
  }, p);
  const meta = () => page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => { const r = indexedDB.open('clientele:default'); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
    const v = await new Promise<unknown>((ok) => { const r = db.transaction('meta').objectStore('meta').get('segments-signature'); r.onsuccess = () => ok(r.result); });
    db.close();
    return v as string | undefined;
  });
  await expect.poll(meta, { timeout: 10_000 }).toContain('buyers');
  const stored = JSON.parse((await meta())!) as unknown[];
  console.log('stored in IndexedDB meta segments-signature:', JSON.stringify(stored));
  const exported = JSON.stringify(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()));
  // Every value of the stored profiling record (stage, tier, cluster, audiences) is in the export.
  const missing = stored.flat().filter((v) => typeof v === 'string' && !exported.includes(JSON.stringify(v)));
  console.log('stored segment values missing from exportData():', JSON.stringify(missing));
  expect(missing).toEqual([]);
});
