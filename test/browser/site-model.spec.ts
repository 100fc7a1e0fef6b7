import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, watchConsole } from './helpers.ts';
import { demoModelFiles } from './demoModel.ts';

// demo/fixtures/site-model.html has no catalog and points its site model at /demo/fixtures/routed-model/,
// which exists only as these routes: each test decides what the "published" model is.
const FIXTURE = '/demo/fixtures/site-model.html';
const MODEL_GLOB = '**/demo/fixtures/routed-model/**';
const files = demoModelFiles();
const goodManifestText = new TextDecoder().decode(files[0].bytes);
const good = JSON.parse(goodManifestText) as { version: string; items: string[]; popular: { items: number[] }; shards: { files: string[]; itemsPerShard: number } };

type Api = { status(): Promise<{ siteModel: { version: string; items: number } | null } | null>; recommend(r: unknown): Promise<Array<{ item: { product_id: string; name?: string }; source: string }>>; track(e: string, p: unknown): void };
const api = (page: Page) => ({
  status: () => page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()),
  recommend: (r: unknown) => page.evaluate((req) => (window as unknown as { clientele: Api }).clientele.recommend(req), r),
  view: (id: string) => page.evaluate((pid) => (window as unknown as { clientele: Api }).clientele.track('Product Viewed', { product_id: pid }), id),
});
const rowIds = (page: Page) => page.locator('#row [data-clientele-widget-item]').evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));

/** Serves `manifest` and the demo model's other files (or `replace`d ones) as the published model, counting requests. */
async function publish(page: Page, manifest: string, replace: Record<string, Buffer> = {}) {
  const hits = { manifest: 0, shards: 0, meta: 0 };
  const byPath = new Map(files.map((f) => [f.path, Buffer.from(f.bytes)]));
  await page.context().unroute(MODEL_GLOB);
  await page.context().route(MODEL_GLOB, (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^.*\/routed-model\//, '');
    if (path === 'manifest.json') {
      hits.manifest++;
      return route.fulfill({ status: 200, contentType: 'application/json', body: manifest });
    }
    const body = replace[path] ?? byPath.get(path);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    if (path.startsWith('shards/')) hits.shards++;
    if (path.startsWith('meta/')) hits.meta++;
    return route.fulfill({ status: 200, contentType: path.endsWith('.json') ? 'application/json' : 'application/octet-stream', body });
  });
  return hits;
}

/** The good manifest under a new version string, as a new build would publish it. */
const newVersion = (v: string) => JSON.stringify({ ...JSON.parse(goodManifestText), version: v });

const BROKEN: Array<{ name: string; manifest: () => string; message: RegExp }> = [
  { name: 'a truncated manifest.json (invalid JSON)', manifest: () => newVersion('corrupt-json').slice(0, 2000), message: /manifest.*not valid JSON/ },
  { name: 'a format 1 model (one weights.bin)', manifest: () => JSON.stringify({ format: 'clientele-site-model', formatVersion: 1, version: 'old-v1', items: good.items, bytes: 771184, checksum: 'fnv1a32:00000000' }), message: /format 1 .*no longer reads.*npx clientele build-model/ },
  { name: 'a manifest whose shard list does not match its items', manifest: () => JSON.stringify({ ...JSON.parse(goodManifestText), version: 'bad-shards', shards: { ...good.shards, files: good.shards.files.slice(1) } }), message: /manifest.shards.files must list/ },
];

