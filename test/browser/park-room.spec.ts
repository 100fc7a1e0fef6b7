// parking on pagehide.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, fillLocalStorage } from './helpers.ts';

type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void };

test('localStorage with ~40 K characters of room: one large (valid, <64 KB) event first does not stop the small ones after it from being parked', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await fillLocalStorage(page, 40);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.track('Big First', { blob: 'b'.repeat(60_000) });
    for (let i = 0; i < 999; i++) c.track('Small After', { n: i });
  });
  await page.reload();
  await ready(page);
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  const small = eventsNamed(ev, 'Small After').length;
  console.log(JSON.stringify({ big: eventsNamed(ev, 'Big First').length, small }));
  // Control (same room, no big event first) parks ~300: see the control test below.
  expect(small).toBeGreaterThanOrEqual(200);
  expect(pageErrors).toEqual([]);
});

test('control: same room, no large event: the small ones are parked', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await fillLocalStorage(page, 40);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let i = 0; i < 999; i++) c.track('Small After', { n: i });
  });
  await page.reload();
  await ready(page);
  await page.waitForTimeout(3000);
  const small = eventsNamed((await exported(page)).events, 'Small After').length;
  console.log(JSON.stringify({ small }));
  expect(small).toBeGreaterThanOrEqual(200);
});
