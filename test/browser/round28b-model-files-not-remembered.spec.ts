// Round 28 (tester B; worker/siteModelLoader.ts rememberFile). Every site-model file (shard, metadata) the worker
// caches is noted on the meta list 'site-model-files' "so a later model version can drop the files it no longer
// lists" (forgetOldFiles). The note is a read, then a write, outside one transaction, and file() starts it with
// `void` for every file a row needs at once (Promise.all over shards): files fetched together each read the same old
// list and the last write wins. The files it dropped are never on the list, so a new model version never deletes
// them: the old build's shards stay on the device for good, in a store a full quota empties of events before them.
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';
import { demoModelFiles } from './demoModel.ts';

const FIXTURE = '/demo/fixtures/site-model.html';
const MODEL_GLOB = '**/demo/fixtures/routed-model/**';
const files = demoModelFiles();
const goodText = new TextDecoder().decode(files[0].bytes);
const good = JSON.parse(goodText) as { version: string; items: string[]; shards: { files: string[]; itemsPerShard: number }; meta?: { files: string[] } };

async function publish(page: Page, manifest: string) {
  const byPath = new Map(files.map((f) => [f.path, Buffer.from(f.bytes)]));
  await page.context().unroute(MODEL_GLOB);
  await page.context().route(MODEL_GLOB, (route) => {
    const path = new URL(route.request().url()).pathname.replace(/^.*\/routed-model\//, '');
    if (path === 'manifest.json') return route.fulfill({ status: 200, contentType: 'application/json', body: manifest });
    const body = byPath.get(path);
    if (!body) return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ status: 200, contentType: path.endsWith('.json') ? 'application/json' : 'application/octet-stream', body });
  });
}

/** The content hashes of the site-model files cached in the site's IndexedDB. */
const cachedFiles = (page: Page) => page.evaluate(async () => {
  const name = (await indexedDB.databases()).map((d) => d.name!).find((n) => n.startsWith('clientele:'))!;
  const db = await new Promise<IDBDatabase>((res, rej) => { const r = indexedDB.open(name); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
  const keys = await new Promise<IDBValidKey[]>((res) => { const r = db.transaction('models').objectStore('models').getAllKeys(); r.onsuccess = () => res(r.result); });
  db.close();
  return keys.map(String).filter((k) => k.startsWith('file:')).map((k) => k.slice(5));
});

test('site-model files fetched together are all dropped when a new model version no longer lists them', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  await publish(page, goodText);
  await page.goto(FIXTURE);
  await ready(page);
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { status(): Promise<{ siteModel: unknown } | null> } }).clientele.status().then((s) => !!s?.siteModel))).toBe(true);
  // A visitor's rows about six products of six shards, asked at once (a page with several rows).
  const ids = [0, 1, 2, 3, 4, 5].map((s) => good.items[s * good.shards.itemsPerShard]);
  // Control (SEQ=1): the same rows asked one after the other: every file is noted, and all go with v2.
  if (process.env.SEQ) for (const id of ids) { await page.evaluate((id) => (window as unknown as { clientele: { recommend(r: object): Promise<unknown> } }).clientele.recommend({ type: 'similar', itemId: id, limit: 4 }), id); await page.waitForTimeout(300); }
  else await page.evaluate((ids) => Promise.all(ids.map((id) => (window as unknown as { clientele: { recommend(r: object): Promise<unknown> } }).clientele.recommend({ type: 'similar', itemId: id, limit: 4 }))), ids);
  await page.waitForTimeout(2000);
  const before = await cachedFiles(page);
  console.log(JSON.stringify({ cachedV1: before.length }));
  expect(before.length).toBeGreaterThanOrEqual(4);
  // The shop publishes a new build: every file has a new content hash.
  const fake = (i: number, ext: string) => `${i.toString(16).padStart(16, 'f')}.${ext}`;
  const v2 = { ...JSON.parse(goodText), version: 'v2-new-build', shards: { ...good.shards, files: good.shards.files.map((_, i) => `shards/${fake(i, 'bin')}`) } };
  if (good.meta) v2.meta = { ...good.meta, files: good.meta.files.map((_, i) => `meta/${fake(1000 + i, 'json')}`) };
  await publish(page, JSON.stringify(v2));
  await page.reload();
  await ready(page);
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { status(): Promise<{ siteModel: { version: string } | null } | null> } }).clientele.status().then((s) => s?.siteModel?.version))).toBe('v2-new-build');
  await page.waitForTimeout(2000);
  const stale = (await cachedFiles(page)).filter((h) => before.includes(h));
  console.log(JSON.stringify({ cachedV1: before.length, v1FilesLeftAfterV2: stale.length }));
  expect(stale).toEqual([]);
  expect(pageErrors).toEqual([]);
});