test('a good site model loads just its head, is reported by status(), and fills a row from its own item metadata', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const hits = await publish(page, goodManifestText);
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  expect((await api(page).status())?.siteModel?.items).toBe(good.items.length);
  // No catalog on this page: only the site model's metadata files can name these items.
  await expect.poll(async () => (await rowIds(page)).length).toBe(4);
  for (const id of await rowIds(page)) expect(good.items).toContain(id);
  expect(hits.manifest).toBeGreaterThan(0);
  expect(hits.meta).toBeGreaterThan(0);
  // a new visitor's popular row needs no per-item data: not one shard yet
  expect(hits.shards).toBe(0);
  // one product view: the rows about it fetch that product's shard, and only what they need
  const viewed = good.items[good.popular.items[0]];
  await api(page).view(viewed);
  const similar = await api(page).recommend({ type: 'similar', itemId: viewed, limit: 4 });
  expect(similar).toHaveLength(4);
  expect(similar.some((r) => r.source === 'item-to-item' || r.source === 'co-visitation')).toBe(true);
  expect(hits.shards).toBeGreaterThanOrEqual(1);
  expect(hits.shards).toBeLessThan(good.shards.files.length);
  expect(warnings.filter((w) => w.startsWith('[clientele]'))).toEqual([]);
  expect(pageErrors).toEqual([]);
});

for (const broken of BROKEN) {
  test(`${broken.name} is refused with one clear message; the cached model stays in use and rows still render`, async ({ page }) => {
    const { warnings, pageErrors } = watchConsole(page);
    await publish(page, goodManifestText);
    await page.goto(FIXTURE);
    await ready(page);
    await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
    await expect.poll(async () => (await rowIds(page)).length).toBe(4);
    const before = await api(page).recommend({ type: 'popular', limit: 4 });

    const hits = await publish(page, broken.manifest());
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

test('a corrupt shard is refused by its content hash with one message; rows fall back and the page still works', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  const viewed = good.items[good.popular.items[0]];
  const shard = good.shards.files[Math.floor(good.items.indexOf(viewed) / good.shards.itemsPerShard)];
  const flipped = Buffer.from(files.find((f) => f.path === shard)!.bytes);
  for (let i = 20; i < 40 && i < flipped.length; i++) flipped[i] ^= 0xff;
  await publish(page, goodManifestText, { [shard]: flipped });
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  await api(page).view(viewed);
  const recs = await api(page).recommend({ type: 'similar', itemId: viewed, limit: 4 });
  expect(recs).toHaveLength(4);
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]'))).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele]'))).toMatch(new RegExp(`site model file "${shard}" is corrupt.*npx clientele build-model`));
  expect(pageErrors).toEqual([]);
});

test('a broken site model on a first visit (nothing cached) is refused and the page still works', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await publish(page, newVersion('corrupt-first').slice(0, 1500));
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]'))).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele]'))).toMatch(/not valid JSON.*running on the catalog and the visitor's own history/);
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
// the site model's items by crowd popularity, as its head lists them
const siteRanked = Promise.resolve(good.popular.items.map((i) => good.items[i]));

test('with a real catalog, rows hold only catalog items even when the site model knows more popular ones', async ({ page }) => {
  const ranked = await siteRanked;
  // Leave the crowd's 100 favourites out of the catalog: 200 items remain, two thirds of the site model.
  const left = new Set(ranked.slice(100));
  const products = demoProducts.filter((p) => left.has(p.product_id));
  expect(products).toHaveLength(200);
  await publish(page, goodManifestText);
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
  await publish(page, goodManifestText);
  await withCatalog(page, demoProducts.filter((p) => few.has(p.product_id)));
  await page.goto(FIXTURE);
  await ready(page);
  // the feed's 10, plus products the page's own rows show (impressions name them) once the row has rendered
  await expect.poll(async () => ((await api(page).status()) as unknown as { catalog: number }).catalog).toBeGreaterThanOrEqual(10);
  await expect.poll(async () => (await api(page).status())?.siteModel?.version).toBe(good.version);
  const recs = await api(page).recommend({ type: 'popular', limit: 12 });
  expect(recs).toHaveLength(12);
  // the crowd's favourites lead, whether or not this small catalog lists them
  expect(ranked.slice(0, 10)).toContain(recs[0].item.product_id);
  expect(recs.filter((r) => !few.has(r.item.product_id)).length).toBeGreaterThan(2);
});
