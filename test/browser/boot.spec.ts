// The worker boots on the init its name carries (src/rpc.ts, spawnNamed; worker/index.ts), without waiting for the
// page's init message, which Chromium hands a new worker only once the page's main thread is free. Built script,
// real worker and IndexedDB in Chromium.
import { test, expect, type Page } from '@playwright/test';
import { exported, eventsNamed, initBeforeLoad, ready, watchConsole, noIndexedDb } from './helpers.ts';
import { SNIPPET, booted, posted, recordPosts, recordWorkers } from './bootSteps.ts';

/** A shop page: the snippet and the script (with the demo's site model and catalog), then `head`, and `body`. */
const shopPage = (head: string, body: string) => `<!doctype html><html lang="en-GB"><head><title>shop</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json"></script>
${head}</head><body>${body}</body></html>`;
const databases = (page: Page) => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name).sort());

test('a worker named after the config boots on it: its answer comes first, the init message gets the same one, and the config holds', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await recordWorkers(page);
  await page.route('**/boot/same.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>same</title><script>${SNIPPET}</script>
<script>clientele.init({ siteId: 'boot-same', autocapture: false }); clientele.track('Before Load', { n: 1 });</script>
<script async src="/dist/clientele.js"></script>`,
    }),
  );
  await page.goto('/boot/same.html');
  await ready(page);
  const { names } = await booted(page);
  expect(names).toHaveLength(1);
  expect(names[0].startsWith('clientele#')).toBe(true);
  expect(JSON.parse(JSON.parse(names[0].slice(10))[0]).siteId).toBe('boot-same');
  // The boot's answer, then the answer to the page's init message (c0), before anything else. ready() settles on the
  // boot's answer, so c0's may still be on its way. Before both, the worker says it holds its life lock.
  await expect.poll(async () => (await booted(page)).ids.slice(0, 3)).toEqual(['locked', 'boot', 'c0']);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Before Load').length).toBe(1);
  expect(await databases(page)).toContain('clientele:boot-same');
  expect(pageErrors).toEqual([]);
});

test('a config changed after the script started: the page’s config applies, nothing tracked is lost, and no database is left for the site id the worker guessed', async ({ page }) => {
  const { pageErrors, warnings } = watchConsole(page);
  await recordWorkers(page);
  // The later init() comes in a script the parser waits for, so the async script starts (and names its worker) first.
  await page.route('**/boot/late-config.js', async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.fulfill({ contentType: 'text/javascript', body: `clientele.init({ siteId: 'boot-final' }); clientele.track('After Script', { n: 2 });` });
  });
  // The boot's site model and catalog are still loading when the config changes.
  let slow = 2;
  await page.route(/\/demo\/(model\/manifest|data\/catalog)\.json/, async (route) => {
    if (slow-- > 0) await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await page.route('**/boot/changed.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>changed</title><script>${SNIPPET}</script>
<script>clientele.init({ siteId: 'boot-guess', autocapture: false }); clientele.track('Before Load', { n: 1 });</script>
<script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json"></script>
<script src="/boot/late-config.js"></script>`,
    }),
  );
  await page.goto('/boot/changed.html');
  await ready(page);
  const { names, ids } = await booted(page);
  expect(names).toHaveLength(1);
  expect(JSON.parse(JSON.parse(names[0].slice(10))[0]).siteId).toBe('boot-guess');
  expect(ids).toContain('boot');
  await expect.poll(async () => (await exported(page)).events.length).toBe(2);
  const stored = (await exported(page)).events;
  expect(eventsNamed(stored, 'Before Load')).toHaveLength(1);
  expect(eventsNamed(stored, 'After Script')).toHaveLength(1);
  // After the boot's loads, which were still under way at the switch, have finished.
  await page.waitForTimeout(2000);
  const dbs = await databases(page);
  expect(dbs).toContain('clientele:boot-final');
  expect(dbs).not.toContain('clientele:boot-guess');
  // The boot's site model and catalog loads, finishing after the switch, say nothing; rows work for the kept site.
  expect(warnings).toEqual([]);
  expect(pageErrors).toEqual([]);
  const recs = await page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'popular', limit: 4 }));
  expect(recs).toHaveLength(4);
});


/**
 * Serves the demo home with its script tag after the rows, so the script finds the first row at once. In the head,
 * the script names the row only if the parser reaches it within 100 ms of the script running (else the worker starts
 * without it, and the page asks): a loaded machine's parse can take longer, and the test would be a race.
 */
const scriptAfterRows = (page: Page) =>
  page.route(/\/demo\/index\.html$/, async (route) => {
    const res = await route.fetch();
    const html = await res.text();
    const tag = /<script async src="\/dist\/clientele\.js"[^>]*><\/script>\n?/.exec(html)![0];
    await route.fulfill({ response: res, body: html.replace(tag, '').replace('</body>', tag + '</body>') });
  });

