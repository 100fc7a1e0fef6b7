// Round 39 (tester e), issue 8 item 3: "a tab holding an older schema never blocks a newer one for long, and events
// wait in the outbox, not in a doomed tab". faults.spec keeps both waiting tabs open until the old tab lets go; here
// the tabs that waited are gone first (closed, or left for another page of the site) while the older schema is still
// held: what they tracked must be parked on leaving, and stored once by a page opened after the old tab lets go.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, olderSchemaTab, ready, watchConsole } from './helpers.ts';

type Api = { track(e: string, p?: object): void; status(): Promise<{ storage: string } | null> };

for (const leave of ['closed', 'navigated']) test(`tabs waiting on an older schema are ${leave} before it lets go: the next page stores their 3,000 events each, once`, async ({ context }) => {
  test.setTimeout(120_000);
  const { page: old, release } = await olderSchemaTab(context);
  const tabs = [await context.newPage(), await context.newPage()];
  const errors = tabs.map((t) => watchConsole(t).pageErrors);
  await Promise.all(tabs.map((t) => t.goto('/demo/fixtures/blank.html')));
  await Promise.all(tabs.map((t) => ready(t)));
  await Promise.all(tabs.map((t, i) => t.evaluate((from) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let i = from; i < from + 3000; i++) c.track('Waited', { n: i });
  }, i * 3000)));
  expect((await tabs[0].evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage).toBe('waiting');
  await tabs[0].waitForTimeout(1500);
  if (leave === 'closed') for (const t of tabs) await t.close({ runBeforeUnload: true });
  else await Promise.all(tabs.map((t) => t.goto('/faults/elsewhere.html').catch(() => undefined)));
  await release();
  await old.close();
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html?next');
  await ready(next);
  await expect.poll(async () => eventsNamed((await exported(next)).events, 'Waited').length, { timeout: 60_000 }).toBe(6000);
  await next.waitForTimeout(1000);
  const stored = eventsNamed((await exported(next)).events, 'Waited');
  expect({ stored: stored.length, distinct: new Set(stored.map((e) => e.properties.n)).size, ids: new Set(stored.map((e) => e.message_id)).size, errors: errors.flat() })
    .toEqual({ stored: 6000, distinct: 6000, ids: 6000, errors: [] });
});
