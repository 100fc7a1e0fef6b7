import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

test('10,000 track() calls in a burst are all stored, none twice', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 10_000; i++) c.track('Burst Test', { n: i });
  });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Burst Test').length, { timeout: 30_000 }).toBe(10_000);
  const burst = eventsNamed((await exported(page)).events, 'Burst Test');
  expect(new Set(burst.map((e) => e.properties.n)).size).toBe(10_000);
  expect(new Set(burst.map((e) => e.message_id)).size).toBe(10_000);
  expect(pageErrors).toEqual([]);
});

test('two tabs tracking at once: nothing lost, nothing doubled, one shared store and session', async ({ context }) => {
  const [a, b] = [await context.newPage(), await context.newPage()];
  await Promise.all([a.goto('/demo/fixtures/blank.html'), b.goto('/demo/fixtures/blank.html')]);
  await Promise.all([ready(a), ready(b)]);
  const burst = (tab: string) => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 2_000; i++) c.track('Tab Test', { tab, n: i });
  };
  await Promise.all([a.evaluate(burst, 'a'), b.evaluate(burst, 'b')]);
  await expect.poll(async () => eventsNamed((await exported(a)).events, 'Tab Test').length, { timeout: 30_000 }).toBe(4_000);
  const fromA = eventsNamed((await exported(a)).events, 'Tab Test');
  const fromB = eventsNamed((await exported(b)).events, 'Tab Test');
  expect(fromB.length).toBe(4_000);
  const keys = new Set(fromA.map((e) => `${e.properties.tab}:${e.properties.n}`));
  expect(keys.size).toBe(4_000);
  expect(new Set(fromA.map((e) => e.anonymous_id)).size).toBe(1);
  expect(new Set(fromA.map((e) => e.session_id)).size).toBe(1);
});
