// Lead: pages whose body a navigation library swaps (Turbo Drive, htmx's hx-boost, PJAX, Barba) bring their widget
// mount points in new markup: the shop's server renders `<div data-clientele-widget="similar">` on every product page,
// as on a page loaded afresh, and the library puts the new page's body (or its main container) in place of the old one.
// Before: src/client.ts looked for data-clientele-widget elements once, at the start, so every page after the first
// showed no row at all (rows [] in all four cases), while its page view and product view were recorded.
// Expected: each swapped-in row is drawn, seeded by the product of the page it came with (as recommend({ type:
// 'similar', itemId }) answers for it), never by the page before; page views and product views once each.
// The libraries' DOM moves are mimicked without them: Turbo pushes the URL, then replaces <body> when its fetch comes
// back; htmx swaps the body's innerHTML and pushes the URL after its settle delay; PJAX replaces a container; Barba adds
// the new container beside the old one and removes the old one after its transition.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const SKUS = ['85123A', '22423', '85099B'];
const pageHtml = (sku: string) => `<!doctype html><html lang="en-GB"><head><title>${sku} | Shop</title>
<script>window.clientele = window.clientele || [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-site-model-url="/demo/model/manifest.json"></script>
</head><body><main id="main"><h1>Product ${sku}</h1>
<script type="application/ld+json">${JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku, name: 'Product ' + sku, offers: { '@type': 'Offer', price: '5.00', priceCurrency: 'GBP' } })}</script>
<div data-clientele-widget="similar" data-limit="4"></div></main>
<script>
window.swap = async (sku, how) => {
  const html = await (await fetch('/swap-' + how + '/p/' + sku)).text();
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const wait = (ms) => new Promise((r) => setTimeout(r, ms));
  const go = () => history.pushState({}, '', '/swap-' + how + '/p/' + sku);
  // Turbo marks <html aria-busy="true"> from the visit's start (its pushState) to its render (Session.visitStarted).
  if (how === 'turbo-slow') { document.documentElement.setAttribute('aria-busy', 'true'); go(); await wait(2500); document.title = doc.title; document.body.replaceWith(document.adoptNode(doc.body)); document.documentElement.removeAttribute('aria-busy'); }
  if (how === 'turbo') { go(); await wait(300); document.title = doc.title; document.body.replaceWith(document.adoptNode(doc.body)); document.dispatchEvent(new Event('turbo:load')); }
  if (how === 'htmx') { document.body.innerHTML = doc.body.innerHTML; document.title = doc.title; await wait(20); go(); document.dispatchEvent(new Event('htmx:afterSwap')); }
  if (how === 'pjax') { document.getElementById('main').replaceWith(document.adoptNode(doc.getElementById('main'))); document.title = doc.title; go(); }
  // A leave transition of 1.6 s: both pages' markup is on the page until the old container goes.
  if (how === 'barba-slow') { go(); const n = document.adoptNode(doc.getElementById('main')); n.id = 'next'; document.body.appendChild(n); await wait(1600); document.getElementById('main').remove(); n.id = 'main'; document.title = doc.title; }
  if (how === 'barba') { go(); const n = document.adoptNode(doc.getElementById('main')); n.id = 'next'; document.body.appendChild(n); await wait(400); document.getElementById('main').remove(); n.id = 'main'; document.title = doc.title; }
};
</script></body></html>`;

const rowIds = (page: Page) => page.locator('#main [data-clientele-widget-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
/** Swaps the page for `sku`'s as the library `how` would (window.swap, above). */
const swap = (page: Page, sku: string, how: string) => page.evaluate(([s, h]) => (window as unknown as { swap(s: string, h: string): Promise<void> }).swap(s, h), [sku, how]);
/** What recommend() answers for `sku`'s similar row: what the row on its page must show. */
const similar = (page: Page, sku: string) => page.evaluate((s) => (window as unknown as { clientele: { recommend(r: object): Promise<Array<{ item: { product_id: string } }>> } }).clientele.recommend({ type: 'similar', itemId: s, limit: 4 }).then((r) => r.map((x) => x.item.product_id)), sku);
/** Polls until the products viewed are the first `n` of SKUS. */
const viewed = (page: Page, n: number) => expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id)).toEqual(SKUS.slice(0, n));
/** Opens SKUS[0]'s page on the path the library `how` swaps. */
const open = async (page: Page, how: string) => {
  await page.route(`**/swap-${how}/p/*`, (r) => r.fulfill({ contentType: 'text/html', body: pageHtml(r.request().url().split('/').pop()!) }));
  await page.goto(`/swap-${how}/p/${SKUS[0]}`);
  await ready(page);
};

for (const how of ['turbo', 'htmx', 'pjax', 'barba']) test(`a body or container swapped in by ${how} gets its similar row, seeded by its own product`, async ({ page }) => {
  test.setTimeout(90_000);
  const { warnings, pageErrors } = watchConsole(page);
  await open(page, how);
  for (const [i, sku] of SKUS.entries()) {
    if (i) await swap(page, sku, how);
    await viewed(page, i + 1);
    const expected = await similar(page, sku);
    expect(expected.length).toBeGreaterThan(0);
    await expect.poll(() => rowIds(page), { message: `the row on ${sku}'s page (${how})`, timeout: 10_000 }).toEqual(expected);
    expect(await page.locator('#main [data-clientele-widget]').count()).toBe(1);
  }
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => [e.properties.path, e.properties.title])).toEqual(SKUS.map((s) => [`/swap-${how}/p/${s}`, `${s} | Shop`]));
  expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

