// Round 39 (tester a). A page left in the middle of taking over another tab's park: the park is taken one chunk
// (1,000 calls) a task, and nothing is sent until the last is taken (src/outbox.ts unpark). Tab A's 5,000 calls are
// parked as it is hidden and then killed (its worker busy: nothing stored); page B opens and takes the park over, and
// is left (closed, or killed) at once or a few ms into the take-over; page C counts.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, closeTab, shimWorker, seemHidden, watchConsole, SLOW_WORKER, crash, parkedByKilledTab } from './helpers.ts';

async function leave(context: BrowserContext, b: Page, how: string) {
  if (how === 'closed') return closeTab(b);
  await crash(context, b);
}

for (const how of ['closed', 'killed after hiding'])
  for (const ms of [0, 5, 20, 60])
    test(`a page ${how} ${ms} ms after its take-over of a 5,000-call park began: every call stored once`, async ({ context }) => {
      test.setTimeout(120_000);
      await parkedByKilledTab(context, 'Mid Takeover');
      const b = await context.newPage();
      const { pageErrors } = watchConsole(b);
      await shimWorker(b, SLOW_WORKER);
      // Left from the page itself as soon as its config is applied (the take-over begins then), plus `ms`.
      await b.goto('/demo/fixtures/blank.html');
      await ready(b);
      if (ms) await b.waitForTimeout(ms);
      if (how !== 'closed') await seemHidden(b, true);
      await leave(context, b, how);
      const c = await context.newPage();
      await c.goto('/demo/fixtures/blank.html');
      await ready(c);
      await expect.poll(async () => eventsNamed((await exported(c)).events, 'Mid Takeover').length, { timeout: 20_000 }).toBe(5000).catch(() => undefined);
      await c.waitForTimeout(1000);
      const s = eventsNamed((await exported(c)).events, 'Mid Takeover');
      expect({ stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, pageErrors }).toEqual({ stored: 5000, distinct: 5000, pageErrors: [] });
    });