test('the worker is told the page’s first row in its name and answers it unasked: no row message, the row fills', async ({ page }) => {
  await scriptAfterRows(page);
  await recordWorkers(page);
  await recordPosts(page);
  await page.goto('/demo/index.html');
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  const { names, ids } = await booted(page);
  expect(names).toHaveLength(1);
  const args = JSON.parse(names[0].slice(10));
  expect(args[2]).toEqual([{ type: 'for-you', limit: 6 }, 'for-you']);
  // Its answer comes unasked, after the boot's; the page never sends the row.
  expect(ids.filter((id) => id.startsWith('boot'))).toEqual(['boot', 'boot-row']);
  const forYou = (await posted(page)).filter((c) => c.method === 'row' && (c.args[0] as { type: string }).type === 'for-you');
  expect(forYou).toEqual([]);
});

test('a visitor who consented on an earlier page gets the boot row too: the consent op the page sends first does not hold it back', async ({ page }) => {
  await initBeforeLoad(page, { requireConsent: true });
  await page.addInitScript(() => localStorage.setItem('clientele:consent', '1'));
  await scriptAfterRows(page);
  await recordWorkers(page);
  await recordPosts(page);
  await page.goto('/demo/index.html');
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  const { names, ids } = await booted(page);
  expect(JSON.parse(names[0].slice(10))[1].consent).toBe(true);
  expect(ids.filter((id) => id.startsWith('boot'))).toEqual(['boot', 'boot-row']);
  expect((await posted(page)).filter((c) => c.method === 'row' && (c.args[0] as { type: string }).type === 'for-you')).toEqual([]);
  // The page's own events are stored under that consent.
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Page Viewed').length).toBe(1);
});

test('a first row the worker ranked before the page showed a product is not used for it: the widget asks again, seeded by the product', async ({ page }) => {
  await recordWorkers(page);
  await recordPosts(page);
  // The worker is held back until the page has shown a product, after it was started with the first row in its name.
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await page.route('**/dist/clientele-worker.js', async (route) => (await gate, route.continue()));
  await page.route('**/boot/seeded.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>seeded</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>
<div data-clientele-widget="for-you" data-limit="4"></div>`,
    }),
  );
  await page.goto('/boot/seeded.html');
  await expect.poll(async () => (await booted(page)).names.length).toBe(1);
  expect(JSON.parse((await booted(page)).names[0].slice(10))[2]).toEqual([{ type: 'for-you', limit: 4 }, 'for-you']);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Product Viewed', { product_id: '85123A' }));
  release();
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  // The worker answered the row its name carried; the widget asked again, seeded by the product, and drew that.
  await expect.poll(async () => (await booted(page)).ids).toContain('boot-row');
  const rows = (await posted(page)).filter((c) => c.method === 'row');
  expect(rows).toHaveLength(1);
  expect(rows[0].args[1]).toEqual({ currentItemId: '85123A' });
});

test('a page that tracked before the script ran names no first row: its row is asked for after the events', async ({ page }) => {
  await recordWorkers(page);
  await recordPosts(page);
  await page.route('**/boot/tracked.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>tracked</title><script>${SNIPPET}</script>
<script>clientele.track('Product Added', { product_id: '85123A' });</script>
<script async src="/dist/clientele.js" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>
<div data-clientele-widget="for-you" data-limit="4"></div>`,
    }),
  );
  await page.goto('/boot/tracked.html');
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  const { names, ids } = await booted(page);
  expect(JSON.parse(names[0].slice(10))).toHaveLength(2);
  expect(ids).not.toContain('boot-row');
  const calls = await posted(page);
  const row = calls.findIndex((c) => c.method === 'row');
  expect(row).toBeGreaterThan(calls.findIndex((c) => c.method === 'apply'));
});

test('a read queued before the script arrived sees every call queued before it', async ({ page }) => {
  await page.route('**/boot/early-read.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>early read</title><script>${SNIPPET}</script>
<script>clientele.init({ siteId: 'early-read', autocapture: false }); clientele.identify('u9'); clientele.track('Before Script', { n: 1 });
clientele.exportData().then(function (d) { window.__early = d; });</script>
<script async src="/dist/clientele.js"></script>`,
  }));
  await page.goto('/boot/early-read.html');
  await page.waitForFunction(() => (window as unknown as { __early?: unknown }).__early !== undefined, null, { timeout: 20_000 });
  const early = await page.evaluate(() => (window as unknown as { __early: { user_id: string | null; events: { event: string }[] } }).__early);
  expect(early.user_id).toBe('u9');
  expect(early.events.map((e) => e.event)).toContain('Before Script');
});

test('a config changed after the script started, with IndexedDB unusable: the message the boot gave is still said, once', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await noIndexedDb(page);
  await page.route('**/boot/late-config.js', async (route) => {
    await new Promise((r) => setTimeout(r, 600));
    await route.fulfill({ contentType: 'text/javascript', body: `clientele.init({ siteId: 'boot-final' });` });
  });
  await page.route('**/boot/no-idb.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>no idb</title><script>${SNIPPET}</script>
<script>clientele.init({ siteId: 'boot-guess', autocapture: false });</script>
<script async src="/dist/clientele.js"></script>
<script src="/boot/late-config.js"></script>`,
    }),
  );
  await page.goto('/boot/no-idb.html');
  await ready(page);
  expect(await page.evaluate(async () => (await (window as unknown as { clientele: { status(): Promise<{ storage: string }> } }).clientele.status()).storage)).toBe('memory');
  expect(warnings.filter((w) => /IndexedDB cannot be used here/.test(w))).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});

