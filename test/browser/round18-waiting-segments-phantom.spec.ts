// While another tab holds an older schema open (storage 'waiting'), the engine's store is a stand-in in memory that
// "is not the visitor's" (README: exportData() answers null rather than from it). segments() ("the visitor's
// segments": lifecycle stage, RFM, traits) answers from that stand-in instead: a returning customer with orders is
// reported as a brand-new visitor with no orders and no traits, and onSegments() tells the shop so, then flips back once
// the database opens. The documented fallback for segments() is null (README: API settles with its fallback).
import { test, expect } from '@playwright/test';
import { ready, watchConsole, olderSchemaTab } from './helpers.ts';

type Seg = { lifecycle: { stage: string }; rfm: unknown; traits: Record<string, unknown> } | null;
type Api = { status(): Promise<{ storage: string } | null>; segments(): Promise<Seg>; onSegments(fn: (s: Seg) => void): () => void };

test('segments() and onSegments() while storage is waiting: the stored visitor\'s segments or null, never a made-up new visitor', async ({ context }) => {
  test.setTimeout(90_000);
  const now = Date.now();
  const day = 86_400_000;
  const orders = [40, 20, 5].map((d, i) => ({ message_id: `old-o${i}`, event: 'Order Completed', properties: { order_id: `o-${i}`, total: 120, currency: 'GBP', products: [{ product_id: '85123A', price: 120, quantity: 1 }] }, timestamp: now - d * day, session_id: `s${i}`, anonymous_id: 'anon-alice', user_id: 'alice' }));
  const { page: old, release } = await olderSchemaTab(context, {
    events: orders,
    profile: { anonymous_id: 'anon-alice', user_id: 'alice', traits: { region: 'EU' }, created_at: now - 60 * day, updated_at: now - day },
  });
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const during = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api; __seen: Seg[] }).clientele;
    const seen: Seg[] = ((window as unknown as { __seen: Seg[] }).__seen = []);
    c.onSegments((s) => seen.push(s));
    const storage = (await c.status())?.storage;
    const s = await c.segments();
    return { storage, seg: s && { stage: s.lifecycle.stage, rfm: !!s.rfm, traits: s.traits } };
  });
  await release();
  await old.close();
  await expect.poll(() => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.storage), { timeout: 30_000 }).toBe('indexeddb');
  const after = await page.evaluate(async () => { const s = await (window as unknown as { clientele: Api }).clientele.segments(); return s && { stage: s.lifecycle.stage, rfm: !!s.rfm, traits: s.traits }; });
  const seen = await page.evaluate(() => (window as unknown as { __seen: Seg[] }).__seen.map((s) => s && s.lifecycle.stage));
  console.log(JSON.stringify({ during, after, seen }));
  expect(during.storage).toBe('waiting');
  // While waiting: the visitor's own segments (as after), or the documented fallback, null.
  if (during.seg !== null) expect(during.seg).toEqual(after);
  // onSegments() hears only the visitor's stage(s), never a made-up visitor's first.
  for (const s of seen) if (s !== null) expect(s).toBe(after?.stage);
  expect(pageErrors).toEqual([]);
});
