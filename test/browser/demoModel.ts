// The demo's published site model (demo/model), read in Node with the parser the worker uses, every shard and
// metadata file loaded: the crowd's answers that browser tests compare the page's rows with.
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
