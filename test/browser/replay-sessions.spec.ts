// Sessions of replayed old events; a forget() stamped ahead of the clock, seen from another tab.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, trackMarker } from './helpers.ts';

test.setTimeout(120_000);
type Api = { track(e: string, p?: object): void; forget(): Promise<boolean> };

test('a parked queue from 2 h ago replayed mid-visit: old events get a past session, the live session stays one', async ({ context }) => {
  const p1 = await context.newPage();
  await p1.goto('/demo/fixtures/blank.html');
  await ready(p1);
  await trackMarker(p1, 'Now1');
  await p1.evaluate(() => {
    const t = Date.now() - 2 * 3600_000;
    localStorage.setItem('clientele:queue:0.42', JSON.stringify([['track', ['Old', { n: 0 }], null, null, t], ['track', ['Old', { n: 1 }], null, null, t + 60_000]]));
  });
  const p2 = await context.newPage();
  await p2.goto('/demo/fixtures/blank.html');
  await ready(p2);
  await trackMarker(p2, 'Now2');
  const ev = (await exported(p2)).events;
  const s = (n: string) => eventsNamed(ev, n).map((e) => e.session_id);
  console.log('S1', JSON.stringify({ now1: s('Now1'), now2: s('Now2'), old: s('Old'), order: ev.map((e) => e.event) }));
  expect(s('Now1')[0]).toBe(s('Now2')[0]);
  expect(s('Old')).toHaveLength(2);
  expect(s('Old')[0]).not.toBe(s('Now1')[0]);
});

test('forget() in a tab whose clock runs 1 h ahead: another tab (right clock) keeps recording', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  const b = await context.newPage();
  const { warnings } = watchConsole(b);
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  expect(await a.evaluate(() => {
    const real = Date.now;
    Date.now = () => real.call(Date) + 3_600_000;
    return (window as unknown as { clientele: Api }).clientele.forget();
  })).toBe(true);
  await b.waitForTimeout(500);
  await b.evaluate(() => { for (let i = 0; i < 10; i++) (window as unknown as { clientele: Api }).clientele.track('Product Viewed', { product_id: '85123A', n: i }); });
  await b.waitForTimeout(4000);
  const ev = (await exported(b)).events;
  const recs = await b.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'recently-viewed' }));
  console.log('P1b', JSON.stringify({ stored: eventsNamed(ev, 'Product Viewed').length, recentlyViewed: recs.length, warnings }));
  expect(eventsNamed(ev, 'Product Viewed').length).toBe(10);
});

test('identify() while the page clock runs 1 h ahead, then identify() with the right clock: the later call stands', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { identify(u: string): void } }).clientele;
    const real = Date.now;
    Date.now = () => real.call(Date) + 3_600_000;
    c.identify('alice');
    Date.now = real;
  });
  await expect.poll(async () => (await exported(page)).user_id).toBe('alice');
  await page.evaluate(() => (window as unknown as { clientele: { identify(u: string): void } }).clientele.identify('bob'));
  await page.waitForTimeout(3000);
  const user = (await exported(page)).user_id;
  console.log('P1c', JSON.stringify({ user }));
  expect(user).toBe('bob');
});
