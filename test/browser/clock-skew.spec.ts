// Clock skew against forget() and identify(), parked snippet queues in memory mode, what fits of a large queue.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, parkSnippetQueue, noIndexedDb, fillLocalStorage, trackMarker, parkedQueues, seemHidden } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean> };

test('forget() called while the page clock runs 1 h ahead: a track() made after it (clock back to normal) is stored', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const ok = await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real.call(Date) + 3_600_000;
    const p = (window as unknown as { clientele: Api }).clientele.forget();
    Date.now = real;
    return p;
  });
  await page.evaluate(() => { for (let i = 0; i < 5; i++) (window as unknown as { clientele: Api }).clientele.track('After Forget', { n: i }); });
  await page.waitForTimeout(3000);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  console.log('P1', JSON.stringify({ ok, after: eventsNamed(ev, 'After Forget').length, marker: eventsNamed(ev, 'Marker').length }));
  expect(eventsNamed(ev, 'After Forget').length).toBe(5);
});

test('clock moved back 60 s after forget(): track() made after it is stored', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const ok = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget());
  await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real.call(Date) - 60_000;
    for (let i = 0; i < 5; i++) (window as unknown as { clientele: Api }).clientele.track('After Forget', { n: i });
  });
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  console.log('P2', JSON.stringify({ ok, after: eventsNamed(ev, 'After Forget').length }));
  expect(eventsNamed(ev, 'After Forget').length).toBe(5);
});

test('no IndexedDB: snippet queue made before forget() in another tab, parked after it, is not replayed', async ({ context }) => {
  await noIndexedDb(context);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Secret Before Forget', { n: i });`);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  const mark = await b.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('erased')));
  // B hidden: A's queue stays parked for the next page (B shown takes it over: the control below).
  await seemHidden(b, true);
  await a.goto('about:blank');
  const parked = await parkedQueues(b);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next);
  const data = await exported(next);
  console.log('P3', JSON.stringify({ mark, parked, secret: eventsNamed(data.events, 'Secret Before Forget').length }));
  expect(parked).toBe(1);
  expect(eventsNamed(data.events, 'Secret Before Forget')).toHaveLength(0);
});

test('control with IndexedDB: same sequence, B shown (it takes the queue over at once, after its forget())', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Secret Before Forget', { n: i });`);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  await a.goto('about:blank');
  const parked = await parkedQueues(b);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next);
  const data = await exported(next);
  console.log('P3c', JSON.stringify({ parked, secret: eventsNamed(data.events, 'Secret Before Forget').length }));
  expect(eventsNamed(data.events, 'Secret Before Forget')).toHaveLength(0);
});

test('hand-built queue item stamped in seconds (not ms): the event is stored', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['track', ['Seconds Stamped', { n: 1 }], 0, 0, Math.floor(Date.now() / 1000)]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page);
  const ev = (await exported(page)).events;
  console.log('P5', JSON.stringify({ stored: eventsNamed(ev, 'Seconds Stamped').length, warnings }));
  expect(eventsNamed(ev, 'Seconds Stamped').length).toBe(1);
});

for (const [name, count] of [['larger than the room:', 100], ['control, fits:', 20]] as const) {
  test(`${name} localStorage with ~40 K chars of room, snippet queue of ${count} events of 1 K chars: what fits is parked`, async ({ context }) => {
    const a = await parkSnippetQueue(context, `for (let i = 0; i < ${count}; i++) clientele.track('Queued Big', { n: i, pad: 'p'.repeat(1000) });`);
    await fillLocalStorage(a, 40);
    await a.goto('about:blank');
    const next = await context.newPage();
    await next.goto('/demo/fixtures/blank.html');
    const parkedChars = await next.evaluate(() => 0);
    await ready(next);
    await trackMarker(next);
    const stored = eventsNamed((await exported(next)).events, 'Queued Big').length;
    console.log(name, JSON.stringify({ count, stored, parkedChars }));
    expect(stored).toBeGreaterThanOrEqual(Math.min(count, 25));
  });
}
