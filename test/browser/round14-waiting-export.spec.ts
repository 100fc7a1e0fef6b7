// exportData() "returns everything held about the visitor" (README, Privacy); the API table: "Promise of everything
// stored about the visitor: { anonymous_id, user_id, events, profile, ... }", null when the worker cannot answer.
// While another tab of the site holds an older schema open, storage is 'waiting': the engine "serves from memory".
// Here the visitor's stored data is in that database (written by the older build), and exportData() answers from the
// worker's scratch memory store instead: a made-up anonymous id, no user id, none of the stored events, presented as
// everything stored.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, olderSchemaTab } from './helpers.ts';

type Api = { exportData(): Promise<{ anonymous_id: string | null; user_id: string | null; events: Array<{ event: string }> } | null>; status(): Promise<{ storage: string } | null> };

test('exportData() while an older-schema tab holds the database: never a made-up visitor with none of the stored data', async ({ context }) => {
  test.setTimeout(90_000);
  // An older build's tab (schema v3) that has stored the visitor: alice, one event.
  const now = Date.now();
  const { page: old, release } = await olderSchemaTab(context, {
    events: [{ message_id: 'old-1', event: 'Order Completed', properties: { order_id: 'o-1', total: 42 }, timestamp: now - 86_400_000, session_id: 's-old', anonymous_id: 'anon-alice' }],
    profile: { anonymous_id: 'anon-alice', user_id: 'alice', traits: { region: 'EU' }, created_at: now - 86_400_000, updated_at: now - 86_400_000 },
  });
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const during = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    return { storage: (await c.status())?.storage, data: await c.exportData() };
  });
  await release();
  await old.close();
  await expect.poll(() => page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.status())?.storage), { timeout: 30_000 }).toBe('indexeddb');
  const afterwards = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData());
  console.log(JSON.stringify({ storage: during.storage, during: during.data && { anonymous_id: during.data.anonymous_id, user_id: during.data.user_id, events: during.data.events.map((e) => e.event) }, afterwards: afterwards && { anonymous_id: afterwards.anonymous_id, user_id: afterwards.user_id, events: afterwards.events.map((e) => e.event) } }));
  expect(during.storage).toBe('waiting');
  expect(afterwards?.anonymous_id).toBe('anon-alice');
  // While waiting: the stored visitor, or the documented fallback (null), never another visitor's identity.
  if (during.data !== null) {
    expect(during.data.anonymous_id).toBe('anon-alice');
    expect(during.data.user_id).toBe('alice');
    expect(during.data.events.some((e) => e.event === 'Order Completed')).toBe(true);
  }
  expect(pageErrors).toEqual([]);
});
