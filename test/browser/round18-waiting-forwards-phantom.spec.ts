// While another tab holds an older schema open, storage is 'waiting': the engine "serves from memory", "events wait on
// the page, and they are stored once the database opens" (README, Storage that degrades), and exportData() refuses to
// answer from that stand-in store because "the store in memory is not the visitor's" (round 14). Forwarding reads the
// same stand-in: an order placed while waiting is forwarded at once, stamped with a made-up anonymous id, no user id and
// no attribution of the real visitor's history; the shop's analytics gets a phantom customer. Forwarded records are
// "{ ..., message_id, anonymous_id, user_id, ... }" of the stored event (README, Forwarding): the visitor's ids.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, olderSchemaTab } from './helpers.ts';

type Fwd = { event: string; message_id: string; anonymous_id: string; user_id: string | null; properties: Record<string, unknown> };
type Api = { track(e: string, p: object): void; status(): Promise<{ storage: string } | null>; exportData(): Promise<{ anonymous_id: string | null; events: Array<{ event: string; message_id: string }> } | null> };

test('an order forwarded while storage is waiting carries the stored visitor\'s ids, never a made-up visitor', async ({ context }) => {
  test.setTimeout(90_000);
  const now = Date.now();
  const { page: old, release } = await olderSchemaTab(context, {
    events: [{ message_id: 'old-1', event: 'Product Viewed', properties: { product_id: '85123A' }, timestamp: now - 86_400_000, session_id: 's-old', anonymous_id: 'anon-alice', user_id: 'alice' }],
    profile: { anonymous_id: 'anon-alice', user_id: 'alice', traits: { region: 'EU' }, created_at: now - 86_400_000, updated_at: now - 86_400_000 },
  });
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await page.addInitScript(() => {
    const w = window as unknown as { clientele: unknown[]; __fwd: unknown[] };
    w.__fwd = [];
    w.clientele = [['init', [{ forward: { events: ['orders'], consent: 'unless-refused', callback: (list: unknown[]) => w.__fwd.push(...list) } }]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const storage = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.storage);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Order Completed', { order_id: 'o-9', total: 42, currency: 'GBP', products: [{ product_id: '85123A', price: 42, quantity: 1 }] }));
  // Several flushes while the database is still held.
  await page.waitForTimeout(3000);
  const during = await page.evaluate(() => (window as unknown as { __fwd: Fwd[] }).__fwd.map((f) => ({ event: f.event, anonymous_id: f.anonymous_id, user_id: f.user_id })));
  await release();
  await old.close();
  await expect.poll(() => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.storage), { timeout: 30_000 }).toBe('indexeddb');
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()))?.events.filter((e) => e.event === 'Order Completed').length, { timeout: 30_000 }).toBe(1);
  await page.waitForTimeout(1000);
  const all = await page.evaluate(() => (window as unknown as { __fwd: Fwd[] }).__fwd.map((f) => ({ event: f.event, message_id: f.message_id, anonymous_id: f.anonymous_id, user_id: f.user_id })));
  console.log(JSON.stringify({ storage, during, all }));
  expect(storage).toBe('waiting');
  const orders = all.filter((f) => f.event === 'Order Completed');
  expect(orders.length).toBeGreaterThan(0);
  // Every forwarded copy of the order is the stored visitor's: alice, under her anonymous id.
  for (const o of orders) {
    expect(o.anonymous_id).toBe('anon-alice');
    expect(o.user_id).toBe('alice');
  }
  expect(pageErrors).toEqual([]);
});
