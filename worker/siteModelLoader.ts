// Fetches the site model published beside the script, checks it, caches it in IndexedDB and
// refreshes it when its version changes. A bad download never replaces a good model.
import type { Result } from '../src/contract/types.ts';
import type { Store } from './storage/db.ts';
import { parseSiteModel, type SiteModel } from '../train/siteModel/index.ts';

export interface LoadedSiteModel {
  model: SiteModel;
  segments: SiteModel['segments'] | null;
  version: string;
  items: number;
}

const CACHE_KEY = 'site-model';

const wrap = (model: SiteModel): LoadedSiteModel => ({ model, segments: model.segments ?? null, version: model.version, items: model.items.length });

/**
 * Loads the site model from `url` (a manifest.json), or from the IndexedDB cache when `url` is null.
 * @example const r = await loadSiteModel('/model/manifest.json', location.href, store, current);
 */
export async function loadSiteModel(url: string | null, base: string, store: Store, current: LoadedSiteModel | null): Promise<Result<LoadedSiteModel>> {
  const cached = await store.getModel(CACHE_KEY).catch(() => undefined);
  if (url === null) {
    if (!cached) return { ok: false, code: 'no-model', message: '[clientele] no site model cached' };
    const parsed = parseSiteModel(cached.manifest, cached.weights);
    return parsed.ok ? { ok: true, value: wrap(parsed.value) } : parsed;
  }
  const manifestUrl = new URL(url, base || undefined).href;
  const keeps = () => (current || cached ? '; the previous site model stays in use' : "; running on the catalog and the visitor's own history");
  let text: string;
  try {
    const res = await fetch(manifestUrl, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    text = await res.text();
  } catch (e) {
    return fallback(`[clientele] config.siteModelUrl ${JSON.stringify(url)} could not be read (${(e as Error).message}); publish manifest.json and weights.bin from \`npx clientele build-model\` there${keeps()}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    // Usually an upload cut short, or an HTML error page served with status 200.
    return fallback(`[clientele] site model manifest.json at ${JSON.stringify(url)} is not valid JSON (${(e as Error).message}); publish the manifest.json from \`npx clientele build-model\` whole, beside its weights.bin${keeps()}`);
  }
  const version = typeof (manifest as { version?: unknown })?.version === 'string' ? (manifest as { version: string }).version : null;
  if (version && current?.version === version) return { ok: true, value: current };
  if (version && cached?.version === version) {
    const parsed = parseSiteModel(cached.manifest, cached.weights);
    if (parsed.ok) return { ok: true, value: wrap(parsed.value) };
  }
  const weightsName = typeof (manifest as { weights?: unknown })?.weights === 'string' ? (manifest as { weights: string }).weights : 'weights.bin';
  let weights: ArrayBuffer;
  try {
    const res = await fetch(new URL(weightsName, manifestUrl).href, { cache: 'no-cache' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    weights = await res.arrayBuffer();
  } catch (e) {
    return fallback(`[clientele] the site model weights beside ${JSON.stringify(url)} could not be read (${(e as Error).message}); publish weights.bin next to manifest.json${keeps()}`);
  }
  const parsed = parseSiteModel(manifest, weights);
  if (!parsed.ok) return fallback(parsed.message + keeps());
  await store.putModel(CACHE_KEY, { version: parsed.value.version, manifest, weights }).catch(() => undefined);
  return { ok: true, value: wrap(parsed.value) };

  function fallback(message: string): Result<LoadedSiteModel> {
    return { ok: false, code: 'site-model', message };
  }
}
