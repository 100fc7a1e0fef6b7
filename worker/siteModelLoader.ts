// Fetches the site model published beside the script: the small head (manifest.json) at start, then the shards and
// metadata files of the items a visitor touches, on demand. Everything is cached through the engine's Store (the head
// under "site-model", each file under its content hash, so it never needs refetching); the head is refreshed when its
// version changes. A bad download never replaces a good model, and a shard that cannot be had only makes rows fall back.
import type { Result } from '../src/contract/types.ts';
import type { Store } from './storage/db.ts';
import { MODEL_FILE } from './storage/schema.ts';
import { contentHash } from '../scoring/siteModel/codec.ts';
import type { SiteModel } from '../scoring/siteModel/format.ts';
import { addMeta, addShard, metaFileOf, parseSiteModel, shardOf } from '../scoring/siteModel/parse.ts';

export interface LoadedSiteModel {
  model: SiteModel;
  segments: SiteModel['segments'] | null;
  version: string;
  items: number;
  /** Loads the shards holding these items' rows (cache first, then the network); never rejects. */
  ensure(items: Iterable<number>): Promise<void>;
  /** Loads the metadata files holding these items' names and prices; never rejects. */
  ensureMeta(items: Iterable<number>): Promise<void>;
  /** Bytes fetched over the network so far (not from the cache), by kind. */
  fetched: { head: number; shards: number; meta: number };
}

const CACHE_KEY = 'site-model';
/** Meta key: the content hashes of the site-model files cached on this device, oldest first (exportData shows them). */
export const MODEL_FILES_KEY = 'site-model-files';
const NO_BYTES = new ArrayBuffer(0);

/** How long a shard or metadata file may take to arrive before the row goes without it (well inside the page's 10 s). */
export const FILE_MS = 3_000;
/**
 * How long a file that could not be had (no answer in FILE_MS, an HTTP error, bytes that do not match its hash) is not
 * asked for again: a hung one cost every later row touching its items FILE_MS, each asking anew.
 */
export const RETRY_MS = 30_000;

const FIX = 'publish the whole folder `npx clientele build-model` wrote (manifest.json, shards/, meta/)';

/** The head as cached: the manifest's URL (shards resolve against it) and its JSON. */
interface CachedHead { url: string; head: unknown }

