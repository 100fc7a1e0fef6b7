// The site model, format version 2: what the crowd knows, as a small head (manifest.json) plus per-item data in
// content-hashed shards that the device fetches only for the items a visitor touches.
//
//   manifest.json            format, version, item ids, popularity and trending lists, the for-you protocol's
//                            settings, the segments model, the shard and metadata file names
//   shards/<hash>.bin        a run of items' for-you and bought-together rows, quantized (codec.ts)
//   meta/<hash>.json         item names, prices, categories, images, for sites whose catalog feed lacks them
import type { Row } from '../protocol/sparseRows.ts';
import type { ForYouSettings } from '../protocol/forYou.ts';

/** The `format` field every manifest carries, so a stray JSON file is never mistaken for a model. */
export const SITE_MODEL_FORMAT = 'clientele-site-model';
/** The layout this code reads and writes; version 1 (one weights.bin) is refused with a message to rebuild. */
export const SITE_MODEL_FORMAT_VERSION = 2;

/** Lists every shard holds, in this order. */
export const SHARD_LISTS = ['forYou', 'boughtTogether'] as const;
export const FOR_YOU_LIST = 0;
export const BOUGHT_TOGETHER_LIST = 1;

/** Item metadata, column by column (one entry per item of the file, null when unknown). */
export interface ItemMetaColumns {
  name: Array<string | null>;
  price: Array<number | null>;
  /** Index into `categories`, or -1. */
  category: number[];
  categories: string[];
  image: Array<string | null>;
}

/** What manifest.json (the head) holds. */
export interface SiteModelHead {
  format: typeof SITE_MODEL_FORMAT;
  formatVersion: typeof SITE_MODEL_FORMAT_VERSION;
  /** Identifies this build: the engine re-reads the head and refetches shards only when it changes. */
  version: string;
  /** ISO date the model was built. */
  created: string;
  /** Item ids in index order: every item index in the model follows this order. */
  items: string[];
  /** The crowd's favourites, best first, with their interaction counts (the "popular" row and the fallbacks). */
  popular: { items: number[]; counts: number[] };
  /** Items with interest in the last window: count in it and in the window before (the "trending" row). */
  trending: { windowDays: number; end: number; items: number[]; recent: number[]; previous: number[] };
  /** How the for-you row combines models, as the builder tuned it (see scoring/protocol/forYou.ts). */
  forYou: ForYouSettings;
  shards: {
    itemsPerShard: number;
    idBytes: 1 | 2 | 4;
    scoreBits: 8 | 16;
    lists: string[];
    /** Path of shard s (items s * itemsPerShard ..), relative to manifest.json. */
    files: string[];
  };
  /** Item metadata files (itemsPerFile items each), or null when the log named no items. */
  meta: { itemsPerFile: number; files: string[] } | null;
  /** What the build measured: data sizes, validation metrics, timings. */
  metrics: Record<string, unknown>;
  /** The site's segment models (RFM cut points, lifecycle, clusters, propensity), JSON from train/segments. */
  segments?: unknown;
  /** Slot bandit priors (`{ slots: { <slot>: { <variant>: { alpha, beta } } } }`) from `clientele report --priors`. */
  priors?: { slots?: Record<string, Record<string, { alpha: number; beta: number }>> };
}

/** Metadata shown for an item the page's catalog does not hold. */
export interface ItemMeta {
  name?: string;
  price?: number;
  category?: string;
  image?: string;
}

/** Popularity as the rows read it. */
export interface SitePopularity {
  /** Item indices, most popular first, and their counts. */
  top: Int32Array;
  counts: Float32Array;
  trending: { items: Int32Array; recent: Float32Array; previous: Float32Array };
  windowDays: number;
  /** Unix seconds of the newest interaction in the log: "recent" means the window before it. */
  end: number;
}

/** A parsed site model: the head in memory, per-item data as far as it has been loaded. */
export interface SiteModel {
  version: string;
  created: string;
  items: string[];
  /** item id -> index */
  index: Map<string, number>;
  popularity: SitePopularity;
  forYou: ForYouSettings;
  metrics: Record<string, unknown>;
  segments?: unknown;
  /** Slot bandit priors from the head, when the build was given them. */
  priors?: SiteModelHead['priors'];
  head: SiteModelHead;
  /** Row of `item` in list `list` (FOR_YOU_LIST, BOUGHT_TOGETHER_LIST), or undefined while its shard is not loaded. */
  row(list: number, item: number): Row | undefined;
  /** Share of the item's buyers who bought it again (0..1), or undefined while its shard is not loaded. */
  repeat(item: number): number | undefined;
  /** The item's metadata, or undefined while its metadata file is not loaded (or the model has none). */
  meta(item: number): ItemMeta | undefined;
  /** Whether item's shard / metadata file is in memory. */
  hasShard(shard: number): boolean;
  hasMeta(file: number): boolean;
  warnings: string[];
}

/**
 * One item's metadata from columns (index within the columns).
 * @example
 * itemMetaAt(cols, 3).name // "RED MUG"
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
