// A "no" takes history-revealing rows off the screen.
// README, Privacy: "`consent(false)` stops recording and stops using what is stored: rows become what any visitor gets
// (popular, trending, items like the product on screen), no reason mentions the visitor's history, "recently viewed"
// and "buy again" hide"; the answer is "remembered in `localStorage` (`clientele:consent`, shared by the origin's
// tabs)"; and `forget()` has the rows on screen "asked again [...] in every tab of the site".
// Observed on this build: after consent(false), in the same tab or in another, the for-you row already on screen keeps
// "because you viewed <product>" indefinitely, although the engine already answers consent: false and records nothing
// more (src/client.ts answer(false) drops the kept rows but never asks the rows on screen again, as forget() does).
import { test, expect, type Page } from '@playwright/test';
import { ready } from './helpers.ts';

type Api = { consent(g: boolean): void; exportData(): Promise<{ consent: boolean | null }> };
const forYouText = (p: Page) => p.evaluate(() => document.querySelector('[data-clientele-widget="for-you"]')?.shadowRoot?.textContent ?? '');

test('consent(false) in another tab: the open tab\'s for-you row stops citing the visitor\'s history', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/demo/product.html?id=85123A');
  await ready(a);
  await a.waitForTimeout(1500);
  await a.goto('/demo/index.html');
  await ready(a);
  await expect.poll(() => forYouText(a), { timeout: 20_000 }).toContain('because you viewed');

  const b = await context.newPage();
  await b.goto('/demo/index.html');
  await ready(b);
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  // Tab A's engine knows the answer...
  await expect.poll(() => a.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData().then((d) => d.consent))).toBe(false);
  // ...and its row must no longer reveal what the visitor viewed.
  await expect.poll(() => forYouText(a), { timeout: 10_000 }).not.toContain('because you viewed');
});

test('consent(false) in the same tab: the for-you row on screen stops citing the visitor\'s history', async ({ page }) => {
  await page.goto('/demo/product.html?id=85123A');
  await ready(page);
  await page.waitForTimeout(1500);
  await page.goto('/demo/index.html');
  await ready(page);
  await expect.poll(() => forYouText(page), { timeout: 20_000 }).toContain('because you viewed');
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData().then((d) => d.consent))).toBe(false);
  await expect.poll(() => forYouText(page), { timeout: 10_000 }).not.toContain('because you viewed');
});

test('consent(false) in the same tab: the hero slot on screen falls back to its default ("slots show their default")', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  const hero = page.locator('[data-clientele-slot="hero"]');
  // The demo's hero shows its audience variant 'welcome' (audience newcomers) to a visitor with consent; 'classic' is
  // its default, which a fresh page after a "no" shows.
  await expect(hero).toHaveAttribute('data-clientele-variant', 'welcome', { timeout: 20_000 });
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData().then((d) => d.consent))).toBe(false);
  await expect(hero).toHaveAttribute('data-clientele-variant', 'classic', { timeout: 10_000 });
});
