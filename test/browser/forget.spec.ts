// forget() erases everything about the visitor, wherever it still lives: the dwell measured on this page, the rows on
// screen, the forwarding queue, other tabs, and (with no IndexedDB) the stores in memory of every tab and what a
// closed tab parked. What is tracked after it belongs to a new visitor.
import { test, expect } from '@playwright/test';
import { ready, exported, watchConsole, noIndexedDb, readyTabs, closeTab } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown> & { recommend(r: object): Promise<unknown[]>; forget(): Promise<boolean> };
const api = 'window.clientele';

/** Makes IndexedDB unusable in every worker of the context: the engine runs in memory. */
test('the dwell on the product on screen before forget() is not stored after it', async ({ page }) => {
  await page.goto('/demo/fixtures/jsonld.html');
  await ready(page);
  await expect.poll(async () => (await exported(page)).events.map((e) => e.event)).toContain('Product Viewed');
  await page.waitForTimeout(2500);
  expect(await page.evaluate(`${api}.forget()`)).toBe(true);
  // The visitor leaves right after: leaving is when the dwell would be recorded.
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(`${api}.track('Marker', {})`);
  await expect.poll(async () => (await exported(page)).events.map((e) => e.event)).toContain('Marker');
  const names = (await exported(page)).events.map((e) => e.event);
  expect(names).not.toContain('Product Dwell');
  expect(names).not.toContain('Product Viewed');
});

test('rows on screen drawn from the erased history are asked again at once: recently viewed empties', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    for (const id of ['85123A', '22423', '85099B']) c.track('Product Viewed', { product_id: id });
    for (const [id, type] of [['rv', 'recently-viewed'], ['pop', 'popular']]) {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = id;
      c.mount(el, { type, limit: 4 });
    }
  });
  const recent = page.locator('#rv [data-clientele-widget-item]');
  await expect.poll(() => recent.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  expect(await page.evaluate(`${api}.forget()`)).toBe(true);
  await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(0);
  // A row that owes nothing to the history still shows.
  await expect(page.locator('#pop [data-clientele-widget-item]').first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('forget() in one tab: another tab\'s recently viewed row empties, and its dwell is not stored', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/jsonld.html');
  await ready(b);
  await b.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    for (const id of ['22423', '85099B']) c.track('Product Viewed', { product_id: id });
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'rv';
    c.mount(el, { type: 'recently-viewed', limit: 4 });
  });
  const recent = b.locator('#rv [data-clientele-widget-item]');
  await expect.poll(() => recent.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  await b.waitForTimeout(1500);
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  expect(await a.evaluate(`${api}.forget()`)).toBe(true);
  await expect.poll(() => recent.count(), { timeout: 5000 }).toBe(0);
  await closeTab(b);
  await a.evaluate(`${api}.track('Marker', {})`);
  await expect.poll(async () => (await exported(a)).events.map((e) => e.event)).toContain('Marker');
  await a.waitForTimeout(500);
  expect((await exported(a)).events.map((e) => e.event)).not.toContain('Product Dwell');
});

test('no IndexedDB: forget() in one tab erases the visitor from another tab\'s store in memory', async ({ context }) => {
  await noIndexedDb(context);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.identify('alice', { email: 'a@example.com' });
    for (const id of ['85123A', '22423']) c.track('Product Viewed', { product_id: id });
  });
  await expect.poll(async () => (await exported(b)).events.length).toBeGreaterThanOrEqual(2);
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  expect(await a.evaluate(`${api}.forget()`)).toBe(true);
  await expect.poll(async () => (await exported(b)).events.filter((e) => e.event === 'Product Viewed').length).toBe(0);
  const left = await exported(b);
  expect(left.user_id).toBeNull();
  expect(await b.evaluate(() => (window as unknown as { clientele: C }).clientele.recommend({ type: 'recently-viewed' }))).toEqual([]);
});

test('no IndexedDB: calls a tab holds on closing, made before forget() in another tab, are neither parked nor replayed by the next page', async ({ context }) => {
  await noIndexedDb(context);
  const [a, b] = await readyTabs(context, 2);
  // Tab B's worker hangs, so its call stays unsent however long the forget() takes (its own timer would send it
  // within a second).
  await b.workers()[0].evaluate(() => void setTimeout(() => { for (;;) { /* hung */ } }, 0));
  await b.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Product Viewed', { product_id: '85123A', secret: 'before-forget' }));
  expect(await a.evaluate(`${api}.forget()`)).toBe(true);
  // Tab B closes with the call unsent. It knows of the forget() (its mark): it parks nothing made before it (round 28:
  // it parked the erased visitor's calls, which only the next page's replay then refused).
  await closeTab(b);
  await a.waitForTimeout(500);
  const parked = await a.evaluate(() => Object.keys(localStorage).filter((k) => (localStorage.getItem(k) ?? '').includes('before-forget')).length);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await next.evaluate(`${api}.track('Marker', {})`);
  await expect.poll(async () => (await exported(next)).events.map((e) => e.event)).toContain('Marker');
  expect((await exported(next)).events.filter((e) => e.properties.secret)).toEqual([]);
  expect(parked).toBe(0);
});

test('a content slot that shows the erased visitor a win-back message is chosen again: the new visitor is welcomed', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  const orderedAt = await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    c.track('Order Completed', { order_id: 'F-1', total: 10, currency: 'GBP', products: [{ product_id: '85123A', price: 10, quantity: 1 }] });
    return Date.now();
  });
  // Past any at-risk gap the demo's site model learned (segments.spec.ts checks the stage itself).
  await page.evaluate((t) => (window as unknown as { clientele: C }).clientele.setClock(t), orderedAt + 120 * 86_400_000);
  await page.evaluate(() => {
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'hero-again';
    (window as unknown as { clientele: C }).clientele.mount(el, { slot: 'hero' });
  });
  const hero = page.locator('#hero-again');
  await expect.poll(() => hero.getAttribute('data-clientele-variant')).toBe('win-back');
  expect(await page.evaluate(`${api}.forget()`)).toBe(true);
  await expect.poll(() => hero.getAttribute('data-clientele-variant')).toBe('welcome');
});

test('on a product page, a "similar" row asked again after forget() is still seeded by the product on screen', async ({ page }) => {
  await page.goto('/demo/fixtures/jsonld.html');
  await ready(page);
  await page.evaluate(() => {
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'sim';
    (window as unknown as { clientele: C }).clientele.mount(el, { type: 'similar', limit: 4 });
  });
  const cards = page.locator('#sim [data-clientele-widget-item]');
  await expect.poll(() => cards.count(), { timeout: 15_000 }).toBeGreaterThan(0);
  const ids = () => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
  const before = await ids();
  expect(await page.evaluate(`${api}.forget()`)).toBe(true);
  await page.waitForTimeout(1000);
  const after = await ids();
  expect(after.length).toBe(before.length);
  expect(after).not.toContain('85123A');
});
