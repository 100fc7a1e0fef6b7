// One protocol, three callers: the builder (the ranking it tunes weights with), `npm run eval` (the deployed metric's
// ranking, through recommend() over the model read back from its files) and the device (the engine itself, over
// fake-indexeddb, loading the model over fetch) rank a fixed small case identically.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import { InteractionLog } from '../../train/ingest/log.ts';
import { buildSiteModel, builderRanking, type BuiltSiteModel } from '../../train/siteModel/build.ts';
import { deployedForYou, readModelFiles } from '../../scripts/lib/deployed.ts';
import type { CatalogItem } from '../../src/contract/types.ts';

const DAY = 86400;
const T0 = 1_700_000_000;
const ITEMS = Array.from({ length: 48 }, (_, i) => `p${String(i).padStart(2, '0')}`);

/** 120 shoppers over 48 products in 4 aisles: each keeps mostly to one aisle, buying a few products per order over months. */
function shopLog(): InteractionLog {
  let s = 7;
  const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const log = new InteractionLog();
  for (let u = 0; u < 120; u++) {
    const aisle = u % 4;
    for (let o = 0; o < 6; o++) {
      const ts = T0 + u * 3600 + o * 9 * DAY;
      for (let k = 0; k < 3; k++) {
        const own = rand() < 0.8;
        const i = own ? aisle * 12 + Math.floor(rand() * rand() * 12) : Math.floor(rand() * 48);
        log.add({ user: `u${u}`, item: ITEMS[i], event: 'purchase', ts, order: `o${u}-${o}`, value: 1, price: 5 });
      }
    }
  }
  return log;
}

/** The visitor: bought four products of aisle 2 and one of aisle 0, on three days. */
const HISTORY = { items: ['p24', 'p25', 'p27', 'p30', 'p03'], ts: [T0 + 200 * DAY, T0 + 200 * DAY, T0 + 205 * DAY, T0 + 205 * DAY, T0 + 210 * DAY] };

let built: BuiltSiteModel;
beforeAll(async () => {
  const r = await buildSiteModel(shopLog(), { created: '2024-01-01T00:00:00.000Z' });
  if (!r.ok) throw new Error(r.message);
  built = r.value;
});

const catalog = new Map<string, CatalogItem>(ITEMS.map((id) => [id, { product_id: id, name: `Product ${id}`, price: 5, category: 'Shop', image_url: `/img/${id}.png` }]));

function builderIds(): string[] {
  const index = new Map(built.head.items.map((id, i) => [id, i]));
  const h = { items: HISTORY.items.map((id) => index.get(id)!), weights: HISTORY.items.map(() => 1), ts: HISTORY.ts, now: Math.max(...HISTORY.ts) };
  return Array.from(builderRanking(built, h, 10), (i) => built.head.items[i]);
}

function evalIds(): string[] {
  const model = readModelFiles(built.files);
  if (!model.ok) throw new Error(model.message);
  return deployedForYou(model.value, catalog, HISTORY.items, HISTORY.ts, 10);
}

/** The engine behind the worker, in Node: real storage code over fake-indexeddb, the model and catalog over fetch. */
async function deviceIds(): Promise<{ ids: string[]; fetched: string[] }> {
  const base = 'https://shop.test/';
  const files = new Map(built.files.map((f) => [`${base}model/${f.path}`, f.bytes]));
  files.set(`${base}catalog.json`, new TextEncoder().encode(JSON.stringify({ products: [...catalog.values()] })));
  const fetched: string[] = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = (async (input: RequestInfo | URL) => {
    const url = String(input instanceof Request ? input.url : input);
    fetched.push(url.slice(base.length));
    const body = files.get(url);
    return body ? new Response(body.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  try {
    const engine = createEngine();
    const page = { assetBase: base, pageUrl: `${base}index.html`, locale: 'en-GB' };
    const init = await engine.init({ siteId: `protocol-${Math.random()}`, siteModelUrl: '/model/manifest.json', catalogUrl: '/catalog.json', autocapture: false } as never, page);
    if (!init.ok) throw new Error(init.message);
    // The visitor's clock is the history's: retention (400 days by default) is applied in the write against it.
    await engine.setClock(Math.max(...HISTORY.ts) * 1000);
    const batch = HISTORY.items.map((id, k) => ({ message_id: `m${k}`, event: 'Order Completed', properties: { order_id: `o${k}`, products: [{ product_id: id }] }, timestamp: HISTORY.ts[k] * 1000 }));
    const stored = await engine.ingest(batch);
    if (!stored.ok) throw new Error(stored.message);
    expect(stored.value.stored).toBe(5);
    const recs = await engine.recommend({ type: 'for-you', limit: 10 }, page as never);
    if (!recs.ok) throw new Error(recs.message);
    return { ids: recs.value.map((r) => r.item.product_id), fetched };
  } finally {
    globalThis.fetch = realFetch;
  }
}

describe('one ranking protocol, three callers', () => {
  afterAll(() => undefined);

  it('the builder, eval and the device rank the same for-you row for the same visitor', async () => {
    const builder = builderIds();
    const evaluated = evalIds();
    const device = await deviceIds();
    // a real row: ten new products led by the visitor's aisle, none of what they bought
    expect(builder).toHaveLength(10);
    for (const id of HISTORY.items) expect(builder).not.toContain(id);
    expect(builder.slice(0, 4).filter((id) => Number(id.slice(1)) >= 24 && Number(id.slice(1)) < 36).length).toBeGreaterThanOrEqual(3);
    expect(evaluated).toEqual(builder);
    expect(device.ids).toEqual(builder);
    // the device fetched the head and only the shards of the items it needed, not every shard
    expect(device.fetched).toContain('model/manifest.json');
    const shards = device.fetched.filter((p) => p.startsWith('model/shards/'));
    expect(shards.length).toBeGreaterThan(0);
    expect(shards.length).toBeLessThanOrEqual(built.head.shards.files.length);
  });

  it('the weights came from the validation split, and co-visitation got none', () => {
    expect(built.summary.blendHoldout).not.toBeNull();
    expect(Object.keys(built.head.forYou.weights).length).toBeGreaterThan(0);
    expect(built.head.forYou.weights.coVisitation).toBeUndefined();
  });
});
