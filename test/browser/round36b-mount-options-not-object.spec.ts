// Round 36 (tester B, as a new user). README, API: a bad call logs one message that names the key, the value and the
// fix. `mount('#recs', 'popular')` (the row type given as the options) said "mount(element, options).type must be one
// of for-you, ..., got nothing": it named a key the caller never wrote and hid the value they did write. Expected: one
// message that the options must be an object, with the value given; a row mounted right after still draws.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

test('mount(element, "popular"): one message naming the options and the value given; a good mount still draws', async ({ page }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<div id=a></div><div id=b></div>');
    const c = (window as unknown as { clientele: { mount(e: string, o: unknown): unknown } }).clientele;
    c.mount('#a', 'popular');
    c.mount('#b', { type: 'popular', limit: 3 });
  });
  await expect.poll(() => page.evaluate(() => document.getElementById('b')!.shadowRoot?.querySelectorAll('a.card').length ?? -1)).toBe(3);
  expect(con.warnings).toEqual(['[clientele] mount(element, options) must be an object like { "selector": "#recs", "type": "similar" }, got "popular"']);
  expect(con.pageErrors).toEqual([]);
});
