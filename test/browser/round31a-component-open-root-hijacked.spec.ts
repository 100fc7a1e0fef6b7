// Round 31 (tester A). README, Widgets and content slots: rows "render into a shadow root that resets inherited styles
// (`all: initial`, ...), so your CSS cannot break them"; widget/styles.ts: "They live inside each widget's shadow root,
// so the page's CSS cannot break them and they cannot leak into the page"; widget/shadowRoot.ts: an element that
// cannot host a shadow root of ours ("a custom element with a closed root") gets the row in a child div instead.
// A storefront built from web components (Shoelace, Lit, Shopify theme components) mounts a row into its own
// component: `clientele.mount(document.querySelector('shop-card'), ...)`, where <shop-card> already has an OPEN shadow
// root of its own (a frame, a list, a <slot>). shadowRootFor() takes that root as if it were Clientele's: the row is
// rendered into the component's private tree (after its frame, not in its slot), and the widget stylesheet is adopted
// into it, so the widget's rules (`ul{display:grid;padding:4px 4px 12px...}`, `li{border:1px solid...;border-radius}`,
// `h1..h6{font-size:1.125rem}`, `:host{all:initial;display:block}`) restyle the component's own markup.
// Expected: the component's own shadow tree keeps its look (its <li> unbordered, its <ul> as it was) and the row is
// drawn in a root of Clientele's own (a child element, as for a closed root). Observed: the component's <ul> becomes the
// widget's scrolling grid and its <li> get the widget's card border.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

test('mount() into a web component with its own open shadow root: the component\'s own tree is left alone', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const look = () => page.evaluate(() => {
    const r = document.querySelector('shop-card')!.shadowRoot!;
    const li = r.querySelector('ul.own li')!, h = r.querySelector('h2.own')!;
    return { liBorder: getComputedStyle(li).borderTopStyle, ulDisplay: getComputedStyle(r.querySelector('ul.own')!).display, headingSize: getComputedStyle(h).fontSize };
  });
  await page.evaluate(() => {
    customElements.define('shop-card', class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML =
          '<h2 class="own" style="font-size:32px">Shop picks</h2><ul class="own"><li>Free delivery</li><li>Easy returns</li></ul><div class="frame"><slot></slot></div>';
      }
    });
    document.body.appendChild(document.createElement('shop-card'));
  });
  const before = await look();
  await page.evaluate(() => (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele.mount(document.querySelector('shop-card')!, { type: 'popular', limit: 4 }));
  await expect.poll(() => page.evaluate(() => document.querySelector('shop-card')!.getAttribute('data-clientele-state'))).toBe('ready');
  // The row is drawn (somewhere Clientele owns)...
  await expect(page.locator('shop-card a.card')).toHaveCount(4);
  // ...and the component's own markup looks as it did.
  expect(await look()).toEqual(before);
});

// The same for a component whose open root has no default <slot> (paint.spec's <reco-box>): a light-DOM child would
// never be drawn, so the row's own root sits inside the component's, and a second mount finds it again.
test('mount() into a web component whose open shadow root has no slot: the row shows, the component keeps its look, a second mount reuses the row\'s root', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    customElements.define('slotless-card', class extends HTMLElement {
      constructor() {
        super();
        this.attachShadow({ mode: 'open' }).innerHTML = '<ul class="own"><li>Free delivery</li></ul>';
      }
    });
    document.body.appendChild(document.createElement('slotless-card'));
  });
  const look = () => page.evaluate(() => {
    const li = document.querySelector('slotless-card')!.shadowRoot!.querySelector('ul.own li')!;
    return getComputedStyle(li).borderTopStyle;
  });
  const before = await look();
  const mount = (limit: number) => page.evaluate((n) => (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele.mount(document.querySelector('slotless-card')!, { type: 'popular', limit: n }), limit);
  await mount(4);
  await expect(page.locator('slotless-card a.card')).toHaveCount(4);
  await expect(page.locator('slotless-card a.card').first()).toBeVisible();
  expect(await look()).toBe(before);
  await mount(3);
  await expect(page.locator('slotless-card a.card')).toHaveCount(3);
  expect(await page.evaluate(() => document.querySelector('slotless-card')!.shadowRoot!.querySelectorAll('[data-clientele-root]').length)).toBe(1);
});
