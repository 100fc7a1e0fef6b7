// Parked snippet queues holding forget(), replayed in call order across queues; huge queues; ops too large to park.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, parkSnippetQueue, fillLocalStorage, trackMarker, parkedQueues } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean> };

test('one parked queue [track A x5, forget, track B x5]: A erased, B stored', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 5; i++) clientele.track('A Before', { n: i });
clientele.forget();
for (let i = 0; i < 5; i++) clientele.track('B After', { n: i });`);
  await a.goto('about:blank');
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Marker', 60_000);
  const ev = (await exported(next)).events;
  console.log('P8', JSON.stringify({ a: eventsNamed(ev, 'A Before').length, b: eventsNamed(ev, 'B After').length }));
  expect(eventsNamed(ev, 'A Before').length).toBe(0);
  expect(eventsNamed(ev, 'B After').length).toBe(5);
});

test('tab 1 parks [forget]; later tab 2 parks [track Y x20] made after it: next page stores the 20', async ({ context }) => {
  const t1 = await parkSnippetQueue(context, `clientele.forget();`, 't1');
  await t1.goto('about:blank');
  await t1.waitForTimeout(50);
  const t2 = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Y After Forget', { n: i });`, 't2');
  await t2.goto('about:blank');
  const check = await context.newPage();
  await check.route('**/parked/check.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>check</title>' }));
  await check.goto('/parked/check.html');
  const keys = await check.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).map((k) => JSON.parse(localStorage.getItem(k)!).map((c: unknown[]) => [c[0], c[4]])));
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  const parked = await parkedQueues(next).catch(() => -1);
  await ready(next);
  await trackMarker(next, 'Marker', 60_000);
  const ev = (await exported(next)).events;
  console.log('P9', JSON.stringify({ parked, y: eventsNamed(ev, 'Y After Forget').length, keys }));
  expect(eventsNamed(ev, 'Y After Forget').length).toBe(20);
});

// A page parks at most 150,000 characters of its snippet queue (README): of 20,000 calls, the first that fit.
test('huge parked snippet queue: 20,000 tracks, next page stores the first ones that fit under the cap, once, none after them', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20000; i++) clientele.track('Huge Queue', { n: i });`);
  await a.goto('about:blank');
  const size = await a.evaluate(() => 0);
  const next = await context.newPage();
  const { pageErrors } = watchConsole(next);
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next, 'Marker', 60_000);
  await next.waitForTimeout(2000);
  const ev = eventsNamed((await exported(next)).events, 'Huge Queue');
  const distinct = new Set(ev.map((e) => e.properties.n)).size;
  console.log('P12', JSON.stringify({ stored: ev.length, distinct, size }));
  expect(ev.length).toBeGreaterThanOrEqual(2000);
  expect(distinct).toBe(ev.length);
  expect(Math.max(...ev.map((e) => e.properties.n as number))).toBe(ev.length - 1);
  expect(pageErrors).toEqual([]);
});

test('a parked snippet queue at the cap (2,500 tracks) replayed, page closed mid-replay, twice: all 2,500 once', async ({ context }) => {
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 2500; i++) clientele.track('Huge Queue', { n: i });`);
  await a.goto('about:blank');
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await next.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await next.reload();
  await next.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await next.reload();
  await ready(next);
  await trackMarker(next, 'Marker', 60_000);
  await next.waitForTimeout(2000);
  const ev = eventsNamed((await exported(next)).events, 'Huge Queue');
  const distinct = new Set(ev.map((e) => e.properties.n)).size;
  console.log('P12b', JSON.stringify({ stored: ev.length, distinct }));
  expect(ev.length).toBe(2500);
  expect(distinct).toBe(2500);
});

for (const [name, big] of [['many:', 9], ['one:', 1]] as const) {
  test(`${name} ~40 K room, ${big} large events then 999 small: the small ones are parked`, async ({ page }) => {
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await fillLocalStorage(page, 40);
    await page.evaluate((big) => {
      const c = (window as unknown as { clientele: Api }).clientele;
      for (let i = 0; i < big; i++) c.track('Big First', { i, blob: 'b'.repeat(60_000) });
      for (let i = 0; i < 999; i++) c.track('Small After', { n: i });
    }, big);
    await page.reload();
    await ready(page);
    await page.waitForTimeout(3000);
    const ev = (await exported(page)).events;
    const small = eventsNamed(ev, 'Small After').length;
    console.log(name, JSON.stringify({ big: eventsNamed(ev, 'Big First').length, small }));
    expect(small).toBeGreaterThanOrEqual(200);
  });
}
