import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, watchConsole } from './helpers.ts';

// demo/fixtures/site-model.html has no catalog and points its site model at /demo/fixtures/routed-model/,
// which exists only as these routes: each test decides what the "published" model is.
const FIXTURE = '/demo/fixtures/site-model.html';
const MODEL_GLOB = '**/demo/fixtures/routed-model/**';
const goodManifestText = readFileSync(new URL('../../demo/model/manifest.json', import.meta.url), 'utf8');
const goodWeights = readFileSync(new URL('../../demo/model/weights.bin', import.meta.url));
const good = JSON.parse(goodManifestText) as { version: string; items: string[] };

type Api = { status(): Promise<{ siteModel: { version: string; items: number } | null } | null>; recommend(r: unknown): Promise<Array<{ item: { product_id: string; name?: string }; source: string }>> };
const api = (page: Page) => ({
  status: () => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()),
  recommend: (r: unknown) => page.evaluate((req) => (window as unknown as { clientele: Api }).clientele.recommend(req), r),
});
const rowIds = (page: Page) => page.locator('#row [data-clientele-widget-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));

/** Serves `manifest` and `weights` as the published site model, counting the requests made for them. */
async function publish(page: Page, manifest: string, weights: Buffer) {
  const hits = { manifest: 0, weights: 0 };
  await page.context().unroute(MODEL_GLOB);
  await page.context().route(MODEL_GLOB, (route) => {
    const url = new URL(route.request().url());
    if (url.pathname.endsWith('/manifest.json')) {
      hits.manifest++;
      return route.fulfill({ status: 200, contentType: 'application/json', body: manifest });
    }
    if (url.pathname.endsWith('/weights.bin')) {
      hits.weights++;
      return route.fulfill({ status: 200, contentType: 'application/octet-stream', body: weights });
    }
    return route.fulfill({ status: 404, body: 'not found' });
  });
  return hits;
}

/** The good manifest under a new version string, as a new build would publish it. */
const newVersion = (v: string) => JSON.stringify({ ...JSON.parse(goodManifestText), version: v });

const flipped = (() => {
  const b = Buffer.from(goodWeights);
  for (let i = 1000; i < 1064 && i < b.length; i++) b[i] ^= 0xff;
  return b;
})();

const BROKEN: Array<{ name: string; manifest: () => string; weights: Buffer; message: RegExp }> = [
  { name: 'weights.bin with flipped bytes', manifest: () => newVersion('corrupt-flipped'), weights: flipped, message: /checksum/ },
  { name: 'a truncated weights.bin', manifest: () => newVersion('corrupt-truncated'), weights: goodWeights.subarray(0, Math.floor(goodWeights.length / 2)), message: /weights\.bin is \d+ bytes but manifest\.bytes says \d+/ },
  { name: 'a truncated manifest.json (invalid JSON)', manifest: () => newVersion('corrupt-json').slice(0, 2000), weights: goodWeights, message: /manifest.*not valid JSON/ },
];

test('a good site model loads, is reported by status() and fills a row from its own item metadata', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const hits = await publish(page, goodManifestText, goodWeights);
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  expect((await api(page).status())?.siteModel?.items).toBe(good.items.length);
  // No catalog on this page: only the site model can name these items.
  await expect.poll(async () => (await rowIds(page)).length).toBe(4);
  for (const id of await rowIds(page)) expect(good.items).toContain(id);
  expect(hits.manifest).toBeGreaterThan(0);
  expect(hits.weights).toBe(1);
  expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

for (const broken of BROKEN) {
  test(`${broken.name} is refused with one clear message; the cached model stays in use and rows still render`, async ({ page }) => {
    const { warnings, pageErrors } = watchConsole(page);
    await publish(page, goodManifestText, goodWeights);
    await page.goto(FIXTURE);
    await ready(page);
    await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
    await expect.poll(async () => (await rowIds(page)).length).toBe(4);
    const before = await api(page).recommend({ type: 'popular', limit: 4 });

    const hits = await publish(page, broken.manifest(), broken.weights);
    warnings.length = 0;
    await page.reload();
    await ready(page);
    await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')), { message: 'one [clientele] message about the broken model' }).toHaveLength(1);
    const message = warnings.find((w) => w.startsWith('[clientele]'))!;
    expect(message).toMatch(broken.message);
    expect(message).toMatch(/site model/);
    expect(message).toMatch(/previous site model stays in use/);
    expect(hits.manifest).toBeGreaterThan(0);

    // The engine runs on the model cached in IndexedDB, not on nothing and not on the broken one.
    await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
    await expect.poll(async () => (await rowIds(page)).length).toBe(4);
    for (const id of await rowIds(page)) expect(good.items).toContain(id);
    expect((await api(page).recommend({ type: 'popular', limit: 4 })).map((r) => r.item.product_id)).toEqual(before.map((r) => r.item.product_id));
    // Still exactly one message: nothing repeats it, nothing else complains.
    expect(warnings.filter((w) => w.startsWith('[clientele]'))).toHaveLength(1);
    expect(pageErrors).toEqual([]);
  });
}

test('a broken site model on a first visit (nothing cached) is refused and the page still works', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await publish(page, newVersion('corrupt-first'), flipped);
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]'))).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele]'))).toMatch(/checksum.*running on the catalog and the visitor's own history/);
  expect((await api(page).status())?.siteModel ?? null).toBeNull();
  expect(await api(page).recommend({ type: 'popular', limit: 4 })).toEqual([]);
  expect(pageErrors).toEqual([]);
});

