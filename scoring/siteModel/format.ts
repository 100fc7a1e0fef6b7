// The site model: what the crowd knows, as a JSON manifest plus one binary file of typed arrays.
import type { TrainedModel } from '../models/types.ts';

/** The `format` field every manifest carries, so a stray JSON file is never mistaken for a model. */
export const SITE_MODEL_FORMAT = 'clientele-site-model';
/** The manifest layout this code reads and writes; a different number means another Clientele release built it. */
export const SITE_MODEL_FORMAT_VERSION = 1;

/** Where one typed array lives inside weights.bin. */
export interface ArraySpec {
  dtype: 'float32' | 'int32';
  /** Byte offset, a multiple of 4. */
  offset: number;
  /** Number of elements. */
  length: number;
}

/** A trained model as the manifest lists it: its JSON meta plus where its arrays are. */
export interface ModelEntry {
  meta: Record<string, unknown>;
  arrays: Record<string, ArraySpec>;
}

/** Item metadata, stored column by column to keep the manifest small (one entry per item, null when unknown). */
export interface ItemMetaColumns {
  name: Array<string | null>;
  price: Array<number | null>;
  /** Index into `categories`, or -1. */
  category: number[];
  categories: string[];
  image: Array<string | null>;
}

/** What the manifest.json of a site model holds. */
export interface SiteModelManifest {
  format: typeof SITE_MODEL_FORMAT;
  formatVersion: number;
  /** Identifies this build (created time + checksum): the engine refetches weights only when it changes. */
  version: string;
  /** ISO date the model was built. */
  created: string;
  /** Item ids in index order: every array indexed by item follows this order. */
  items: string[];
  itemMeta: ItemMetaColumns;
  models: Record<string, ModelEntry>;
  /** Weight of each model in the "for-you" blend (sums to 1 over the listed models). */
  blend: Record<string, number>;
  /** Crowd popularity per item: all-time, the last window and the window before, and repeat-purchase rate. */
  popularity: { meta: { windowDays: number; end: number }; arrays: Record<'count' | 'recent' | 'previous' | 'repeat', ArraySpec> };
  /** What the build measured: data sizes, holdout metrics, timings. */
  metrics: Record<string, unknown>;
  /** The site's segment models (RFM cut points, lifecycle, clusters, propensity), JSON from worker/segments. */
  segments?: unknown;
  /** Byte length of weights.bin. */
  bytes: number;
  /** `fnv1a32:<8 hex>` over weights.bin, read as little-endian 32-bit words. */
  checksum: string;
}

/** Popularity figures per item, aligned with `items`. */
export interface SitePopularity {
  count: Float32Array;
  recent: Float32Array;
  previous: Float32Array;
  /** Share of the item's buyers who bought it more than once (0..1). */
  repeat: Float32Array;
  windowDays: number;
  /** Unix seconds of the newest interaction in the log: "recent" means the window before it. */
  end: number;
}

/** Metadata shown for an item the page's catalog does not hold. */
export interface ItemMeta {
  name?: string;
  price?: number;
  category?: string;
  image?: string;
}

/** A parsed, ready-to-use site model. */
export interface SiteModel {
  /** This build's version string (the manifest's `version`). */
  version: string;
  created: string;
  checksum: string;
  items: string[];
  /** item id -> index */
  index: Map<string, number>;
  itemMeta: ItemMetaColumns;
  models: Record<string, TrainedModel>;
  blend: Record<string, number>;
  popularity: SitePopularity;
  metrics: Record<string, unknown>;
  segments?: unknown;
  /** Models listed in the manifest this build could not revive (unknown names), skipped. */
  warnings: string[];
}

/**
 * One item's metadata from the columns, or undefined fields when unknown.
 * @example
 * itemMetaAt(model.itemMeta, 3).name // "RED MUG"
 */
export function itemMetaAt(cols: ItemMetaColumns, i: number): ItemMeta {
  const out: ItemMeta = {};
  const name = cols.name[i];
  if (name != null) out.name = name;
  const price = cols.price[i];
  if (price != null) out.price = price;
  const c = cols.category[i];
  if (c != null && c >= 0 && c < cols.categories.length) out.category = cols.categories[c];
  const image = cols.image[i];
  if (image != null) out.image = image;
  return out;
}

/**
 * Builds metadata columns from per-item metadata (categories are interned).
 * @example
 * itemMetaColumns([{ name: 'Mug', category: 'Kitchen' }, {}]).category // [0, -1]
 */
export function itemMetaColumns(metas: ReadonlyArray<ItemMeta | undefined>): ItemMetaColumns {
  const cols: ItemMetaColumns = { name: [], price: [], category: [], categories: [], image: [] };
  const catIndex = new Map<string, number>();
  for (const m of metas) {
    cols.name.push(m?.name ?? null);
    cols.price.push(m?.price != null && Number.isFinite(m.price) ? m.price : null);
    cols.image.push(m?.image ?? null);
    const c = m?.category;
    if (c) {
      let k = catIndex.get(c);
      if (k === undefined) { k = cols.categories.length; cols.categories.push(c); catIndex.set(c, k); }
      cols.category.push(k);
    } else cols.category.push(-1);
  }
  return cols;
}

/**
 * FNV-1a over 32-bit little-endian words (4x faster than per byte, and sync, unlike crypto.subtle).
 * @example
 * checksumOf(new Uint8Array(8)) // "fnv1a32:..."
 */
export function checksumOf(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  const nWords = bytes.byteLength >>> 2;
  const aligned = bytes.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(bytes.buffer, bytes.byteOffset, nWords) : null;
  const dv = aligned ? null : new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
  for (let w = 0; w < nWords; w++) {
    let x = words ? words[w] : dv!.getUint32(w * 4, true);
    if (words && !le) x = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
    h = Math.imul(h ^ x, 0x01000193);
  }
  for (let b = nWords * 4; b < bytes.byteLength; b++) h = Math.imul(h ^ bytes[b], 0x01000193);
  return 'fnv1a32:' + (h >>> 0).toString(16).padStart(8, '0');
}
