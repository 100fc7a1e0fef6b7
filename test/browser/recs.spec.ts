import { test, expect, type Page, type Request } from '@playwright/test';
import { ready, exported, eventsNamed, demoCatalog, watchConsole, type DemoProduct } from './helpers.ts';
import { demoModel } from './demoModel.ts';
import { BOUGHT_TOGETHER_LIST } from '../../scoring/siteModel/format.ts';

type Rec = { item: { product_id: string; name?: string; category?: string }; source: string; reason: string };
type Api = { recommend(r: unknown): Promise<Rec[]>; status(): Promise<{ siteModel: { version: string } | null; catalog: number } | null>; track(e: string, p: unknown): void };

const recommend = (page: Page, request: unknown) => page.evaluate((r) => (window as unknown as { clientele: Api }).clientele.recommend(r), request);
const status = (page: Page) => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status());
const rowIds = (page: Page, sel: string) => page.locator(`${sel} [data-clientele-widget-item]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));

// The demo's site model, read in Node with the same parser the worker uses: the crowd's answer to compare with.
const site = demoModel();
const coVisited = (id: string, k: number): string[] => {
  const row = site.row(BOUGHT_TOGETHER_LIST, site.index.get(id)!);
  return Array.from(row?.items.subarray(0, k) ?? [], (i) => site.items[i]);
};

/** Only the shop's own origin, and on it only the demo, the built script and the files it is told to load. */
function allowedRequest(url: string, origin: string): boolean {
  if (url.startsWith('blob:') || url.startsWith('data:')) return true;
  const u = new URL(url);
  if (u.origin !== origin) return false;
  const p = u.pathname;
  return p.startsWith('/dist/') || p.startsWith('/demo/model/') || p === '/demo/data/catalog.json' || /^\/demo\/(?!model\/|data\/)[\w.\-/]+$/.test(p);
}

const share = (recs: Rec[], category: string) => recs.filter((r) => r.item.category === category).length / Math.max(1, recs.length);

test('recommendations: cold start, leaning to viewed categories, buy again and bought together, all from local files only', async ({ page, context, baseURL }) => {
  test.setTimeout(120_000);
  const origin = new URL(baseURL!).origin;
  expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const urls = new Set<string>();
  const seen = (r: Request) => urls.add(r.url());
  context.on('request', seen);
  page.on('request', seen);
  page.on('worker', (w) => urls.add(w.url()));
  const { pageErrors } = watchConsole(page);
  const catalog = demoCatalog();
  const byId = new Map(catalog.map((p) => [p.product_id, p]));

  // 1. A first-time shopper: the "for you" row is full, from the crowd's popularity or from content.
  await page.goto('/demo/index.html');
  await ready(page);
  await expect.poll(async () => (await status(page))?.siteModel?.version).toBe(site.version);
  await expect.poll(async () => (await status(page))?.catalog).toBe(catalog.length);
  await expect.poll(async () => (await rowIds(page, '#for-you')).length, { timeout: 20_000 }).toBe(6);
  const cold = await recommend(page, { type: 'for-you', limit: 6 });
  expect(cold).toHaveLength(6);
  expect(cold.some((r) => r.source === 'popularity' || r.source === 'content')).toBe(true);
  for (const r of cold) expect(['popularity', 'content', 'catalog', 'trending']).toContain(r.source);
  for (const r of cold) expect(byId.has(r.item.product_id)).toBe(true);
  // The cold row is the crowd's bestsellers: the site model's most-bought items lead it.
  const topCount = Array.from(site.popularity.top.subarray(0, 20), (i) => site.items[i]);
  expect(cold.filter((r) => topCount.includes(r.item.product_id)).length).toBeGreaterThanOrEqual(4);

  // 2. Three product pages of one small category: "for you" now leans to it. The category is one the cold
  //    row does not show at all and that holds under 10% of the catalogue, so the lean cannot be chance.
  const counts = new Map<string, number>();
  for (const p of catalog) counts.set(p.category, (counts.get(p.category) ?? 0) + 1);
  const category = 'Christmas';
  const catalogShare = counts.get(category)! / catalog.length;
  expect(catalogShare).toBeLessThan(0.1);
  const before = share(cold, category);
  const three = catalog.filter((p) => p.category === category).slice(0, 3);
  for (const p of three) {
    await page.goto(`/demo/product.html?id=${encodeURIComponent(p.product_id)}`);
    await ready(page);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Viewed').some((e) => e.properties.product_id === p.product_id)).toBe(true);
  }
  await page.goto('/demo/index.html');
  await ready(page);
  const warm = await recommend(page, { type: 'for-you', limit: 6 });
  expect(warm).toHaveLength(6);
  const after = share(warm, category);
  expect(after, `share of ${category} in "for you": ${before} before, ${after} after, ${catalogShare.toFixed(2)} of the catalogue`).toBeGreaterThanOrEqual(0.5);
  expect(after).toBeGreaterThan(before + 0.3);
  expect(after).toBeGreaterThan(catalogShare + 0.3);
  // Personal now: the crowd's models folded in on this history, or content, not the bestseller list.
  expect(warm.some((r) => !['popularity', 'catalog', 'trending'].includes(r.source))).toBe(true);
  expect(warm.some((r) => /because you viewed /.test(r.reason))).toBe(true);
  for (const r of warm) expect(three.map((p) => p.product_id)).not.toContain(r.item.product_id);
  // The widget on the page shows the same leaning row.
  await expect.poll(async () => (await rowIds(page, '#for-you')).filter((id) => byId.get(id!)?.category === category).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(3);

  // 3. An order through the demo checkout: two products put in the cart from their pages.
  const bought: DemoProduct[] = [catalog.find((p) => p.category === 'Kitchen')!, catalog.find((p) => p.category === 'Bags')!];
  for (const p of bought) {
    await page.goto(`/demo/product.html?id=${encodeURIComponent(p.product_id)}`);
    await ready(page);
    await page.locator('#product [data-clientele-add]').first().click();
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Product Added').some((e) => e.properties.product_id === p.product_id)).toBe(true);
  }
  await page.goto('/demo/checkout.html');
  await ready(page);
  const form = page.locator('#checkout-form');
  await form.locator('[name=name]').fill('Ada Lovelace');
  await form.locator('[name=email]').fill('ada@example.com');
  await form.locator('[name=address]').fill('12 Analytical Row');
  await form.locator('[name=town]').fill('London');
  await form.locator('[name=postcode]').fill('SW1A 1AA');
  await form.locator('button[type=submit]').click();
  await expect(page.locator('#thanks')).toBeVisible();
  await expect.poll(async () => {
    const orders = eventsNamed((await exported(page)).events, 'Order Completed');
    return orders.flatMap((o) => (o.properties.products as Array<{ product_id: string }>).map((p) => p.product_id)).sort();
  }).toEqual(bought.map((p) => p.product_id).sort());

  // "Buy again" shows exactly what was bought, in the API and in the row the thank-you page mounts.
  const again = await recommend(page, { type: 'buy-again', limit: 6 });
  expect(again.map((r) => r.item.product_id).sort()).toEqual(bought.map((p) => p.product_id).sort());
  for (const r of again) expect(r.source).toBe('buy-again');
  for (const r of again) expect(r.reason).toMatch(/^you bought this/);
  await expect.poll(async () => (await rowIds(page, '#row-buy-again')).sort(), { timeout: 20_000 }).toEqual(bought.map((p) => p.product_id).sort());

  // "Bought together" with a purchased item: what real customers bought with it, per the site model's co-visitation.
  for (const p of bought) {
    const together = await recommend(page, { type: 'bought-together', itemId: p.product_id, limit: 4 });
    expect(together).toHaveLength(4);
    const crowd = coVisited(p.product_id, 40);
    expect(crowd.length).toBeGreaterThanOrEqual(4);
    const fromCrowd = together.filter((r) => r.source === 'co-visitation' && r.reason === `bought together with ${p.name}`);
    expect(fromCrowd.length, JSON.stringify(together)).toBeGreaterThanOrEqual(3);
    for (const r of fromCrowd) expect(crowd).toContain(r.item.product_id);
    // The strongest pairs lead: the row's first item is one of the crowd's top 3 for this product.
    expect(coVisited(p.product_id, 3)).toContain(together[0].item.product_id);
    expect(together.map((r) => r.item.product_id)).not.toContain(p.product_id);
  }

  // 4. Nothing left the shop: every request (page, widget, worker) was a local demo file, the script or the model.
  expect([...urls].some((u) => u.endsWith('/demo/model/manifest.json')), 'the worker\'s requests are observed').toBe(true);
  expect([...urls].some((u) => /\/demo\/model\/shards\/[0-9a-f]{16}\.bin$/.test(u)), 'shards of the viewed products were fetched').toBe(true);
  expect([...urls].some((u) => u.endsWith('/dist/clientele-worker.js'))).toBe(true);
  expect([...urls].filter((u) => !allowedRequest(u, origin))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('no row shows an item that neither the catalog nor the site model can name, whatever the history holds', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  const named = new Map<string, string>([...demoCatalog().map((p) => [p.product_id, p.name] as const), ...site.items.map((id, i) => [id, site.meta(i)?.name ?? ''] as const)]);
  // Events about products only known by an id (another shop's ids, typos, order lines without details).
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (const id of ['GHOST-1', 'GHOST-2', 'GHOST-3']) c.track('Product Viewed', { product_id: id });
    c.track('Product Viewed', { product_id: '85123A', name: 'White Hanging Heart T-Light Holder', price: 2.95 });
    c.track('Product Added', { product_id: 'GHOST-2', price: 4 });
    c.track('Order Completed', { order_id: 'T-1', products: [{ product_id: 'GHOST-1', price: 1, quantity: 1 }, { product_id: '85123A', price: 2.95, quantity: 1 }] });
    // The page's own product (never shown in its rows) is a ghost too.
    c.track('Product Viewed', { product_id: 'GHOST-4' });
  });
  await expect.poll(async () => (await exported(page)).events.filter((e) => e.event === 'Order Completed').length).toBe(1);
  for (const type of ['for-you', 'similar', 'bought-together', 'trending', 'popular', 'recently-viewed', 'buy-again']) {
    const recs = await recommend(page, { type, limit: 12, ...(type === 'similar' || type === 'bought-together' ? { itemId: '85123A' } : {}) });
    expect(recs.length, type).toBeGreaterThan(0);
    for (const r of recs) {
      expect(named.has(r.item.product_id), `${type}: ${r.item.product_id}`).toBe(true);
      expect(r.item.name, `${type}: ${r.item.product_id}`).toBe(named.get(r.item.product_id));
    }
    if (type === 'recently-viewed' || type === 'buy-again') expect(recs.map((r) => r.item.product_id), type).toContain('85123A');
  }
});
