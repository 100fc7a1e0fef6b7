// manifest.json + weights.bin -> SiteModel, refusing anything corrupt, truncated or built for another format.
import type { Result } from '../../src/contract/types.ts';
import type { ModelWeights, TrainedModel } from '../models/types.ts';
import { SITE_MODEL_FORMAT, SITE_MODEL_FORMAT_VERSION, checksumOf, type ArraySpec, type ItemMetaColumns, type SiteModel } from './format.ts';
import { specFor } from './revive.ts';

const FIX = 'rebuild it with `npx clientele build-model --events <log> --out <dir>` and publish manifest.json and weights.bin together';

class Refusal {
  constructor(readonly code: string, readonly message: string) {}
}

const refuse = (code: string, what: string): never => {
  throw new Refusal(code, `[clientele] site model ${what}; ${FIX}`);
};

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return s.length > 60 ? s.slice(0, 57) + '...' : s;
};

function column<T>(meta: Record<string, unknown>, key: string, n: number, ok: (v: unknown) => boolean): T[] {
  const col = meta[key];
  if (!Array.isArray(col) || col.length !== n) {
    refuse('dimension-mismatch', `manifest.itemMeta.${key} must be an array of ${n} entries (one per item), got ${Array.isArray(col) ? col.length + ' entries' : show(col)}`);
  }
  const arr = col as unknown[];
  for (let i = 0; i < arr.length; i++) if (!ok(arr[i])) refuse('bad-manifest', `manifest.itemMeta.${key}[${i}] has the wrong type, got ${show(arr[i])}`);
  return arr as T[];
}

function readItemMeta(raw: unknown, n: number): ItemMetaColumns {
  if (!isObj(raw)) return refuse('bad-manifest', `manifest.itemMeta must be an object of columns { name, price, category, categories, image }, got ${show(raw)}`);
  const categories = raw.categories;
  if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) {
    refuse('bad-manifest', `manifest.itemMeta.categories must be an array of strings, got ${show(categories)}`);
  }
  const nCat = (categories as string[]).length;
  return {
    name: column<string | null>(raw, 'name', n, (v) => v === null || typeof v === 'string'),
    price: column<number | null>(raw, 'price', n, (v) => v === null || (typeof v === 'number' && Number.isFinite(v))),
    category: column<number>(raw, 'category', n, (v) => Number.isInteger(v) && (v as number) >= -1 && (v as number) < nCat),
    categories: categories as string[],
    image: column<string | null>(raw, 'image', n, (v) => v === null || typeof v === 'string'),
  };
}

function readArray(spec: unknown, where: string, buf: ArrayBuffer): Float32Array | Int32Array {
  if (!isObj(spec)) return refuse('bad-manifest', `${where} must be { dtype, offset, length }, got ${show(spec)}`);
  const { dtype, offset, length } = spec as Partial<ArraySpec>;
  if (dtype !== 'float32' && dtype !== 'int32') refuse('bad-manifest', `${where}.dtype must be "float32" or "int32", got ${show(dtype)}`);
  if (!Number.isInteger(offset) || (offset as number) < 0 || (offset as number) % 4 !== 0) {
    refuse('bad-manifest', `${where}.offset must be a whole, non-negative multiple of 4, got ${show(offset)}`);
  }
  if (!Number.isInteger(length) || (length as number) < 0) refuse('bad-manifest', `${where}.length must be a whole number, got ${show(length)}`);
  const end = (offset as number) + (length as number) * 4;
  if (end > buf.byteLength) {
    refuse('out-of-bounds', `${where} spans bytes ${offset}..${end} but weights.bin has only ${buf.byteLength} bytes`);
  }
  return dtype === 'float32' ? new Float32Array(buf, offset, length) : new Int32Array(buf, offset, length);
}

