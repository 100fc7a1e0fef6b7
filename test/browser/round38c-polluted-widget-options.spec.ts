// Round 38 (tester C). Issue #8 and round 38's rule: "config must not be taken from a polluted prototype". A shop with
// a prototype-pollution bug (a deep merge of the query string) leaves `Object.prototype.slot`, `.title`, `.itemId` or
// `.fallback` set. mount() options and config.widgets were read through it: with `.slot = 'hero'` every row mounted as
// a content slot (no cards), `.title` put the page's string over every row's heading, `.itemId` seeded every row with
// it, and `.fallback = 'x'` gave every row a console message. Expected (as the control): the row draws its 2 cards under
// its own title, with no message.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

type Page = import('@playwright/test').Page;
// Only page.evaluate(): Playwright's own injected helpers read option bags through the polluted prototype too.
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

for (const pollute of ['', `Object.prototype.slot = 'hero'`, `Object.prototype.title = 'Polluted'; Object.prototype.fallbackTitle = 'Polluted'`, `Object.prototype.itemId = '85123A'; Object.prototype.fallback = 'x'; Object.prototype.headingLevel = 9`]) {
  test(`${pollute || 'control'}: a mounted row draws its cards under its own title, with no message`, async ({ page }) => {
    const con = watchConsole(page);
    if (pollute) await page.addInitScript(pollute);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id=row></div>');
      (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('row')!, { type: 'popular', limit: 2 });
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('row')!.shadowRoot?.querySelectorAll('a.card[href]').length ?? -1), { timeout: 15_000 }).toBe(2);
    const heading = await page.evaluate(() => document.getElementById('row')!.shadowRoot!.querySelector('h1,h2,h3,h4,h5,h6')?.textContent ?? null);
    expect(heading).not.toContain('Polluted');
    expect({ warnings: con.warnings, pageErrors: con.pageErrors }).toEqual({ warnings: [], pageErrors: [] });
  });
}