test('the first answers wait for the catalog feed on a first visit, even once this page’s first event has put a product in the catalog', async ({ page }) => {
  // The feed is slow; the page tracks a product view as soon as it is ready, then asks for a row.
  await page.route('**/demo/data/catalog.json', async (route) => {
    await new Promise((r) => setTimeout(r, 1200));
    await route.continue();
  });
  await page.route('**/boot/feed.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>feed</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script>`,
    }),
  );
  await page.goto('/boot/feed.html');
  await ready(page);
  const recs = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> } }).clientele;
    c.track('Product Viewed', { product_id: 'page-only', name: 'A product only this page knows', price: 3 });
    return c.recommend({ type: 'popular', limit: 4 });
  });
  expect(recs).toHaveLength(4);
});

for (const [kind, markup] of [
  ['JSON-LD', '<script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"White Hanging Heart T-Light Holder","sku":"85123A","productID":"85123A","offers":{"@type":"Offer","price":2.95,"priceCurrency":"GBP"}}</script>'],
  ['OpenGraph', '<meta property="og:type" content="product.item"><meta property="product:retailer_item_id" content="85123A"><meta property="product:price:amount" content="2.95"><meta property="product:price:currency" content="GBP"><meta property="og:title" content="White Hanging Heart T-Light Holder">'],
] as const) {
  test(`a product page (${kind}) with a for-you row in its markup: no boot row, the row is seeded by the product read from the page`, async ({ page }) => {
    await recordWorkers(page);
    await recordPosts(page);
    await page.route('**/boot/product.html', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: shopPage(kind === 'OpenGraph' ? markup : '', `<h1>White Hanging Heart T-Light Holder</h1>
<div data-clientele-widget="for-you" data-limit="4"></div>${kind === 'JSON-LD' ? markup : ''}`),
      }),
    );
    await page.goto('/boot/product.html');
    const cards = page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]');
    await expect(cards.first()).toBeVisible({ timeout: 20_000 });
    expect(JSON.parse((await booted(page)).names[0].slice(10))).toHaveLength(2);
    const rows = (await posted(page)).filter((c) => c.method === 'row' && (c.args[0] as { type: string }).type === 'for-you');
    expect(rows).toHaveLength(1);
    expect(rows[0].args[1]).toEqual({ currentItemId: '85123A' });
    expect(await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')))).not.toContain('85123A');
  });
}

test('a page whose JSON-LD names no product (a breadcrumb, the shop) gets the boot row, and its rows do not wait for a product', async ({ page }) => {
  await recordWorkers(page);
  await recordPosts(page);
  await page.route('**/boot/home-ld.html', (route) =>
    route.fulfill({
      contentType: 'text/html',
      body: shopPage(`<script type="application/ld+json">{"@context":"https://schema.org","@type":"Organization","name":"Gift Shop","url":"https://shop.test/"}</script>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"BreadcrumbList","itemListElement":[{"@type":"ListItem","position":1,"name":"Home"}]}</script>`, '<h1>Gift Shop</h1><div data-clientele-widget="for-you" data-limit="4"></div>'),
    }),
  );
  await page.goto('/boot/home-ld.html');
  await expect(page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  expect(JSON.parse((await booted(page)).names[0].slice(10))[2]).toEqual([{ type: 'for-you', limit: 4 }, 'for-you']);
  expect((await posted(page)).filter((c) => c.method === 'row')).toEqual([]);
});

test('on the next page of a visit, a product page whose rows were drawn from the kept ones still asks for them seeded by its product', async ({ page }) => {
  await recordPosts(page);
  const html = (body: string) => shopPage('', `${body}<div data-clientele-widget="for-you" data-limit="4"></div>`);
  await page.route('**/boot/list.html', (route) => route.fulfill({ contentType: 'text/html', body: html('<h1>Gifts</h1>') }));
  await page.route('**/boot/item.html', (route) => route.fulfill({ contentType: 'text/html', body: html('<h1>White Hanging Heart T-Light Holder</h1><script type="application/ld+json">{"@context":"https://schema.org","@type":"Product","name":"White Hanging Heart T-Light Holder","sku":"85123A","offers":{"@type":"Offer","price":2.95,"priceCurrency":"GBP"}}</script>') }));
  const cards = page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]');
  await page.goto('/boot/list.html');
  await expect(cards.first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith(':rows')))).toBe(true);
  await page.goto('/boot/item.html');
  await expect.poll(async () => (await posted(page)).filter((c) => c.method === 'row').map((c) => c.args[1])).toContainEqual({ currentItemId: '85123A' });
  const rows = (await posted(page)).filter((c) => c.method === 'row' && (c.args[0] as { type: string }).type === 'for-you');
  expect(rows.map((c) => c.args[1])).toEqual([{ currentItemId: '85123A' }]);
  await expect.poll(async () => cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')))).not.toContain('85123A');
});
