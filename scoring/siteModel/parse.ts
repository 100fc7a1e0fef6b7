// manifest.json (the head) -> SiteModel, refusing anything malformed or built for another format; shards and metadata
// files are added as they arrive. Never throws: failures come back as values with a message that says the fix.
import type { Result } from '../../src/contract/types.ts';
// The one value-shower every message uses (never throws; reads a value of megabytes only as far as it shows).
import { show } from '../../src/contract/widgetCheck.ts';
import { FOR_YOU_DEFAULTS, type ForYouSettings } from '../protocol/forYou.ts';
import type { Row } from '../protocol/sparseRows.ts';
import { decodeShard, ShardError, type Shard } from './codec.ts';
import { SHARD_LISTS, SITE_MODEL_FORMAT, SITE_MODEL_FORMAT_VERSION, itemMetaAt, type ItemMeta, type ItemMetaColumns, type SiteModel, type SiteModelHead } from './format.ts';

const FIX = 'rebuild it with `npx clientele build-model --events <log> --out <dir>` and publish the whole folder (manifest.json, shards/, meta/)';

class Refusal {
  constructor(readonly code: string, readonly message: string) {}
}

const refuse = (code: string, what: string): never => {
  throw new Refusal(code, `[clientele] site model ${what}; ${FIX}`);
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isIndexList = (v: unknown, n: number): v is number[] => Array.isArray(v) && v.every((x) => Number.isInteger(x) && x >= 0 && x < n);
const isNumberList = (v: unknown, len: number): v is number[] => Array.isArray(v) && v.length === len && v.every((x) => typeof x === 'number' && Number.isFinite(x));
const isPath = (v: unknown): v is string => typeof v === 'string' && /^[\w-]+(\/[\w.-]+)*$/.test(v) && !v.includes('..');

function readForYou(raw: unknown): ForYouSettings {
  if (!isObj(raw)) return refuse('bad-manifest', `manifest.forYou must be { halfLifeDays, maxHistory, k, weights, scales }, got ${show(raw)}`);
  const num = (key: 'halfLifeDays' | 'maxHistory' | 'k', min: number): number => {
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) refuse('bad-manifest', `manifest.forYou.${key} must be a number of at least ${min}, got ${show(v)}`);
    return v as number;
  };
  const weights = isObj(raw.weights) ? (raw.weights as Record<string, number>) : {};
  const scales = isObj(raw.scales) ? (raw.scales as Record<string, number>) : {};
  return { halfLifeDays: num('halfLifeDays', 0), maxHistory: num('maxHistory', 1), k: num('k', 1), weights, scales };
}

