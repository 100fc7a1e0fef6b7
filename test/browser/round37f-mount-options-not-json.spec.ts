// mount(element, options) sends its options on as JSON; options JSON cannot write ({ limit: 10n }, a DOM node or a cycle
// under some key) were sent as null, and the one message said "mount(element, options) must be an object like ...,
// got null": the caller gave an object, and the key at fault was not named; no row drew. recommend() already names
// the key and goes on without it (plainKeys): mount() now does the same.
import { test, expect } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

test('mount(element, { type, limit: 10n }): one message naming options.limit and 10n; the row draws without it', async ({ page }) => {
  const con = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    document.body.insertAdjacentHTML('beforeend', '<div id=a></div>');
    const c = (window as unknown as { clientele: { mount(e: string, o: unknown): unknown } }).clientele;
    c.mount('#a', { type: 'popular', limit: BigInt(3) });
  });
  await expect.poll(() => page.evaluate(() => document.getElementById('a')!.shadowRoot?.querySelectorAll('a.card').length ?? -1)).toBeGreaterThan(0);
  expect(con.warnings).toHaveLength(1);
  expect(con.warnings[0]).toContain('mount(element, options).limit');
  expect(con.warnings[0]).toContain('3n');
  expect(con.pageErrors).toEqual([]);
});
