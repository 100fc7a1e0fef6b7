// Round 15. Round 14 parks every call made while the page stays hidden after its park, one localStorage key per call
// (src/outbox.ts parkOne, via soon()/add()). README: "A call made while the page stays hidden after that (the shop's own
// pagehide or visibilitychange handler ...) is parked as it is made". Issue #8, item 10: "a lone track() in its own
// task at most 20 µs median on the main thread, and at most 50 µs of main-thread busy time per event ... in bursts and
// in paced calls alike"; the park is "bounded by a documented cap" (README: up to 4.5 million characters).
// A page that keeps tracking while hidden (a background tab: a player, a live feed, a shop's heartbeat) pays one
// JSON.stringify and one localStorage.setItem per call, a new key each (some 51 characters of key per op, outside the
// cap), and the page pays again when it comes back: every key is removed one by one in the visibilitychange handler,
// on the task that shows the page again.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, ready, trackMarker } from './helpers.ts';

test.setTimeout(120_000);

test('calls while hidden: a lone call at most 20 µs median, and coming back after 20,000 costs no long task', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'Marker');
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    const vis = (h: boolean) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    };
    // The control: the same burst while visible.
    let t0 = performance.now();
    for (let i = 0; i < 20_000; i++) c.track('Visible Burst', { i });
    const visibleUs = ((performance.now() - t0) * 1000) / 20_000;
    // Control: the same paced calls while visible (the clock here has 100 µs steps: the mean of many calls is the figure).
    const pace = async (name: string) => {
      const t: number[] = [];
      for (let i = 0; i < 300; i++) {
        await new Promise((r) => setTimeout(r, 0));
        const p0 = performance.now();
        c.track(name, { i });
        t.push((performance.now() - p0) * 1000);
      }
      return t.reduce((a, b) => a + b, 0) / t.length;
    };
    const visiblePacedMeanUs = await pace('Visible Paced');
    vis(true);
    const hiddenPacedMeanUs = await pace('Hidden Paced 2');
    // Paced: one call per task while hidden (the lone call), median per call.
    const paced: number[] = [];
    for (let i = 0; i < 300; i++) {
      await new Promise((r) => setTimeout(r, 0));
      const p0 = performance.now();
      c.track('Hidden Paced', { i });
      paced.push((performance.now() - p0) * 1000);
    }
    const pacedMedianUs = paced.sort((a, b) => a - b)[150];
    t0 = performance.now();
    for (let i = 0; i < 20_000; i++) c.track('Hidden Burst', { i });
    const hiddenUs = ((performance.now() - t0) * 1000) / 20_000;
    let keyChars = 0, valueChars = 0, keys = 0;
    for (const k of Object.keys(localStorage)) if (k.includes(':unsent:')) keys++, (keyChars += k.length), (valueChars += localStorage.getItem(k)!.length);
    t0 = performance.now();
    vis(false);
    const backMs = performance.now() - t0;
    return { visibleUs, hiddenUs, pacedMedianUs, visiblePacedMeanUs, hiddenPacedMeanUs, keys, keyChars, valueChars, backMs };
  });
  console.log(JSON.stringify(r));
  await trackMarker(page, 'Marker 2');
  expect(eventsNamed((await exported(page)).events, 'Hidden Burst')).toHaveLength(20_000);
  // The burst's own cost while hidden (40-64 µs a call here, against ~1 µs visible) is logged, not asserted: near the
  // issue's 50 µs, so it depends on the machine.
  expect.soft(r.pacedMedianUs).toBeLessThan(20);
  expect.soft(r.backMs).toBeLessThan(50);
});