function parse(manifest: unknown): SiteModel {
  if (typeof manifest === 'string') {
    try {
      manifest = JSON.parse(manifest);
    } catch {
      refuse('bad-json', 'manifest.json is not valid JSON');
    }
  }
  if (!isObj(manifest)) return refuse('bad-manifest', `manifest must be a JSON object, got ${show(manifest)}`);
  const m = manifest;
  if (m.format !== SITE_MODEL_FORMAT) refuse('wrong-format', `manifest.format must be "${SITE_MODEL_FORMAT}", got ${show(m.format)} (is siteModelUrl pointing at the right manifest.json?)`);
  if (m.formatVersion === 1) {
    refuse('old-format', 'is format 1 (one weights.bin of every item, megabytes), which this Clientele no longer reads: format 2 is a small manifest plus shards fetched for the items a visitor touches');
  }
  if (m.formatVersion !== SITE_MODEL_FORMAT_VERSION) {
    refuse('wrong-version', `manifest.formatVersion must be ${SITE_MODEL_FORMAT_VERSION} for this Clientele, got ${show(m.formatVersion)} (built by another Clientele release)`);
  }
  if (typeof m.version !== 'string' || m.version.length === 0) refuse('bad-manifest', `manifest.version must be a non-empty build id string, got ${show(m.version)}`);
  if (!Array.isArray(m.items) || m.items.length === 0 || !m.items.every((x) => typeof x === 'string')) {
    refuse('bad-manifest', `manifest.items must be a non-empty array of item id strings, got ${show(m.items)}`);
  }
  const items = m.items as string[];
  const n = items.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    if (index.has(items[i])) refuse('bad-manifest', `manifest.items lists ${show(items[i])} twice`);
    index.set(items[i], i);
  }
  const pop = m.popular, tr = m.trending;
  if (!isObj(pop) || !isIndexList(pop.items, n) || !isNumberList(pop.counts, (pop.items as number[]).length)) {
    refuse('bad-manifest', `manifest.popular must be { items: [item indices below ${n}], counts: [one number each] }, got ${show(pop)}`);
  }
  // A window of days that is not a whole number above 0 (-5, "7") was shown to shoppers: "in the last -5 days".
  if (!isObj(tr) || !(tr.windowDays === undefined || Number.isInteger(tr.windowDays) && (tr.windowDays as number) > 0) || !isIndexList(tr.items, n) || !isNumberList(tr.recent, (tr.items as number[]).length) || !isNumberList(tr.previous, (tr.items as number[]).length)) {
    refuse('bad-manifest', `manifest.trending must be { windowDays, end, items, recent, previous } with one count per item, got ${show(tr)}`);
  }
  const P = pop as { items: number[]; counts: number[] }, T = tr as { windowDays?: unknown; end?: unknown; items: number[]; recent: number[]; previous: number[] };
  const forYou = readForYou(m.forYou ?? FOR_YOU_DEFAULTS);

  const sh = m.shards;
  if (!isObj(sh)) return refuse('bad-manifest', `manifest.shards must be { itemsPerShard, idBytes, scoreBits, lists, files }, got ${show(sh)}`);
  const per = sh.itemsPerShard;
  if (!Number.isInteger(per) || (per as number) < 1) refuse('bad-manifest', `manifest.shards.itemsPerShard must be a whole number above 0, got ${show(per)}`);
  const nShards = Math.ceil(n / (per as number));
  if (!Array.isArray(sh.files) || sh.files.length !== nShards || !sh.files.every(isPath)) {
    refuse('dimension-mismatch', `manifest.shards.files must list ${nShards} relative paths (one per ${show(per)} items), got ${show(sh.files)}`);
  }
  const lists = Array.isArray(sh.lists) ? (sh.lists as unknown[]) : [];
  const listAt = SHARD_LISTS.map((name) => lists.indexOf(name));
  const meta = m.meta;
  if (meta !== null && meta !== undefined && (!isObj(meta) || !Number.isInteger(meta.itemsPerFile) || (meta.itemsPerFile as number) < 1 || !Array.isArray(meta.files) ||
    meta.files.length !== Math.ceil(n / (meta.itemsPerFile as number)) || !meta.files.every(isPath))) {
    refuse('bad-manifest', `manifest.meta must be null or { itemsPerFile, files: [one path per itemsPerFile items] }, got ${show(meta)}`);
  }
  const metaFiles = isObj(meta) ? { per: meta.itemsPerFile as number, files: meta.files as string[] } : null;

  const shards: Array<Shard | undefined> = new Array(nShards);
  const metas: Array<ItemMetaColumns | undefined> = metaFiles ? new Array(metaFiles.files.length) : [];
  const model: SiteModel = {
    version: m.version as string,
    created: typeof m.created === 'string' ? m.created : '',
    items,
    index,
    popularity: {
      top: Int32Array.from(P.items),
      counts: Float32Array.from(P.counts),
      trending: { items: Int32Array.from(T.items), recent: Float32Array.from(T.recent), previous: Float32Array.from(T.previous) },
      windowDays: (T.windowDays as number) || 7,
      end: Number(T.end) || 0,
    },
    forYou,
    metrics: isObj(m.metrics) ? m.metrics : {},
    ...(m.segments !== undefined ? { segments: m.segments } : {}),
    ...(isObj(m.priors) ? { priors: m.priors as SiteModelHead['priors'] } : {}),
    head: m as unknown as SiteModelHead,
    row(list: number, item: number): Row | undefined {
      const s = shards[Math.floor(item / (per as number))];
      const l = listAt[list];
      if (!s || l < 0 || l >= s.lists.length) return undefined;
      return s.lists[l][item - s.start];
    },
    repeat(item: number): number | undefined {
      const s = shards[Math.floor(item / (per as number))];
      return s ? s.repeat[item - s.start] : undefined;
    },
    meta(item: number): ItemMeta | undefined {
      if (!metaFiles) return undefined;
      const f = Math.floor(item / metaFiles.per);
      const cols = metas[f];
      return cols ? itemMetaAt(cols, item - f * metaFiles.per) : undefined;
    },
    hasShard: (s: number) => shards[s] !== undefined,
    hasMeta: (f: number) => metas[f] !== undefined,
    warnings: listAt[0] < 0 ? ['[clientele] site model shards hold no forYou list; for-you rows fall back to popularity'] : [],
  };
  loaders.set(model, {
    addShard(s, bytes) {
      const d = decodeShard(bytes, n);
      if (d.start !== s * (per as number) || d.count !== Math.min(per as number, n - d.start)) {
        throw new ShardError(`covers items ${d.start}..${d.start + d.count} but shard ${s} should cover ${s * (per as number)}..${Math.min(n, (s + 1) * (per as number))}`);
      }
      shards[s] = d;
    },
    addMeta(f, json) {
      const count = Math.min(metaFiles!.per, n - f * metaFiles!.per);
      metas[f] = readItemMeta(json, count);
    },
  });
  return model;
}

