// Size budgets of the site model a shop ships, on the full UCI Online Retail log built with the CLI's defaults
// (buildModel is the body of `clientele build-model`), measured through the device's own loader and recommend():
//   head (manifest.json)                                          <= 20 KB gzip
//   a new visitor's downloads for the first rows after one view    <= 30 KB gzip (head included)
//   a session of 10 product views                                 <= 150 KB gzip
//   the whole model                                               <= 1.5 MB gzip
//   quantized for-you rows within 1% of the unquantized ones (NDCG@10 on each user's last 10%)
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildFromLogFile } from '../../scripts/build-model.ts';
import type { BuiltSiteModel } from '../../train/siteModel/build.ts';
import { loadSiteModel } from '../../worker/siteModelLoader.ts';
import { recommendLoading } from '../../worker/recommend/index.ts';
import { memoryStore } from './memoryModelStore.ts';
import type { CatalogItem, RecType } from '../../src/contract/types.ts';
import { DEFAULT_EVENT_WEIGHTS, type StoredEvent } from '../../src/contract/events.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LOG = join(root, '../shared/data/online-retail/online_retail.csv');
const KB = 1024;

let built: BuiltSiteModel;
let gz: Map<string, number>;
beforeAll(async () => {
  expect(existsSync(LOG), `${LOG} (the shared Online Retail data) is needed for the budgets`).toBe(true);
  const r = await buildFromLogFile({ events: LOG });
  if (!r.ok) throw new Error(r.message);
  built = r.value.built;
  gz = new Map(built.files.map((f) => [f.path, gzipSync(f.bytes, { level: 9 }).byteLength]));
}, 900_000);

/** A first-time visitor's page: the product rows (and for-you) after `views`; returns the gzip bytes fetched. */
async function visit(views: string[]): Promise<{ bytes: number; files: number }> {
  const base = 'https://shop.test/';
  const byUrl = new Map(built.files.map((f) => [`${base}model/${f.path}`, f]));
  let bytes = 0, files = 0;
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const f = byUrl.get(String(input));
    if (!f) return new Response('not found', { status: 404 });
    bytes += gz.get(f.path)!;
    files++;
    return new Response(f.bytes.slice());
  }) as typeof fetch;
  try {
    const loaded = await loadSiteModel('/model/manifest.json', base, memoryStore(), null);
    if (!loaded.ok) throw new Error(loaded.message);
    const site = loaded.value.model;
    // the shop's catalog feed describes every product, so no metadata file is needed
    const catalog = new Map<string, CatalogItem>(site.items.map((id) => [id, { product_id: id, name: `Product ${id}`, price: 2, category: 'Gifts', image_url: `/img/${id}.png` }]));
    const events: StoredEvent[] = views.map((id, k) => ({ message_id: `v${k}`, event: 'Product Viewed', properties: { product_id: id }, timestamp: 1_700_000_000_000 + k * 60_000, session_id: 's', anonymous_id: 'a' }));
    const now = 1_700_000_000_000 + views.length * 60_000;
    for (const type of ['for-you', 'similar', 'bought-together'] as RecType[]) {
      const recs = await recommendLoading({ request: { type, limit: 6 }, events, catalog, site, now, eventWeights: DEFAULT_EVENT_WEIGHTS as Record<string, number>, currentItemId: views[views.length - 1] }, loaded.value);
      expect(recs).toHaveLength(6);
    }
    return { bytes, files };
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe('site model budgets on the full Online Retail log', () => {
  it('the head is at most 20 KB gzip and the whole model at most 1.5 MB gzip', () => {
    const head = gz.get('manifest.json')!;
    const whole = [...gz.values()].reduce((a, b) => a + b, 0);
    console.log(`head ${(head / KB).toFixed(1)} KB gzip; whole model ${(whole / KB).toFixed(0)} KB gzip in ${built.files.length} files; ${built.head.items.length} items`);
    expect(head).toBeLessThanOrEqual(20 * KB);
    expect(whole).toBeLessThanOrEqual(1.5 * 1024 * KB);
  });

  it('a new visitor fetches at most 30 KB gzip before the first rows after one product view', async () => {
    const items = built.head.items;
    // the crowd's favourites and products spread over the whole catalogue
    const probes = [...built.head.popular.items.slice(0, 15).map((i) => items[i]), ...Array.from({ length: 15 }, (_, k) => items[Math.floor((k * items.length) / 15)])];
    let worst = 0;
    for (const id of probes) {
      const r = await visit([id]);
      expect(r.files).toBeGreaterThanOrEqual(2); // the head and at least the viewed item's shard
      worst = Math.max(worst, r.bytes);
    }
    console.log(`one product view: at most ${(worst / KB).toFixed(1)} KB gzip over ${probes.length} products`);
    expect(worst).toBeLessThanOrEqual(30 * KB);
  }, 120_000);

  it('a session of 10 product views fetches at most 150 KB gzip', async () => {
    const items = built.head.items;
    let worst = 0;
    // ten products far apart in the catalogue (each in its own shard, the worst case) and ten picked at random
    let s = 11;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const sessions = [Array.from({ length: 10 }, (_, k) => items[Math.floor(((k + 0.5) * items.length) / 10)]), ...Array.from({ length: 4 }, () => Array.from({ length: 10 }, () => items[Math.floor(rand() * items.length)]))];
    for (const views of sessions) worst = Math.max(worst, (await visit(views)).bytes);
    console.log(`10 product views: at most ${(worst / KB).toFixed(1)} KB gzip`);
    expect(worst).toBeLessThanOrEqual(150 * KB);
  }, 120_000);

  it('8-bit for-you rows rank within 1% of the unquantized rows', () => {
    const q = built.summary.blendHoldout!, f = built.summary.blendHoldoutUnquantized!;
    console.log(`validation NDCG@10: quantized ${q.ndcg.toFixed(4)}, unquantized ${f.ndcg.toFixed(4)}`);
    expect(q.nUsers).toBeGreaterThan(1000);
    expect(q.ndcg).toBeGreaterThanOrEqual(0.99 * f.ndcg);
  });
});
