// Round 32 (tester A). README, "Nothing lost, nothing thrown", and the issue: "never break the host page", whatever the
// page is. Shops carry prototype-pollution bugs (a deep-merge of a query string, an old jQuery.extend) that leave an
// enumerable key on Object.prototype. The browser reads an option bag (WorkerOptions, AddEventListenerOptions,
// MutationObserverInit, ShadowRootInit, IntersectionObserverInit, Intl.NumberFormat options) through its prototype, so
// every object literal Clientele passed lent the page's key: with `Object.prototype.type = 'x'` or `.credentials` no
// worker started (nothing stored, no rows); with `.signal` or `.attributeFilter` autocapture did not start; with
// `.once = true` autocapture heard only the first click of the visit; with `.slotAssignment`, `.root` or `.rootMargin`
// no row was drawn; with `.notation` or `.useGrouping` rows failed to render. Expected (as the control): the worker
// runs, every click is recorded, a mounted row shows three cards with prices, and nothing is said or thrown.
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, trackMarker, watchConsole } from './helpers.ts';

// Only page.evaluate() here: Playwright's own injected script (waitForFunction, click) passes option bags too, and
// breaks under a polluted `signal` or `attributeFilter` before the page is asked anything.
type Page = import('@playwright/test').Page;
const ready = async (page: Page) => {
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true)).toBe(true);
  expect(await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready())).toBe(true);
};

const KEYS: Record<string, string> = {
  control: '', type: "'polluted'", credentials: "'polluted'", signal: "'polluted'", once: 'true', attributeFilter: '1',
  slotAssignment: "'polluted'", root: '1', rootMargin: "'polluted'", notation: "'polluted'", useGrouping: "'polluted'",
  // Round 33 (tester A): keys that name Clientele's own chunks, read from its maps keyed by a name (the chunks loaded,
  // the npm build's failed imports, autocapture's meta tags, the script tag's data attributes). Before e700685:
  // 'page' made ready() false (the engine never came up), 'widget' drew no row.
  page: "'polluted'", widget: '1',
};

for (const [key, value] of Object.entries(KEYS)) {
  test(`Object.prototype.${key}${value ? ` = ${value}` : ' untouched (control)'}: the engine, autocapture and a row all work`, async ({ page }) => {
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