interface Loader {
  addShard(s: number, bytes: Uint8Array): void;
  addMeta(f: number, json: unknown): void;
}
const loaders = new WeakMap<SiteModel, Loader>();

function column<T>(meta: Record<string, unknown>, key: string, n: number, ok: (v: unknown) => boolean): T[] {
  const col = meta[key];
  if (!Array.isArray(col) || col.length !== n) refuse('dimension-mismatch', `metadata column ${key} must have ${n} entries, got ${Array.isArray(col) ? col.length : show(col)}`);
  for (const v of col as unknown[]) if (!ok(v)) refuse('bad-manifest', `metadata column ${key} holds ${show(v)}`);
  return col as T[];
}

function readItemMeta(raw: unknown, n: number): ItemMetaColumns {
  if (!isObj(raw) || !Array.isArray(raw.categories) || !raw.categories.every((c) => typeof c === 'string')) {
    return refuse('bad-manifest', `metadata file must be { name, price, category, categories, image }, got ${show(raw)}`);
  }
  const nCat = (raw.categories as string[]).length;
  return {
    name: column<string | null>(raw, 'name', n, (v) => v === null || typeof v === 'string'),
    price: column<number | null>(raw, 'price', n, (v) => v === null || (typeof v === 'number' && Number.isFinite(v))),
    category: column<number>(raw, 'category', n, (v) => Number.isInteger(v) && (v as number) >= -1 && (v as number) < nCat),
    categories: raw.categories as string[],
    image: column<string | null>(raw, 'image', n, (v) => v === null || typeof v === 'string'),
  };
}

const asResult = <T>(fn: () => T): Result<T> => {
  try {
    return { ok: true, value: fn() };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
    if (err instanceof ShardError) return { ok: false, code: 'bad-shard', message: `[clientele] site model shard ${err.message}; ${FIX}` };
    return { ok: false, code: 'bad-manifest', message: `[clientele] site model could not be read (${err instanceof Error ? err.message : String(err)}); ${FIX}` };
  }
};

/**
 * Reads a site model's head (manifest.json, parsed or as text); shards and metadata come later through addShard/addMeta.
 * @example
 * const r = parseSiteModel(await (await fetch(url)).json());
 * if (!r.ok) console.warn(r.message);
 */
export function parseSiteModel(manifest: unknown): Result<SiteModel> {
  return asResult(() => parse(manifest));
}

/**
 * Adds shard `s` (bytes of the file `head.shards.files[s]`) to a model, checking its layout; the model is unchanged on failure.
 * @example
 * addShard(model, 3, new Uint8Array(await res.arrayBuffer()))
 */
export function addShard(model: SiteModel, s: number, bytes: Uint8Array): Result<null> {
  return asResult(() => { loaders.get(model)!.addShard(s, bytes); return null; });
}

/**
 * Adds metadata file `f` (the parsed JSON of `head.meta.files[f]`) to a model.
 * @example
 * addMeta(model, 0, await (await fetch(metaUrl)).json())
 */
export function addMeta(model: SiteModel, f: number, json: unknown): Result<null> {
  return asResult(() => { loaders.get(model)!.addMeta(f, json); return null; });
}

/**
 * The shard holding an item's rows.
 * @example shardOf(model, 70) // 2 with 32 items per shard
 */
export const shardOf = (model: SiteModel, item: number): number => Math.floor(item / model.head.shards.itemsPerShard);

/**
 * The metadata file holding an item's names and prices, or -1 when the model has none.
 * @example metaFileOf(model, 70) // 0
 */
export const metaFileOf = (model: SiteModel, item: number): number => (model.head.meta ? Math.floor(item / model.head.meta.itemsPerFile) : -1);