// A Turbo visit whose response takes 2.5 s: the URL is pushed at once, the new page (title, markup, rows) comes with
// the render. Before, the view was recorded after 1 s under the page before's title ([/p/22423, '85123A | Shop']).
test('a Turbo visit answered after 2.5 s records its page view with the new page\'s title, once', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page, 'turbo-slow');
  await swap(page, SKUS[1], 'turbo-slow');
  await viewed(page, 2);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Page Viewed').map((e) => [e.properties.path, e.properties.title])).toEqual(SKUS.slice(0, 2).map((s) => [`/swap-turbo-slow/p/${s}`, `${s} | Shop`]));
  const expected = await similar(page, SKUS[1]);
  await expect.poll(() => rowIds(page)).toEqual(expected);
});

// Barba with a leave transition longer than the view's settling (1.6 s): the old and the new container, each with its
// product's JSON-LD, stand side by side; the old one is then removed. Two faults, one test (they were two, the second
// repeating the first's steps):
// - Its product: the page's markup was read again only when markup was added or rewritten, never when it was removed,
//   so the new page's product (the only one left) was never recorded: Product Viewed [85123A, 22423] for three pages.
// - Its row: it mounts (50 ms after the new container arrives, the URL already pushed) and waits for the route's
//   product; when the view settles (1 s) both containers are on the page, the reader takes the old one's product (its
//   h1 comes first), which this route has already seen, so no Product Viewed is tracked, the wait ends unseeded and the
//   worker seeded the row by the visitor's last viewed product: the page before's (seen: the row on 85099B's page was
//   22423's similar row). Now rows drawn on a product page before its product was read are asked again when it is
//   (src/client.ts).
test('a Barba transition that keeps the old container 1.6 s records each page\'s product once the old one goes, and seeds the new row by it', async ({ page }) => {
  test.setTimeout(60_000);
  await open(page, 'barba-slow');
  for (const [i, sku] of SKUS.entries()) {
    if (i) await swap(page, sku, 'barba-slow');
    await viewed(page, i + 1);
    const expected = await similar(page, sku);
    await expect.poll(() => rowIds(page), { message: `the row on ${sku}'s page`, timeout: 5_000 }).toEqual(expected);
  }
});

// Round 42d: the Turbo case above failed once in CI under load, its row on 22423's page "similar to Product 85123A" for
// 15 s (21733, 22804, 22189, 22470). The first page's product was still being read (the worker's reader chunk on its
// way) when Turbo pushed the next URL; its view, tracked after the push, was taken for the new route's product: the new
// body's row, waiting for its route's product, was let go by that answer and seeded by 85123A, and not asked again when
// 22423 was read. Made certain here: the reader is held until the new row waits. Its row shows 22423's similar items
// only, never the page before's first (the impressions after the new page's view).
test('a Turbo visit pushed while the page before\'s product is still being read seeds its row by its own product', async ({ page }) => {
  test.setTimeout(30_000);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/dist/clientele-reader.js', async (r) => { await held; await r.continue(); });
  await open(page, 'turbo-slow');
  await swap(page, SKUS[1], 'turbo-slow');
  await expect(page.locator('#main [data-clientele-widget]')).toHaveAttribute('data-clientele-state', 'loading');
  release();
  await viewed(page, 2);
  const expected = await similar(page, SKUS[1]);
  await expect.poll(() => rowIds(page), { timeout: 5_000 }).toEqual(expected);
  await expect.poll(async () => {
    const events = (await exported(page)).events;
    const at = eventsNamed(events, 'Page Viewed')[1].timestamp;
    return eventsNamed(events, 'Widget Impression').filter((e) => e.timestamp >= at).map((e) => e.properties.product_id);
  }).toEqual(expected);
});

// The CI failure's own order: 85123A's view tracked (and stored) after Turbo pushed 22423's URL, while the old page
// still shows; the new body then renders and its row mounts (50 ms) before the route settles (aria-busy and the old
// title kept 400 ms here), so before 22423 is read. Before, it took 85123A, tracked on this route, for its product.
// And a recommend() of the page's own during the visit (a mini-cart's) started the new route's 2 s wait for its product
// then: spent by the render 2.1 s later, the row went unseeded, to the visitor's last viewed product (85123A) until
// 22423 was read. The row's first cards are 22423's similar items (the impressions since the render).
test('a Turbo visit whose page before\'s product view is tracked after the push seeds the new row by its own product', async ({ page }) => {
  test.setTimeout(30_000);
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/dist/clientele-reader.js', async (r) => { await held; await r.continue(); });
  await open(page, 'turbo-slow');
  await page.evaluate((s) => { document.documentElement.setAttribute('aria-busy', 'true'); history.pushState({}, '', '/swap-turbo-slow/p/' + s); }, SKUS[1]);
  release();
  await page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown> } }).clientele.recommend({ type: 'popular' }));
  await viewed(page, 1);
  const rendered = await page.evaluate(async (s) => {
    const doc = new DOMParser().parseFromString(await (await fetch('/swap-turbo-slow/p/' + s)).text(), 'text/html');
    await new Promise((r) => setTimeout(r, 2100));
    const at = Date.now();
    document.body.replaceWith(document.adoptNode(doc.body));
    await new Promise((r) => setTimeout(r, 400));
    document.title = doc.title;
    document.documentElement.removeAttribute('aria-busy');
    return at;
  }, SKUS[1]);
  await viewed(page, 2);
  const expected = await similar(page, SKUS[1]);
  await expect.poll(() => rowIds(page), { timeout: 5_000 }).toEqual(expected);
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Widget Impression').filter((e) => e.timestamp >= rendered).map((e) => e.properties.product_id)).toEqual(expected);
});
