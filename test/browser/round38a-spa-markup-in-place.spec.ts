// README "With no code beyond the snippet, Clientele records ... product views from the schema.org JSON-LD, ... or the
// OpenGraph product tags your pages already carry (or a data-clientele-product attribute)", SPA navigation included.
// A single-page shop keeps one product component mounted across routes: the router sets the title at once (from its
// route table) and the product's data arrives later (a fetch), written into the nodes already there, as React, Preact
// and Vue do: a JSON-LD <script> whose one text child is given new text (React's setTextContent writes nodeValue), a
// data-clientele-product attribute set to the new product, OpenGraph <meta> tags whose content is patched in place
// (Vue's unhead) or removed and added again (react-helmet). src/autocapture/index.ts watched only added/removed
// children of JSON-LD, microdata and data-clientele-product elements: none of these changes was seen, so the route's
// scan (run once its title had changed) found the previous product's markup, product A was recorded late under
// route B's scan (if at all) and product B never. Expected: each product viewed once, in order: [SKU-A, SKU-B].
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

const MODES = {
  'JSON-LD text node rewritten (React text child)': `document.getElementById('ld').firstChild.nodeValue = JSON.stringify({ '@context': 'https://schema.org', '@type': 'Product', sku: p.sku, name: p.name, offers: { '@type': 'Offer', price: p.price, priceCurrency: 'USD' } });`,
  'data-clientele-product attribute set in place': `document.getElementById('prod').setAttribute('data-clientele-product', JSON.stringify({ product_id: p.sku, name: p.name, price: +p.price, currency: 'USD' }));`,
  'OpenGraph content patched in place (unhead)': `for (const [k, v] of og(p)) document.querySelector('meta[property="' + k + '"]').setAttribute('content', v);`,
  'OpenGraph tags removed and added again (react-helmet)': `for (const [k, v] of og(p)) { document.querySelector('meta[property="' + k + '"]').remove(); const m = document.createElement('meta'); m.setAttribute('property', k); m.content = v; document.head.appendChild(m); }`,
};

for (const [mode, write] of Object.entries(MODES)) {
  test(`SPA, one product component across routes, ${mode}: each product viewed once, in order`, async ({ page }) => {
    const { warnings, pageErrors } = watchConsole(page);
    await page.route('**/spa-inplace/**', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><html lang="en"><head><title>Home</title>
<script>window.clientele = [];</script><script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>
<meta property="og:type" content="website"><meta property="og:title" content="Shop"><meta property="product:price:amount" content=""><meta property="product:price:currency" content=""><meta property="product:retailer_item_id" content="">
<script type="application/ld+json" id="ld">{"@context":"https://schema.org","@type":"WebSite","name":"Shop"}</script>
</head><body><main><h1 id="h">Home</h1><div id="prod" data-clientele-product=""></div></main>
<script>
const P = { a: { sku: 'SKU-A', name: 'Alpha Mug', price: '10.00' }, b: { sku: 'SKU-B', name: 'Beta Tray', price: '20.00' } };
const og = (p) => [['og:type', 'product'], ['og:title', p.name], ['product:price:amount', p.price], ['product:price:currency', 'USD'], ['product:retailer_item_id', p.sku]];
window.go = (slug) => {
  history.pushState({}, '', '/spa-inplace/p/' + slug);
  const p = P[slug];
  document.title = p.name + ' | Shop';
  setTimeout(() => { document.getElementById('h').firstChild.nodeValue = p.name; ${write} }, 1500);
};
</script></body></html>` }));
    await page.goto('/spa-inplace/home');
    await ready(page);
    const views = async () => eventsNamed((await exported(page)).events, 'Product Viewed').map((e) => e.properties.product_id);
    await page.evaluate(() => (window as unknown as { go(s: string): void }).go('a'));
    await expect.poll(views, { timeout: 8000 }).toEqual(['SKU-A']);
    await page.evaluate(() => (window as unknown as { go(s: string): void }).go('b'));
    await expect.poll(views, { timeout: 8000 }).toEqual(['SKU-A', 'SKU-B']);
    // A's view was recorded while its own route was on screen, before B's page view.
    const events = (await exported(page)).events.filter((e) => /Viewed/.test(e.event)).map((e) => `${e.event}:${e.properties.product_id ?? e.properties.path}`);
    expect(events).toEqual(['Page Viewed:/spa-inplace/home', 'Page Viewed:/spa-inplace/p/a', 'Product Viewed:SKU-A', 'Page Viewed:/spa-inplace/p/b', 'Product Viewed:SKU-B']);
    expect(warnings.filter((w) => w.includes('[clientele]'))).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
}
