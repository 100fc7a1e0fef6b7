// Round 36 (tester B). Issue #8, "never break the page": pages harden themselves against prototype pollution with
// `Object.freeze(Object.prototype)` (OWASP's advice; SES's lockdown does it too). Preact copied each vnode a component
// returns in a fragment with `copy[k] = v[k]`, and a vnode's own `constructor: undefined` cannot be assigned over a
// frozen Object.prototype.constructor: every card of every row was left out, with no message, while the row said
// `data-clientele-state="ready"` and no impression was ever counted. Expected (as the control): the cards are drawn,
// each counts its impression, a click counts, and nothing is said or thrown.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, watchConsole } from './helpers.ts';

type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};
const cards = (page: Page, id: string) => page.evaluate((id) => document.getElementById(id)?.shadowRoot?.querySelectorAll('a.card[href]').length ?? -1, id);

for (const frozen of [false, true]) {
  test(`${frozen ? 'Object.prototype frozen' : 'control'}: rows by markup and by mount() draw their cards, count impressions and clicks`, async ({ page }) => {
    const con = watchConsole(page);
    if (frozen) await page.addInitScript('Object.freeze(Object.prototype);');
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('afterbegin', '<div id=a data-clientele-widget="popular" data-limit="3"></div><div id=b></div>');
      (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('b')!, { type: 'trending', limit: 2 });
    });
    // The markup row was found at load, before it was in the page: mount it too, as an SPA would.
    await page.evaluate(() => (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('a')!, { type: 'popular', limit: 3 }));
    await expect.poll(() => cards(page, 'a')).toBe(3);
    await expect.poll(() => cards(page, 'b')).toBe(2);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Widget Impression').length).toBe(5);
    await page.evaluate(() => { const a = document.getElementById('a')!.shadowRoot!.querySelector('a.card') as HTMLElement; a.addEventListener('click', (e) => e.preventDefault()); a.click(); });
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Widget Clicked').length).toBe(1);
    expect({ warnings: con.warnings, pageErrors: con.pageErrors }).toEqual({ warnings: [], pageErrors: [] });
  });
}
