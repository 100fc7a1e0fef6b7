// Round 35 (tester B, following the README). README, API: "A bad call logs one console message that names the key, the
// value and the fix". mount(el, { slot: 'heor' }) (a typo), or a data-clientele-slot element whose slot the config does
// not name, stayed empty without a word: the engine knew ("no config.slots[...]") and kept it to itself. Before the fix:
// no message. Expected: one message naming the slot and config.slots; the configured slot on the same page still shows
// its variant.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

test('a content slot the config does not name: one message; a configured one still shows', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  await expect(page.locator('[data-clientele-slot="hero"]')).toHaveAttribute('data-clientele-variant', /.+/, { timeout: 20_000 });
  await page.evaluate(() => {
    const el = document.body.appendChild(document.createElement('div'));
    el.innerHTML = '<p>Our own words</p>';
    (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele.mount(el, { slot: 'heor' });
  });
  await expect.poll(() => warnings.filter((w) => /slot "heor"/.test(w)), { timeout: 15_000 }).toEqual(['[clientele] content slot "heor" is not in config.slots; add it there as { "default": { "id": "hello" }, "variants": [] }']);
  expect(warnings.filter((w) => /slot "hero"/.test(w))).toEqual([]);
  expect(pageErrors).toEqual([]);
});
