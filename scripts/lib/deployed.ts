// What `npm run eval` reports as "deployed": the site model built from train.csv by the real builder (buildModel, the
// body of `clientele build-model`), read back with the device's parser, and each test user's for-you row ranked by the
// device's own recommend() (worker/recommend, the module the engine worker runs) with their train items as history.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DEFAULT_EVENT_WEIGHTS, type StoredEvent } from '../../src/contract/events.ts';
import type { CatalogItem, Result } from '../../src/contract/types.ts';
import { MetricsAccumulator, type RankingMetrics } from '../../scoring/models/metrics.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';
import { addMeta, addShard, parseSiteModel } from '../../scoring/siteModel/parse.ts';
import type { ModelFile } from '../../train/siteModel/pack.ts';
import { recommend } from '../../worker/recommend/index.ts';

/**
 * A built model's files read back as the device reads them (head, then every shard and metadata file).
 * @example
 * const model = readModelFiles(built.files); if (model.ok) model.value.row(0, 3)
 */
export function readModelFiles(files: ReadonlyArray<ModelFile>): Result<SiteModel> {
  const byPath = new Map(files.map((f) => [f.path, f.bytes]));
  const head = byPath.get('manifest.json');
  if (!head) return { ok: false, code: 'no-head', message: '[clientele] the built model has no manifest.json' };
  const parsed = parseSiteModel(new TextDecoder().decode(head));
  if (!parsed.ok) return parsed;
  const model = parsed.value;
  for (const [s, path] of model.head.shards.files.entries()) {
    const r = addShard(model, s, byPath.get(path) ?? new Uint8Array(0));
    if (!r.ok) return r;
  }
  for (const [f, path] of (model.head.meta?.files ?? []).entries()) {
    const r = addMeta(model, f, JSON.parse(new TextDecoder().decode(byPath.get(path) ?? new Uint8Array(0))));
    if (!r.ok) return r;
  }
  return { ok: true, value: model };
}

/**
 * Every file of a model folder as `clientele build-model` wrote it (manifest.json, shards/, meta/), paths relative to it.
 * @example readModelFiles(modelFolderFiles('demo/model'))
 */
export function modelFolderFiles(dir: string): ModelFile[] {
  const files: ModelFile[] = [{ path: 'manifest.json', bytes: new Uint8Array(readFileSync(join(dir, 'manifest.json'))) }];
  for (const sub of ['shards', 'meta']) {
    if (!existsSync(join(dir, sub))) continue;
    for (const name of readdirSync(join(dir, sub)).sort()) files.push({ path: `${sub}/${name}`, bytes: new Uint8Array(readFileSync(join(dir, sub, name))) });
  }
  return files;
}

/** Gzip bytes of all of a model's files, as a web server would send them. */
export const gzipBytes = (files: ReadonlyArray<ModelFile>): number => files.reduce((s, f) => s + gzipSync(f.bytes, { level: 9 }).byteLength, 0);

/** One visitor for the device: their items as purchases, at the times the log has. */
export function historyEvents(items: readonly string[], ts: ArrayLike<number>): StoredEvent[] {
  return items.map((id, k) => ({
    message_id: `h${k}`,
    event: 'Order Completed',
    properties: { products: [{ product_id: id }] },
    timestamp: ts[k] * 1000,
    session_id: `s${ts[k]}`,
    anonymous_id: 'eval',
  }));
}

/**
 * The device's for-you row for a visitor whose history is `items` bought at `ts` (unix seconds), at the time of their
 * last one: exactly what recommend() returns in the engine worker for that visitor.
 * @example deployedForYou(model, catalog, ['85123A', '22633'], [t1, t2], 10) // ['84879', ...]
 */
export function deployedForYou(model: SiteModel, catalog: Map<string, CatalogItem>, items: readonly string[], ts: ArrayLike<number>, limit: number): string[] {
  let now = 0;
  for (let k = 0; k < ts.length; k++) now = Math.max(now, ts[k] * 1000);
  const recs = recommend({ request: { type: 'for-you', limit }, events: historyEvents(items, ts), catalog, site: model, now, eventWeights: DEFAULT_EVENT_WEIGHTS as Record<string, number> });
  return recs.map((r) => r.item.product_id);
}

/** Test users' train histories and held-out items, by id. */
export interface DeployedCase {
  /** Catalogue: every item of the split, in eval index order. */
  itemIds: string[];
  users: Array<{ items: string[]; ts: number[]; held: Set<number> }>;
}

/**
 * Metrics@k of the deployed for-you row over the test users (coverage over the whole catalogue), as eval_reference.py
 * defines them. Items the split knows but the model does not are in the catalog too, so the row could show them.
 * @example
 * deployedMetrics(model, c, 10).ndcg
 */
export function deployedMetrics(model: SiteModel, c: DeployedCase, k = 10): RankingMetrics {
  // the shop's catalog lists every item; split files carry no names, so an item is named by its id
  const catalog = new Map<string, CatalogItem>(c.itemIds.map((id) => [id, { product_id: id, name: id }]));
  const index = new Map(c.itemIds.map((id, i) => [id, i]));
  const acc = new MetricsAccumulator(c.itemIds.length, k);
  for (const u of c.users) {
    const top = deployedForYou(model, catalog, u.items, u.ts, k);
    acc.add(Int32Array.from(top, (id) => index.get(id) ?? -1), u.held);
  }
  return acc.result();
}
