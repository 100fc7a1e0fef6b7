// Round 38 (tester C). Round 38's rule: a page's polluted Object.prototype is never taken as data. Preact walks each
// element's props with `for (key in props)`, which also visits enumerable keys a page's prototype-pollution bug left on
// Object.prototype (a deep merge of `?__proto__[dangerouslySetInnerHTML][__html]=...` from the query string: no script
// of the attacker's runs). Before the fix a polluted `dangerouslySetInnerHTML` emptied every row and slot (the old
// props' walk saw it, and Preact skipped the children); walking only the diff's own keys let its HTML into every
// element with a ref, as the JSX runtime and createElement() copied it into the props as their own. All three walk own
// keys now (vite.config.ts). Expected (as the control): rows and slots draw only their own markup: no element the
// polluted key names, no attribute it sets.
import { test, expect } from '@playwright/test';
import { initBeforeLoad } from './helpers.ts';

type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

const POLLUTE = `Object.prototype.dangerouslySetInnerHTML = { __html: '<b id=pwned>pwned</b>' }; Object.prototype['data-pwned'] = 'yes'; Object.prototype.title = 'pwned-title';`;

for (const polluted of [false, true]) {
  test(`${polluted ? 'Object.prototype.dangerouslySetInnerHTML / data-pwned / title polluted' : 'control'}: rows and slots draw only their own markup`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (polluted) await page.addInitScript(POLLUTE);
    await initBeforeLoad(page, { autocapture: false, slots: { hero: { default: { id: 'hero-default', title: 'Summer sale' }, variants: [] } } });
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id=row></div><div id=hero></div>');
      const c = (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele;
      c.mount(document.getElementById('row')!, { type: 'popular', limit: 2, title: 'Popular now' });
      c.mount(document.getElementById('hero')!, { slot: 'hero' });
    });
    await page.waitForTimeout(3000);
    const seen = await page.evaluate(() => ['row', 'hero'].map((id) => {
      const root = document.getElementById(id)!.shadowRoot;
      return root ? { pwned: root.querySelectorAll('#pwned').length, attr: root.querySelectorAll('[data-pwned]').length, title: root.querySelectorAll('[title="pwned-title"]').length, cards: root.querySelectorAll('a.card[href]').length, text: (root.textContent ?? '').slice(0, 60) } : null;
    }));
    expect(errors).toEqual([]);
    expect(seen[0]).toMatchObject({ pwned: 0, attr: 0, title: 0, cards: 2 });
    expect(seen[1]).toMatchObject({ pwned: 0, attr: 0, title: 0 });
    expect(seen[1]!.text).toContain('Summer sale');
  });
}
