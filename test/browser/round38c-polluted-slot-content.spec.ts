// Round 38 (tester C). Issue #8 and round 38's rule: "config must not be taken from a polluted prototype". A content
// slot draws its variant (title, body, cta, href, image) from the engine's answer, which arrives by structured clone
// with the page's Object.prototype. A shop with a prototype-pollution bug (`?__proto__[href]=...` merged from the query
// string: no script of the attacker's runs) then had every slot variant that set no link, image or button show the
// attacker's: a "Claim your prize" button to their site over the shop's hero. Expected (as the control): the slot
// shows only what its config says: its title, no link, no image, no button.
import { test, expect } from '@playwright/test';
import { initBeforeLoad } from './helpers.ts';

type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

for (const polluted of [false, true]) {
  test(`${polluted ? 'Object.prototype.href / .image / .cta / .body polluted' : 'control'}: a slot shows only its own variant`, async ({ page }) => {
    if (polluted) await page.addInitScript(`Object.prototype.href = 'https://evil.example/phish'; Object.prototype.image = 'https://evil.example/x.png'; Object.prototype.cta = 'Claim your prize'; Object.prototype.body = 'You won';`);
    await initBeforeLoad(page, { autocapture: false, slots: { hero: { default: { id: 'hero-default', title: 'Summer sale' }, variants: [] } } });
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id=hero></div>');
      (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('hero')!, { slot: 'hero' });
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('hero')!.getAttribute('data-clientele-variant')), { timeout: 15_000 }).toBe('hero-default');
    const shown = await page.evaluate(() => {
      const root = document.getElementById('hero')!.shadowRoot!;
      return { text: root.textContent, links: [...root.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')), images: root.querySelectorAll('img').length };
    });
    expect(shown.text).toContain('Summer sale');
    expect(shown.text).not.toMatch(/Claim your prize|You won/);
    expect(shown.links).toEqual([]);
    expect(shown.images).toBe(0);
  });
}

// The same for a row's cards: a product of the catalog feed without a url or an image_url took the polluted ones, and
// every card of every row linked to the attacker's page. Expected (as the control): no card links or points there.
for (const polluted of [false, true]) {
  test(`${polluted ? 'Object.prototype.url / .image_url polluted' : 'control'}: row cards link only to the shop's products`, async ({ page }) => {
    if (polluted) await page.addInitScript(`Object.prototype.url = 'https://evil.example/phish'; Object.prototype.image_url = 'https://evil.example/x.png';`);
    await page.route('**/hostile38c/catalog.json', (route) => route.fulfill({ json: [{ product_id: 'NU1', name: 'No url 1', price: 3 }, { product_id: 'NU2', name: 'No url 2', price: 4 }] }));
    await initBeforeLoad(page, { autocapture: false, catalogUrl: '/hostile38c/catalog.json' });
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<div id=row></div>');
      (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('row')!, { type: 'popular', limit: 2 });
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('row')!.shadowRoot?.querySelectorAll('a.card').length ?? 0), { timeout: 15_000 }).toBe(2);
    const html = await page.evaluate(() => document.getElementById('row')!.shadowRoot!.innerHTML);
    expect(html).not.toContain('evil.example');
  });
}
