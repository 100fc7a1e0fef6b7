// Round 35 (tester A). Issue "Never lose an event": every accepted call is kept until the worker acknowledged it.
// Page Lifecycle: Chrome freezes a tab that has been hidden a while (background-tab freezing, Energy Saver), firing
// `freeze` on its document, and may then discard it with no further event (no pagehide, no task). The outbox parks on
// visibilitychange/pagehide; calls made later while hidden (a shop's timers, a dwell, a late leave handler's task) wait
// on the 1 s batch timer and are "parked by the next park", the one after their batch is acknowledged. A freeze in
// between stops the timer and the worker: discarded, those calls were lost. The browser gives no later chance than
// `freeze` (https://developer.chrome.com/docs/web-platform/page-lifecycle-api: "the freeze event ... last chance").
// Here: page A is hidden (parks), tracks 50 calls, is frozen (a `freeze` event as Chrome dispatches it; headless
// Chromium's Page.setWebLifecycleState fires none here) and killed (Page.crash: no pagehide). The next page opens.
// Observed before the fix: 0 of 50 stored. Expected: 50, once each.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, seemHidden, shimWorker, watchConsole, SLOW_WORKER, slowDown } from './helpers.ts';

test('calls made on a hidden page, then frozen and discarded (no pagehide): the next page stores each once', async ({ context }) => {
  test.setTimeout(90_000);
  const a = await context.newPage();
  const { pageErrors } = watchConsole(a);
  await shimWorker(a, SLOW_WORKER);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.evaluate(() => (window as any).clientele.track('Before Hidden', {}));
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Before Hidden').length).toBe(1);
  // From now on every message its worker gets waits 20 s (a busy or throttled worker), so the batch timer of the hidden
  // page cannot race the freeze.
  await slowDown(a);
  await seemHidden(a, true);
  await a.evaluate(() => {
    const c = (window as any).clientele;
    for (let i = 0; i < 50; i++) c.track('Hidden Call', { i });
  });
  // Frozen in a later task, as Chrome does minutes after hiding.
  await a.evaluate(() => document.dispatchEvent(new Event('freeze')));
  const cdp = await context.newCDPSession(a);
  void cdp.send('Page.crash').catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await expect.poll(async () => eventsNamed((await exported(b)).events, 'Hidden Call').length, { timeout: 15_000 }).toBe(50).catch(() => undefined);
  const data = await exported(b);
  const s = eventsNamed(data.events, 'Hidden Call');
  expect({
    stored: s.length,
    unique: new Set(s.map((e) => e.properties.i)).size,
    before: eventsNamed(data.events, 'Before Hidden').length,
    errors: pageErrors,
  }).toEqual({ stored: 50, unique: 50, before: 1, errors: [] });
});

test('a frozen page that resumes and comes back: its calls are stored once, nothing is left parked', async ({ context }) => {
  test.setTimeout(90_000);
  const a = await context.newPage();
  const { pageErrors } = watchConsole(a);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await seemHidden(a, true);
  await a.evaluate(() => {
    const c = (window as any).clientele;
    for (let i = 0; i < 50; i++) c.track('Hidden Call', { i });
    document.dispatchEvent(new Event('freeze'));
  });
  await a.evaluate(() => document.dispatchEvent(new Event('resume')));
  await seemHidden(a, false);
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Hidden Call').length, { timeout: 15_000 }).toBe(50);
  await expect.poll(() => a.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':unsent:')).length)).toBe(0);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => (window as any).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(b)).events, 'Marker').length, { timeout: 15_000 }).toBe(1);
  const s = eventsNamed((await exported(b)).events, 'Hidden Call');
  expect({ stored: s.length, unique: new Set(s.map((e) => e.properties.i)).size, errors: pageErrors }).toEqual({ stored: 50, unique: 50, errors: [] });
});