// A catalog feed served at a routed URL, set through a queued init() as a site owner's config would.
async function withCatalog(page: Page, products: unknown[]) {
  await page.context().route('**/demo/fixtures/routed-catalog.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ products }) }));
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ catalogUrl: '/demo/fixtures/routed-catalog.json' }]]];
  });
}

const demoProducts = (JSON.parse(readFileSync(new URL('../../demo/data/catalog.json', import.meta.url), 'utf8')) as { products: Array<{ product_id: string; name: string }> }).products;
const siteRanked = (() => {
  // the site model's items by crowd popularity, read with the same parser as the worker
  return import('../../scoring/siteModel/parse.ts').then(({ parseSiteModel }) => {
    const r = parseSiteModel(goodManifestText, new Uint8Array(goodWeights));
    if (!r.ok) throw new Error(r.message);
    return [...r.value.popularity.count].map((c, i) => [c, r.value.items[i]] as const).sort((a, b) => b[0] - a[0]).map(([, id]) => id);
  });
})();

test('with a real catalog, rows hold only catalog items even when the site model knows more popular ones', async ({ page }) => {
  const ranked = await siteRanked;
  // Leave the crowd's 100 favourites out of the catalog: 200 items remain, two thirds of the site model.
  const left = new Set(ranked.slice(100));
  const products = demoProducts.filter((p) => left.has(p.product_id));
  expect(products).toHaveLength(200);
  await publish(page, goodManifestText, goodWeights);
  await withCatalog(page, products);
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  await expect.poll(async () => ((await api(page).status()) as unknown as { catalog: number }).catalog).toBe(200);
  const seed = products[0].product_id;
  for (const request of [{ type: 'popular', limit: 12 }, { type: 'trending', limit: 12 }, { type: 'similar', itemId: seed, limit: 8 }, { type: 'bought-together', itemId: seed, limit: 8 }]) {
    const recs = await api(page).recommend(request);
    expect(recs, request.type).toHaveLength(request.limit);
    for (const r of recs) expect(left.has(r.item.product_id), `${request.type}: ${r.item.product_id}`).toBe(true);
  }
  // popular follows the crowd within the catalog: its head is the most popular item the catalog still sells
  expect(ranked.slice(100, 110)).toContain((await api(page).recommend({ type: 'popular', limit: 1 }))[0].item.product_id);
});

test('with only a handful of catalog items, rows still draw on the site model to fill up', async ({ page }) => {
  const ranked = await siteRanked;
  const few = new Set(ranked.slice(-10));
  await publish(page, goodManifestText, goodWeights);
  await withCatalog(page, demoProducts.filter((p) => few.has(p.product_id)));
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(async () => ((await api(page).status()) as unknown as { catalog: number }).catalog).toBe(10);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  const recs = await api(page).recommend({ type: 'popular', limit: 12 });
  expect(recs).toHaveLength(12);
  // the crowd's favourites lead, whether or not this small catalog lists them
  expect(ranked.slice(0, 10)).toContain(recs[0].item.product_id);
  expect(recs.filter((r) => !few.has(r.item.product_id)).length).toBeGreaterThan(2);
});
