// Round 33 (tester A). README, "Hostile input": keys on a polluted Object.prototype are not lent to Clientele. Round 32
// (468af42) gave the browser's option bags no prototype; Clientele's own maps keyed by a name still had one: the page's
// lazily loaded chunks by name ('page', 'widget', 'markup', 'forward', 'segments'), the npm build's failed imports,
// the meta tags autocapture reads by name, the script tag's data attributes. A page with `Object.prototype.page` (a
// common query key merged by a deep-merge bug) read it as the loaded page chunk: ready() resolved false, the engine
// never came up (nothing autocaptured, no rows); with `.widget`, no row was drawn. Expected, as round 32's control:
// the worker runs, every click is recorded, a mounted row shows three cards with prices, nothing said or thrown.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, trackMarker, watchConsole } from './helpers.ts';

// Only page.evaluate() here: Playwright's own injected script (waitForFunction, click) passes option bags too, and
// breaks under a polluted `signal` or `attributeFilter` before the page is asked anything.
type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

// Before the fix: 'page' failed at ready() (false), 'widget' at the row (no shadow root: -1 cards).
const KEYS: Record<string, string> = { page: "'polluted'", widget: '1' };

for (const [key, value] of Object.entries(KEYS)) {
  test(`Object.prototype.${key} = ${value}: the engine, autocapture and a row all work`, async ({ page }) => {
    const con = watchConsole(page);
    if (value) await page.addInitScript(`Object.prototype.${key} = ${value};`);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(() => {
      document.body.insertAdjacentHTML('beforeend', '<a id=a href="#a" data-product-id="22423">Cake stand</a> <a id=b href="#b" data-product-id="84879">Owl</a><div id=row></div>');
      (window as unknown as { clientele: { mount(el: Element, o: object): void } }).clientele.mount(document.getElementById('row')!, { type: 'popular', limit: 3 });
    });
    // Real clicks, dispatched by the page: each is a trusted-looking MouseEvent through the document's capture phase.
    await page.evaluate(() => { document.getElementById('a')!.click(); document.getElementById('b')!.click(); });
    await trackMarker(page, 'End');
    expect(eventsNamed((await exported(page)).events, 'Product Clicked').map((e) => e.properties.product_id)).toEqual(['22423', '84879']);
    await expect.poll(() => page.evaluate(() => {
      const root = document.getElementById('row')!.shadowRoot;
      return root ? Array.from(root.querySelectorAll('li')).filter((li) => /\d/.test(li.textContent ?? '') && li.querySelector('a[href]')).length : -1;
    })).toBe(3);
    expect({ warnings: con.warnings, pageErrors: con.pageErrors }).toEqual({ warnings: [], pageErrors: [] });
  });
}
