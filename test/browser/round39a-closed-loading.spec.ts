// Round 39 (tester a). Issue #8 (1): "every accepted call, from the snippet's queue onward, is kept until the worker
// has acknowledged it stored; on pagehide/visibilitychange whatever is not acknowledged is parked synchronously".
// A tab still loading is hidden (the shopper switched tabs, or to another app on a phone), then the browser discards it
// (Chromium's tab discarding, a phone's OS reclaiming the browser) with no further event: no beforeunload, no
// pagehide (CDP Target.closeTarget here; a page frozen first by Chromium gets `freeze`, dispatched here as Chrome
// does, since headless Chromium's Page.setWebLifecycleState fires none). Page Lifecycle: visibilitychange to hidden is
// the last event a page can count on. Before the fix, the snippet parked its queue only on pagehide and beforeunload:
// a page whose clientele.js had not arrived lost every call (0 of 50 stored). Calls taken by the script, its worker
// not yet up, were parked by the outbox on visibilitychange and freeze (50 of 50).
// Seen, and not fixable by any page: a tab closed still loading with no event at all (not hidden first: CDP
// Target.closeTarget alone) loses them in both cases, 0 of 50; Chromium discards only tabs in the background.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openReady, ready, exported, eventsNamed, seemHidden, watchConsole, parkedQueues } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

/** Closes `page` as a discard does: no beforeunload, no pagehide. */
async function discard(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page);
  const { targetInfo } = (await cdp.send('Target.getTargetInfo')) as { targetInfo: { targetId: string } };
  const closed = page.waitForEvent('close');
  await (await context.browser()!.newBrowserCDPSession()).send('Target.closeTarget', { targetId: targetInfo.targetId });
  await closed;
}

const LAST: Record<string, (page: Page) => Promise<unknown>> = {
  hidden: (page) => seemHidden(page, true),
  'hidden, then frozen': async (page) => {
    await seemHidden(page, true);
    await page.evaluate(() => document.dispatchEvent(new Event('freeze')));
  },
};

for (const stage of ['its script not yet arrived', 'its worker not yet up'])
  for (const [how, last] of Object.entries(LAST))
    test(`a tab still loading, ${stage}, ${how} and discarded: the next page stores every call once`, async ({ context }) => {
      const page = await context.newPage();
      const { pageErrors } = watchConsole(page);
      await page.route('**/still/loading.html', (route) => route.fulfill({
        contentType: 'text/html',
        body: `<!doctype html><title>t</title><script>${SNIPPET}</script><script>for (let n = 0; n < 50; n++) clientele.track('Closed Loading', { n });</script>
<script async src="/dist/clientele.js${stage.includes('script') ? '?never' : ''}" data-autocapture="false"></script><img src="/never.png">`,
      }));
      await page.route('**/never.png', () => new Promise(() => undefined));
      await page.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
      if (stage.includes('worker')) await page.route('**/dist/clientele-worker.js', () => new Promise(() => undefined));
      await page.goto('/still/loading.html', { waitUntil: 'domcontentloaded' });
      await page.waitForTimeout(500);
      const state = await page.evaluate(() => [document.readyState, (window as unknown as { clientele: { __real?: boolean } }).clientele.__real === true]);
      expect(state).toEqual(['interactive', stage.includes('worker')]);
      await last(page);
      await discard(context, page);
      const next = await openReady(context);
      await expect.poll(async () => eventsNamed((await exported(next)).events, 'Closed Loading').length, { timeout: 10_000 }).toBe(50).catch(() => undefined);
      const stored = eventsNamed((await exported(next)).events, 'Closed Loading');
      expect({ stored: stored.length, distinct: new Set(stored.map((e) => e.properties.n)).size, pageErrors }).toEqual({ stored: 50, distinct: 50, pageErrors: [] });
    });

// The other side of parking on hiding: a page hidden and shown again before its script came takes its parked queue
// back (nothing left parked for a later page), and a queue another open tab took over while it was hidden is stored
// once when the page's own script then replays it (the events' ids come from the parked key).
for (const other of [false, true])
  test(`a page hidden and shown again before its script came${other ? ', its park taken over by another tab meanwhile' : ''}: every call stored once, nothing left parked`, async ({ context }) => {
    const open = other ? await openReady(context) : null;
    const page = await context.newPage();
    const { pageErrors } = watchConsole(page);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/back/shown.html', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>t</title><script>${SNIPPET}</script><script>for (let n = 0; n < 50; n++) clientele.track('Hidden Shown', { n });</script>
<script async src="/dist/clientele.js?held" data-autocapture="false"></script>`,
    }));
    await page.route('**/dist/clientele.js?held', async (route) => { await held; await route.continue(); });
    await page.goto('/back/shown.html', { waitUntil: 'domcontentloaded' });
    await seemHidden(page, true);
    // Another tab open and shown takes the queue over as it is parked.
    const parked = open ? (await expect.poll(() => parkedQueues(page)).toBe(0), 1) : await parkedQueues(page);
    await seemHidden(page, false);
    const after = await parkedQueues(page);
    release();
    await ready(page);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Hidden Shown').length, { timeout: 10_000 }).toBe(50).catch(() => undefined);
    await page.waitForTimeout(1500);
    const stored = eventsNamed((await exported(page)).events, 'Hidden Shown');
    expect({ parked, after, stored: stored.length, distinct: new Set(stored.map((e) => e.properties.n)).size, left: await parkedQueues(page), pageErrors })
      .toEqual({ parked: 1, after: 0, stored: 50, distinct: 50, left: 0, pageErrors: [] });
  });

// A page hidden before its script came (its queue parked), whose script then arrives while it is still hidden and
// stores every call, then discarded: the next page, replaying the queue still parked, stores nothing twice.
test('a page hidden before its script came, stored while hidden, then discarded: every call stored once', async ({ context }) => {
  const page = await context.newPage();
  const { pageErrors } = watchConsole(page);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/hidden/stored.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>t</title><script>${SNIPPET}</script><script>clientele.identify('u-1'); for (let n = 0; n < 50; n++) clientele.track('Hidden Stored', { n });</script>
<script async src="/dist/clientele.js?held" data-autocapture="false"></script>`,
  }));
  await page.route('**/dist/clientele.js?held', async (route) => { await held; await route.continue(); });
  await page.goto('/hidden/stored.html', { waitUntil: 'domcontentloaded' });
  await seemHidden(page, true);
  const parked = await parkedQueues(page);
  release();
  await ready(page);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Hidden Stored').length, { timeout: 10_000 }).toBe(50);
  await discard(context, page);
  const next = await openReady(context);
  await next.waitForTimeout(1500);
  const data = await exported(next);
  const stored = eventsNamed(data.events, 'Hidden Stored');
  expect({ parked, stored: stored.length, distinct: new Set(stored.map((e) => e.properties.n)).size, user: data.user_id, left: await parkedQueues(next), pageErrors })
    .toEqual({ parked: 1, stored: 50, distinct: 50, user: 'u-1', left: 0, pageErrors: [] });
});