function parse(manifest: unknown, weights: ArrayBuffer | Uint8Array): SiteModel {
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
  const itemMeta = readItemMeta(m.itemMeta, n);

  // a view needs a 4-aligned start; a Uint8Array slice may not have one
  let buf: ArrayBuffer;
  if (weights instanceof ArrayBuffer) buf = weights;
  else if (weights instanceof Uint8Array) buf = weights.byteOffset % 4 === 0 && weights.byteLength === weights.buffer.byteLength ? (weights.buffer as ArrayBuffer) : weights.slice().buffer;
  else return refuse('bad-weights', `weights must be an ArrayBuffer (the bytes of weights.bin), got ${show(typeof weights)}`);
  if (m.bytes !== buf.byteLength) {
    refuse('truncated', `weights.bin is ${buf.byteLength} bytes but manifest.bytes says ${show(m.bytes)}: the file was cut short or belongs to another build`);
  }
  const sum = checksumOf(new Uint8Array(buf));
  if (m.checksum !== sum) refuse('checksum-mismatch', `weights.bin checksum is ${sum} but manifest.checksum says ${show(m.checksum)}: the file is corrupt or from another build`);

  if (!isObj(m.popularity) || !isObj(m.popularity.meta) || !isObj(m.popularity.arrays)) {
    refuse('bad-manifest', `manifest.popularity must be { meta: { windowDays, end }, arrays: { count, recent, previous, repeat } }, got ${show(m.popularity)}`);
  }
  const popM = m.popularity as { meta: Record<string, unknown>; arrays: Record<string, unknown> };
  const popArr = (key: string): Float32Array => {
    const a = readArray(popM.arrays[key], `manifest.popularity.arrays.${key}`, buf);
    if (!(a instanceof Float32Array) || a.length !== n) refuse('dimension-mismatch', `manifest.popularity.arrays.${key} must be float32 with ${n} entries (one per item), got ${a.length}`);
    return a as Float32Array;
  };
  const popularity = {
    count: popArr('count'),
    recent: popArr('recent'),
    previous: popArr('previous'),
    repeat: popArr('repeat'),
    windowDays: Number(popM.meta.windowDays) || 7,
    end: Number(popM.meta.end) || 0,
  };

  if (!isObj(m.models)) refuse('bad-manifest', `manifest.models must be an object of { meta, arrays } by model name, got ${show(m.models)}`);
  const models: Record<string, TrainedModel> = {};
  const warnings: string[] = [];
  for (const [name, entry] of Object.entries(m.models as Record<string, unknown>)) {
    if (!isObj(entry) || !isObj(entry.meta) || !isObj(entry.arrays)) refuse('bad-manifest', `manifest.models.${name} must be { meta, arrays }, got ${show(entry)}`);
    const e = entry as { meta: Record<string, unknown>; arrays: Record<string, unknown> };
    const family = typeof e.meta.model === 'string' ? e.meta.model : name;
    const spec = specFor(family);
    if (!spec) {
      warnings.push(`[clientele] site model lists a "${family}" model this Clientele does not know; it is skipped (update Clientele or rebuild the site model)`);
      continue;
    }
    const w: ModelWeights = { meta: e.meta, arrays: {} };
    for (const [key, spec2] of Object.entries(e.arrays)) w.arrays[key] = readArray(spec2, `manifest.models.${name}.arrays.${key}`, buf);
    let model: TrainedModel;
    try {
      model = spec.fromWeights(w);
    } catch (err) {
      return refuse('bad-model', `manifest.models.${name} could not be revived (${err instanceof Error ? err.message : String(err)})`);
    }
    if (model.nItems !== n) refuse('dimension-mismatch', `manifest.models.${name} covers ${model.nItems} items but manifest.items lists ${n}`);
    models[name] = model;
  }

  const blend: Record<string, number> = {};
  if (m.blend !== undefined) {
    if (!isObj(m.blend)) refuse('bad-manifest', `manifest.blend must be an object of weights by model name, got ${show(m.blend)}`);
    for (const [name, v] of Object.entries(m.blend as Record<string, unknown>)) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) refuse('bad-manifest', `manifest.blend.${name} must be a non-negative number, got ${show(v)}`);
      if (models[name]) blend[name] = v as number;
    }
  }
  const metrics = isObj(m.metrics) ? m.metrics : {};
  return {
    version: m.version as string,
    created: typeof m.created === 'string' ? m.created : '',
    checksum: sum,
    items,
    index,
    itemMeta,
    models,
    blend,
    popularity,
    metrics,
    ...(m.segments !== undefined ? { segments: m.segments } : {}),
    warnings,
  };
}

/**
 * Reads a site model from its manifest (parsed JSON or text) and the bytes of weights.bin; never throws.
 * @example
 * const r = parseSiteModel(await (await fetch(url)).json(), await (await fetch(binUrl)).arrayBuffer());
 * if (!r.ok) console.warn(r.message);
 */
export function parseSiteModel(manifest: unknown, weights: ArrayBuffer | Uint8Array): Result<SiteModel> {
  try {
    return { ok: true, value: parse(manifest, weights) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, code: err.code, message: err.message };
    return { ok: false, code: 'bad-manifest', message: `[clientele] site model could not be read (${err instanceof Error ? err.message : String(err)}); ${FIX}` };
  }
}