function wrap(model: SiteModel, manifestUrl: string, store: Store, headBytes: number, keepFiles: () => boolean): LoadedSiteModel {
  const inflight = new Map<string, Promise<void>>();
  let warned = false;
  const warn = (message: string) => {
    if (warned) return;
    warned = true;
    console.warn(message);
  };
  const fetched = { head: headBytes, shards: 0, meta: 0 };
  // What the head itself warns of (shards with no forYou list: for-you rows fall back to popularity) was never told.
  model.warnings.map((w) => console.warn(w));

  /** One file by its content-hashed path: from the store, else the network (checked against its hash, then stored). */
  async function file(path: string, kind: 'shards' | 'meta'): Promise<Uint8Array | null> {
    const hash = /([0-9a-f]{16})\.\w+$/.exec(path)?.[1];
    if (!hash) { warn(`[clientele] site model file ${JSON.stringify(path)} is not named by its content hash; ${FIX}`); return null; }
    const key = MODEL_FILE + hash;
    const cached = await store.getModel(key).catch(() => undefined);
    // Checked as a fetched file is: a copy damaged on this device (a bad disk, other code) is fetched again and
    // replaced, not refused on every page with a message that blames the published model.
    if (cached?.weights?.byteLength) {
      const b = new Uint8Array(cached.weights);
      if ((await contentHash(b).catch(() => '')) === hash) return b;
    }
    let bytes: Uint8Array;
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      // A server can take the request and never answer (one object hung on a CDN edge): unbounded, every row touching
      // the file would wait for the page's 10 s fallback and come empty, and each later row again. Past the deadline the
      // row goes without the file, which is not asked for again for RETRY_MS (then a later row asks anew). Raced, not only
      // aborted, so a fetch that ignores its signal cannot hold the row either.
      bytes = await Promise.race([
        (async () => {
          // content-addressed: the browser's HTTP cache may keep it as long as it likes
          // Ahead of the page's images: a shard or the head is on the way to a row the visitor is waiting for.
          const res = await fetch(new URL(path, manifestUrl).href, { priority: 'high', signal: stop.signal });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return new Uint8Array(await res.arrayBuffer());
        })(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => { reject(new Error(`no answer within ${FILE_MS / 1000} s`)); stop.abort(); }, FILE_MS);
        }),
      ]);
    } catch (e) {
      warn(`[clientele] site model file ${JSON.stringify(path)} could not be read (${(e as Error).message}); rows fall back to popularity until it can. ${FIX}`);
      return null;
    } finally {
      clearTimeout(timer);
    }
    if ((await contentHash(bytes)) !== hash) {
      warn(`[clientele] site model file ${JSON.stringify(path)} is corrupt (its bytes do not hash to its name); rows fall back to popularity. ${FIX}`);
      return null;
    }
    fetched[kind] += bytes.byteLength;
    // A file holds a few products: cached, it would tell which ones a visitor who may not be remembered looked at.
    if (keepFiles()) {
      void store.putModel(key, { version: hash, manifest: null, weights: bytes.slice().buffer as ArrayBuffer }).catch(() => undefined);
      void rememberFile(store, hash);
    }
    return bytes;
  }

  /** A file that could not be had: its settled load answers the rows that ask for RETRY_MS, then a row asks anew. */
  const missing = (key: string) => void setTimeout(() => inflight.delete(key), RETRY_MS);
  const once = (key: string, load: () => Promise<void>): Promise<void> => {
    let p = inflight.get(key);
    if (!p) {
      p = load().catch(() => undefined);
      inflight.set(key, p);
    }
    return p;
  };

  return {
    model,
    segments: model.segments ?? null,
    version: model.version,
    items: model.items.length,
    fetched,
    async ensure(items) {
      const want = new Set<number>();
      for (const i of items) if (i >= 0 && i < model.items.length) want.add(shardOf(model, i));
      await Promise.all([...want].filter((s) => !model.hasShard(s)).map((s) => once(`shard:${s}`, async () => {
        const bytes = await file(model.head.shards.files[s], 'shards');
        if (!bytes) return missing(`shard:${s}`);
        const r = addShard(model, s, bytes);
        if (!r.ok) warn(r.message);
      })));
    },
    async ensureMeta(items) {
      const want = new Set<number>();
      for (const i of items) if (i >= 0 && i < model.items.length) { const f = metaFileOf(model, i); if (f >= 0) want.add(f); }
      await Promise.all([...want].filter((f) => !model.hasMeta(f)).map((f) => once(`meta:${f}`, async () => {
        const bytes = await file(model.head.meta!.files[f], 'meta');
        if (!bytes) return missing(`meta:${f}`);
        let json: unknown;
        try {
          json = JSON.parse(new TextDecoder().decode(bytes));
        } catch {
          warn(`[clientele] site model metadata file ${JSON.stringify(model.head.meta!.files[f])} is not valid JSON; ${FIX}`);
          return;
        }
        const r = addMeta(model, f, json);
        if (!r.ok) warn(r.message);
      })));
    },
  };
}

/**
 * The head's text from `url` (resolved against `base`), always revalidated with the server (it names the current
 * build). Rejects with the HTTP status or the network error. The engine starts it before its storage opens and hands
 * it to loadSiteModel.
 * @example const head = fetchHead('/model/manifest.json', location.href);
 */
