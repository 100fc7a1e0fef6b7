// The demo's published site model (demo/model), read in Node with the parser the worker uses, every shard and
// metadata file loaded: the crowd's answers that browser tests compare the page's rows with.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { modelFolderFiles, readModelFiles } from '../../scripts/lib/deployed.ts';
import type { SiteModel } from '../../scoring/siteModel/format.ts';

const dir = fileURLToPath(new URL('../../demo/model/', import.meta.url));

/** Every file of the demo model, path relative to manifest.json. */
export const demoModelFiles = () => modelFolderFiles(dir);

/**
 * The demo model with all its shards and metadata loaded.
 * @example demoModel().popularity.top[0] // index of the crowd's favourite
 */
export function demoModel(): SiteModel {
  const r = readModelFiles(demoModelFiles());
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/**
 * The first product of the demo catalog that the site model knows, and the shard file holding its rows (path relative
 * to manifest.json): what a spec stalls or breaks to see a row do without it.
 * @example const { itemId, shard } = knownItemShard(); // '85123A', 'shards/0003.json'
 */
export function knownItemShard(): { itemId: string; shard: string } {
  const head = JSON.parse(new TextDecoder().decode(demoModelFiles()[0].bytes)) as { items: string[]; shards: { files: string[]; itemsPerShard: number } };
  const catalog = JSON.parse(readFileSync(new URL('../../demo/data/catalog.json', import.meta.url), 'utf8')) as Array<{ product_id: string }> | { products: Array<{ product_id: string }> };
  const products = Array.isArray(catalog) ? catalog : catalog.products;
  const idx = head.items.findIndex((id) => products.some((p) => p.product_id === id));
  return { itemId: head.items[idx], shard: head.shards.files[Math.floor(idx / head.shards.itemsPerShard)] };
}
