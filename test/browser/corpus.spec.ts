// The product-markup corpus: every page under test/fixtures/pages/ with the built script in real
// Chromium, checked against the one table of expected fields (expected.json). One browser context for
// the whole table; each page gets its own siteId (its own store), so no page sees another's events.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed } from './helpers.ts';

interface Row {
  about: string;
  /** Query string the page is visited with (a variant, tracking parameters). */
  query?: string;
  /** Expected Product Viewed properties ("@/path" is a URL on the test server), or null for no product view. */
  product: Record<string, unknown> | null;
  /** Properties that must be left out (they cannot be read). */
  absent?: string[];
}

const TABLE = JSON.parse(readFileSync(new URL('../fixtures/pages/expected.json', import.meta.url), 'utf8')) as Record<string, Row>;
// Added to the page once it is up: the owner's attribute wins, so its product view comes after (and so
// proves finished) every scan of the page's own markup.
const SENTINEL = 'corpus-sentinel';

let context: BrowserContext;
let page: Page;
let base = '';
const messages: string[] = [];

test.beforeAll(async ({ browser }, info) => {
  base = String(info.project.use.baseURL);
  context = await browser.newContext({ baseURL: base });
  await context.addInitScript(() => {
    const name = location.pathname.split('/').pop()!.replace(/\W+/g, '-');
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ siteId: `corpus-${name}` }]]];
  });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') messages.push(m.text()); });
  page.on('pageerror', (e) => messages.push(`page error: ${e.message}`));
});
test.afterAll(async () => { await context?.close(); });

const onServer = (v: unknown) => (typeof v === 'string' && v.startsWith('@/') ? base + v.slice(1) : v);

for (const [file, row] of Object.entries(TABLE)) {
  test(`corpus ${file}: ${row.about}`, async () => {
    messages.length = 0;
    await page.goto(`/test/fixtures/pages/${file}${row.query ?? ''}`);
    await ready(page);
    await page.evaluate((id) => {
      const mark = document.createElement('div');
      // A product of its own (name, URL): one that kept the page's would be a variant of it, not viewed again.
      mark.setAttribute('data-clientele-product', JSON.stringify({ product_id: id, name: id, url: '/' + id }));
      document.body.prepend(mark);
    }, SENTINEL);
    const views = async () => eventsNamed((await exported(page)).events, 'Product Viewed');
    await expect.poll(async () => (await views()).map((e) => e.properties.product_id)).toContain(SENTINEL);
    const own = (await views()).filter((e) => e.properties.product_id !== SENTINEL);

    if (row.product === null) {
      expect(own.map((e) => e.properties.product_id), 'no product view on this page').toEqual([]);
    } else {
      expect(own, 'exactly one product view').toHaveLength(1);
      const got = own[0].properties;
      for (const [key, want] of Object.entries(row.product)) expect.soft(got[key], key).toEqual(onServer(want));
      for (const key of row.absent ?? []) expect.soft(got[key], `${key} is left out`).toBeUndefined();
    }
    // Autocapture must never produce a message (least of all one blaming a track() call nobody wrote).
    expect(messages.filter((m) => m.includes('[clientele]') || m.startsWith('page error'))).toEqual([]);
  });
}
