// Round 42 (tester b), from the outside prober's p02: tabs of a fresh profile open at once, each makes 500 track()
// calls through the snippet before its script arrives, and each is closed 150 ms after its script loaded. With the
// CPU throttled 4x, a whole tab's 500 calls (or two tabs') were lost in most runs, none parked: a tab is still loading
// then (the script's own chunks hold its load event back), and Chromium fires no pagehide for a tab closed while it
// loads, nor beforeunload when the close does not ask for it (Playwright's page.close(), a script's or the browser's
// own close). Its calls lived only in memory. Now the outbox parks what it holds at once while the page loads.
import { test, expect, type Browser, type BrowserContext } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

/** Serves /r42b/t.html?base=N: the snippet, 500 track('Early', { seq }) calls, the script; `hold` adds an image that never comes. */
const serve = (context: BrowserContext) => Promise.all([
  context.route('**/r42b/t.html*', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>t</title><script>${SNIPPET}</script>
<script>var q=new URLSearchParams(location.search),b=+q.get('base');for(var i=0;i<500;i++)clientele.track('Early',{seq:b+i})</script>
<script async src="/dist/clientele.js" data-autocapture="false"></script>${'<img src="/r42b/held.png">'}`,
  })),
  // Held for good where the test says so (the page stays loading), else answered.
  context.route('**/r42b/held.png', (route) => (context as unknown as { r42bHold?: boolean }).r42bHold ? undefined : route.fulfill({ status: 404, body: '' })),
]);

/** Opens the next tab and counts the 'Early' events stored: distinct seqs per tab (by base / 1000), duplicates. */
async function nextTab(context: BrowserContext, tabs: number, want: number, wait = 8_000) {
  const q = await context.newPage();
  const { pageErrors } = watchConsole(q);
  await q.goto('/demo/fixtures/blank.html');
  await ready(q);
  const count = async () => eventsNamed((await exported(q)).events, 'Early');
  await expect.poll(async () => (await count()).length, { timeout: wait }).toBe(want).catch(() => undefined);
  const ev = await count();
  const seqs = new Set(ev.map((e) => Number(e.properties.seq)));
  return { perTab: Array.from({ length: tabs }, (_, t) => [...seqs].filter((s) => Math.floor(s / 1000) === t).length), dup: ev.length - new Set(ev.map((e) => e.message_id)).size, pageErrors };
}

test('tabs closed with no beforeunload while still loading, after their scripts took over 500 calls each: none lost', async ({ context }) => {
  (context as unknown as { r42bHold?: boolean }).r42bHold = true;
  await serve(context);
  await Promise.all([0, 1].map(async (t) => {
    const p = await context.newPage();
    await p.goto(`/r42b/t.html?base=${t * 1000}`, { waitUntil: 'commit' });
    await p.waitForFunction(() => (window as any).clientele.__real === true);
    expect(await p.evaluate(() => document.readyState)).not.toBe('complete');
    await p.close();
  }));
  expect(await nextTab(context, 2, 1000)).toEqual({ perTab: [500, 500], dup: 0, pageErrors: [] });
});

async function throttledRun(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  await serve(context);
  await Promise.all([0, 1, 2].map(async (t) => {
    const p = await context.newPage();
    await (await context.newCDPSession(p)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
    const loaded = p.waitForResponse((r) => r.url().endsWith('/dist/clientele.js')).then((r) => r.finished());
    await p.goto(`/r42b/t.html?base=${t * 1000}`, { waitUntil: 'commit' });
    await loaded;
    await p.waitForTimeout(150);
    await p.close();
  }));
  const r = await nextTab(context, 3, 1500);
  await context.close();
  return r;
}

test('three tabs with the CPU throttled 4x, each closed 150 ms after its script loaded: all 1,500 stored once, 3 runs', async ({ browser, baseURL }) => {
  test.setTimeout(90_000);
  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await throttledRun(browser, baseURL!));
  // Before: [500, 0, 500] or [0, 500, 0] in about half the runs.
  expect(runs).toEqual(Array(3).fill({ perTab: [500, 500, 500], dup: 0, pageErrors: [] }));
});

// Not fixed (round 42b): the same close before the script has run. The outside prober's single-page app (the snippet,
// then a module script importing the package) lost a tab's 500 calls in 3 of 4 throttled runs: in each tab that lost
// them, createClientele() had not run yet (its module graph still loading), so the calls were still in the snippet's
// queue, which parks only on pagehide, beforeunload or hiding, and a tab closed while loading with no beforeunload gets
// none of them. The README says so for pagehide ("calls queued there are lost"). A fix belongs in the snippet (park
// while loading, as the outbox now does) and in takeOver (skip the page's own parked queue at boot): not done here.
test.fail('a tab closed with no beforeunload while loading, its script not yet run: the snippet\'s 500 calls are kept', async ({ context }) => {
  await serve(context);
  const p = await context.newPage();
  await p.route('**/dist/clientele.js', () => undefined);
  await p.goto('/r42b/t.html?base=0', { waitUntil: 'domcontentloaded' });
  await p.close();
  const r = await nextTab(context, 1, 500, 3_000);
  expect(r).toEqual({ perTab: [500], dup: 0, pageErrors: [] });
});
