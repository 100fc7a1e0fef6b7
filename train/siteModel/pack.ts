// The built parts -> the files of a version 2 site model: manifest.json (the head), shards/<hash>.bin and
// meta/<hash>.json. Shard sizes are chosen so a visitor's first rows cost a few kilobytes (see SHARD_TARGET_BYTES).
import { encodeShard, contentHash, idBytesFor, quantizeRows } from '../../scoring/siteModel/codec.ts';
import { SHARD_LISTS, SITE_MODEL_FORMAT, SITE_MODEL_FORMAT_VERSION, itemMetaColumns, type ItemMeta, type SiteModelHead } from '../../scoring/siteModel/format.ts';
import type { ForYouSettings } from '../../scoring/protocol/forYou.ts';
import type { SparseRows } from '../../scoring/protocol/sparseRows.ts';

/** Raw bytes a shard aims at: small enough that one product view fetches a few KB, big enough to keep file counts sane. */
export const SHARD_TARGET_BYTES = 6 * 1024;
/** Items per metadata file. */
export const META_ITEMS_PER_FILE = 256;
/** Entries in the head's popular and trending lists. */
export const POPULAR_LIST = 300;
export const TRENDING_LIST = 300;

/** One file of a built model, path relative to manifest.json. */
export interface ModelFile {
  path: string;
  bytes: Uint8Array;
}

/** Everything a site model is made of, before packing. */
export interface SiteModelParts {
  created: string;
  items: string[];
  metas: ReadonlyArray<ItemMeta | undefined>;
  /** For-you rows (already combined) and bought-together rows, per source item. */
  forYou: SparseRows;
  boughtTogether: SparseRows | null;
  settings: ForYouSettings;
  count: Float32Array;
  recent: Float32Array;
  previous: Float32Array;
  repeat: Float32Array;
  windowDays: number;
  end: number;
  metrics: Record<string, unknown>;
  segments?: unknown;
  priors?: SiteModelHead['priors'];
  scoreBits?: 8 | 16;
  /** Overrides the shard size (items per shard); default from SHARD_TARGET_BYTES. */
  itemsPerShard?: number;
}

/** Significant digits kept for counts in the head: enough to rank by, fewer bytes. */
const round3 = (x: number) => (x === 0 ? 0 : Number(x.toPrecision(3)));

/**
 * Items by count, best first, ties to the lower index, at most `limit`, positive counts only.
 * @example popularList(Float32Array.of(1, 5, 5), 2) // [1, 2]
 */
export function popularList(count: Float32Array, limit: number): number[] {
  const idx: number[] = [];
  for (let i = 0; i < count.length; i++) if (count[i] > 0) idx.push(i);
  idx.sort((a, b) => round3(count[b]) - round3(count[a]) || a - b);
  return idx.slice(0, limit);
}

/** Growth of interest, as the trending row ranks it: the last window against the one before, damped for single sales. */
export const trendScore = (recent: number, previous: number): number => ((recent + 1) / (previous + 1)) * Math.log1p(recent);

const encoder = new TextEncoder();

/**
 * Packs the parts into files; manifest.json comes first.
 * @example
 * const { head, files } = await packSiteModel(parts); for (const f of files) write(join(out, f.path), f.bytes);
 */
export async function packSiteModel(parts: SiteModelParts): Promise<{ head: SiteModelHead; files: ModelFile[] }> {
  const n = parts.items.length;
  const bits = parts.scoreBits ?? 8;
  const layout = { idBytes: idBytesFor(n), scoreBits: bits };
  const empty: SparseRows = { nItems: n, ptr: new Int32Array(n + 1), idx: new Int32Array(0), val: new Float32Array(0) };
  const lists = [quantizeRows(parts.forYou, bits), quantizeRows(parts.boughtTogether ?? empty, bits)];
  let entries = 0;
  for (const l of lists) entries += l.rows.idx.length;
  const perItem = 8 * lists.length + 1 + (entries * (layout.idBytes + bits / 8)) / Math.max(1, n);
  const per = parts.itemsPerShard ?? Math.max(1, Math.min(n, Math.round(SHARD_TARGET_BYTES / perItem)));
  const files: ModelFile[] = [];
  const shardFiles: string[] = [];
  for (let s = 0; s * per < n; s++) {
    const count = Math.min(per, n - s * per);
    const bytes = encodeShard(s * per, count, lists, parts.repeat, layout);
    const path = `shards/${await contentHash(bytes)}.bin`;
    files.push({ path, bytes });
    shardFiles.push(path);
  }
  let meta: SiteModelHead['meta'] = null;
  if (parts.metas.some((m) => m && Object.keys(m).length)) {
    const metaFiles: string[] = [];
    for (let f = 0; f * META_ITEMS_PER_FILE < n; f++) {
      const slice = Array.from({ length: Math.min(META_ITEMS_PER_FILE, n - f * META_ITEMS_PER_FILE) }, (_, k) => parts.metas[f * META_ITEMS_PER_FILE + k]);
      const bytes = encoder.encode(JSON.stringify(itemMetaColumns(slice)));
      const path = `meta/${await contentHash(bytes)}.json`;
      files.push({ path, bytes });
      metaFiles.push(path);
    }
    meta = { itemsPerFile: META_ITEMS_PER_FILE, files: metaFiles };
  }
  const top = popularList(parts.count, POPULAR_LIST);
  const trendItems: number[] = [];
  for (let i = 0; i < n; i++) if (parts.recent[i] > 0) trendItems.push(i);
  trendItems.sort((a, b) => trendScore(parts.recent[b], parts.previous[b]) - trendScore(parts.recent[a], parts.previous[a]) || a - b);
  trendItems.length = Math.min(trendItems.length, TRENDING_LIST);
  const fingerprint = await contentHash(encoder.encode(shardFiles.join('\n') + (meta?.files.join('\n') ?? '') + JSON.stringify(parts.segments ?? null) + JSON.stringify(parts.settings)));
  const head: SiteModelHead = {
    format: SITE_MODEL_FORMAT,
    formatVersion: SITE_MODEL_FORMAT_VERSION,
    version: `${parts.created.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${fingerprint.slice(0, 8)}`,
    created: parts.created,
    items: parts.items,
    popular: { items: top, counts: top.map((i) => round3(parts.count[i])) },
    trending: { windowDays: parts.windowDays, end: parts.end, items: trendItems, recent: trendItems.map((i) => round3(parts.recent[i])), previous: trendItems.map((i) => round3(parts.previous[i])) },
    forYou: parts.settings,
    shards: { itemsPerShard: per, idBytes: layout.idBytes, scoreBits: bits, lists: [...SHARD_LISTS], files: shardFiles },
    meta,
    metrics: parts.metrics,
    ...(parts.segments !== undefined ? { segments: parts.segments } : {}),
    ...(parts.priors ? { priors: parts.priors } : {}),
  };
  files.unshift({ path: 'manifest.json', bytes: encoder.encode(JSON.stringify(head)) });
  return { head, files };
}
