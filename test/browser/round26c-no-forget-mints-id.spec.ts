// README (Privacy): "a visitor who answers consent(false) gets none either" (no event, no profile, not even the
// anonymous id), and forget() "erases everything stored about the visitor". A shopper who says no and then asks to be
// forgotten must leave no identifier in IndexedDB: the "no" itself lives in localStorage (clientele:consent).
import { test, expect, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

async function profiles(page: Page): Promise<Array<{ anonymous_id?: string; consent?: unknown }>> {
  return page.evaluate(async () => {
    const name = (await indexedDB.databases()).map((d) => d.name!).find((n) => n.startsWith('clientele:'))!;
    const db: IDBDatabase = await new Promise((res, rej) => { const r = indexedDB.open(name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
    const all = await new Promise<unknown[]>((res) => { const r = db.transaction('profile').objectStore('profile').getAll(); r.onsuccess = () => res(r.result); });
    db.close();
    return all as Array<{ anonymous_id?: string }>;
  });
}

test('consent(false) then forget() leaves no anonymous id stored', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  await page.evaluate(() => (window as any).clientele.track('Product Viewed', { product_id: '85123A' }));
  await page.evaluate(() => (window as any).clientele.consent(false));
  const forgot = await page.evaluate(() => (window as any).clientele.forget());
  expect(forgot).toBe(true);
  await page.waitForTimeout(1500);
  const left = await profiles(page);
  console.log('profiles after consent(false) + forget():', JSON.stringify(left));
  expect(await page.evaluate(() => localStorage.getItem('clientele:consent'))).toBe('0');
  // Expected: nothing about the visitor; observed: a freshly minted anonymous id with consent:false.
  expect(left.filter((p) => typeof p.anonymous_id === 'string')).toHaveLength(0);
});

test('a first visit whose first call is consent(false) stores no anonymous id', async ({ page }) => {
  await page.addInitScript(() => { (window as any).clientele = [['consent', [false]]]; });
  await page.goto('/demo/index.html');
  await ready(page);
  await page.waitForTimeout(1500);
  const left = await profiles(page);
  console.log('profiles on a first visit that said no:', JSON.stringify(left));
  expect(left.filter((p) => typeof p.anonymous_id === 'string')).toHaveLength(0);
});