export function fetchHead(url: string, base: string): Promise<string> {
  const text = (async () => {
    const res = await fetch(new URL(url, base || undefined).href, { cache: 'no-cache', priority: 'high' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    return res.text();
  })();
  // Read later, or never when the init fails: its failure is reported by whoever reads it.
  text.catch(() => undefined);
  return text;
}

/** Notes a cached file, so a later model version can drop the files it no longer lists. */
async function rememberFile(store: Store, hash: string): Promise<void> {
  // Read and written in one transaction: files fetched together each wrote the list they had read, and the last one
  // won, so a newer model version never deleted the others.
  await store.updateMeta<string[]>(MODEL_FILES_KEY, (list) => [...(list ?? []).filter((h) => h !== hash), hash]).catch(() => undefined);
}

/** Drops cached files the new head does not list (the old version's shards). */
async function forgetOldFiles(store: Store, model: SiteModel): Promise<void> {
  const keep = new Set<string>();
  for (const p of [...model.head.shards.files, ...(model.head.meta?.files ?? [])]) {
    const h = /([0-9a-f]{16})\.\w+$/.exec(p)?.[1];
    if (h) keep.add(h);
  }
  const list = (await store.getMeta<string[]>(MODEL_FILES_KEY).catch(() => undefined)) ?? [];
  if (!list.some((h) => !keep.has(h))) return;
  // Taken off the list and deleted from what the list holds at the write: a file another tab (on the old version)
  // noted since the read is deleted too, not left cached off the list.
  let stale: string[] = [];
  const taken = await store.updateMeta<string[]>(MODEL_FILES_KEY, (now) => ((stale = (now ?? []).filter((h) => !keep.has(h))), (now ?? []).filter((h) => keep.has(h)))).then(() => stale, () => []);
  await Promise.all(taken.map((h) => store.deleteModel(MODEL_FILE + h).catch(() => undefined)));
}

/**
 * Loads the site model's head from `url` (a manifest.json), or from the cache when `url` is null. Shards come later,
 * through `ensure()`, for the items a visitor touches. With `onNewer`, a cached head for the same URL is returned at once
 * and the published one is checked in the background: `onNewer` gets the newer model, or the message why it was refused.
 * `head` is the published head's text when its fetch was started earlier (fetchHead).
 * @example const r = await loadSiteModel('/model/manifest.json', location.href, store, current, (newer) => { if (newer.ok) site = newer.value; });
 */
export async function loadSiteModel(url: string | null, base: string, store: Store, current: LoadedSiteModel | null, onNewer?: (r: Result<LoadedSiteModel>) => void, head?: Promise<string>, keepFiles: () => boolean = () => true): Promise<Result<LoadedSiteModel>> {
  // the cached head and the published one are read at the same time: both sit on the first row's path
  const cachedRecord = store.getModel(CACHE_KEY).catch(() => undefined);
  const published = url === null ? null : (head ?? fetchHead(url, base));
  const record = await cachedRecord;
  const cached = (record?.manifest ?? null) as CachedHead | null;
  const fromCache = (): Result<LoadedSiteModel> | null => {
    if (!cached || typeof cached.url !== 'string') return null;
    const parsed = parseSiteModel(cached.head);
    return parsed.ok ? { ok: true, value: wrap(parsed.value, cached.url, store, 0, keepFiles) } : null;
  };
  if (url === null) return fromCache() ?? { ok: false, code: 'no-model', message: '[clientele] no site model cached' };
  const manifestUrl = new URL(url, base || undefined).href;
  // A repeat visit ranks with the cached head at once; the published one is checked meanwhile and, when it names a
  // new build, handed over through onNewer (stale-while-revalidate).
  if (onNewer && !current && cached?.url === manifestUrl) {
    const now = fromCache();
    if (now?.ok) {
      void loadSiteModel(url, base, store, now.value, undefined, published!, keepFiles).then((r) => { if (!r.ok || r.value !== now.value) onNewer(r); });
      return now;
    }
  }
  const hasPrevious = current !== null || fromCache() !== null;
  const keeps = () => (hasPrevious ? '; the previous site model stays in use' : "; running on the catalog and the visitor's own history");
  let text: string;
  try {
    text = await published!;
  } catch (e) {
    return fallback(`[clientele] config.siteModelUrl ${JSON.stringify(url)} could not be read (${(e as Error).message}); publish the folder from \`npx clientele build-model\` there${keeps()}`);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (e) {
    // Usually an upload cut short, or an HTML error page served with status 200.
    return fallback(`[clientele] site model manifest.json at ${JSON.stringify(url)} is not valid JSON (${(e as Error).message}); publish the manifest.json from \`npx clientele build-model\` whole, beside its shards${keeps()}`);
  }
  const version = typeof (manifest as { version?: unknown })?.version === 'string' ? (manifest as { version: string }).version : null;
  if (version && current?.version === version) return { ok: true, value: current };
  if (version && cached && (cached.head as { version?: unknown })?.version === version && cached.url === manifestUrl) {
    const again = fromCache();
    if (again) return again;
  }
  const parsed = parseSiteModel(manifest);
  if (!parsed.ok) return fallback(parsed.message + keeps());
  // cached in the background: the model is usable now, and a failed write only costs the next visit a download
  void store.putModel(CACHE_KEY, { version: parsed.value.version, manifest: { url: manifestUrl, head: manifest } satisfies CachedHead, weights: NO_BYTES })
    .then(() => forgetOldFiles(store, parsed.value)).catch(() => undefined);
  return { ok: true, value: wrap(parsed.value, manifestUrl, store, text.length, keepFiles) };

  function fallback(message: string): Result<LoadedSiteModel> {
    return { ok: false, code: 'site-model', message };
  }
}
