// SiteModel -> manifest.json + weights.bin bytes. Arrays are packed in a fixed order so the same model gives the same bytes.
import type { ModelWeights } from '../../scoring/models/types.ts';
import {
  SITE_MODEL_FORMAT,
  SITE_MODEL_FORMAT_VERSION,
  checksumOf,
  type ArraySpec,
  type ModelEntry,
  type SiteModel,
  type SiteModelManifest,
} from '../../scoring/siteModel/format.ts';

/** Collects typed arrays and lays them out back to back, 4-byte aligned. */
class Packer {
  private parts: Array<Float32Array | Int32Array> = [];
  private size = 0;

  add(a: Float32Array | Int32Array): ArraySpec {
    const spec: ArraySpec = { dtype: a instanceof Float32Array ? 'float32' : 'int32', offset: this.size, length: a.length };
    this.parts.push(a);
    this.size += a.length * 4;
    return spec;
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let off = 0;
    for (const a of this.parts) {
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), off);
      off += a.byteLength;
    }
    return out;
  }
}

/** The parts a manifest is made from, before the weights are packed. */
export interface SiteModelParts {
  created: string;
  /** Defaults to a build id made of `created` and the checksum. */
  version?: string;
  items: string[];
  itemMeta: SiteModelManifest['itemMeta'];
  models: Record<string, ModelWeights>;
  blend: Record<string, number>;
  popularity: SiteModel['popularity'];
  metrics: Record<string, unknown>;
  segments?: unknown;
}

/**
 * Packs model parts into a manifest and the weights.bin bytes it describes (with size and checksum).
 * @example
 * const { manifest, weights } = packSiteModel(parts); // write JSON.stringify(manifest) and weights
 */
export function packSiteModel(parts: SiteModelParts): { manifest: SiteModelManifest; weights: Uint8Array } {
  const packer = new Packer();
  const models: Record<string, ModelEntry> = {};
  for (const name of Object.keys(parts.models).sort()) {
    const w = parts.models[name];
    const arrays: Record<string, ArraySpec> = {};
    for (const key of Object.keys(w.arrays).sort()) arrays[key] = packer.add(w.arrays[key]);
    models[name] = { meta: w.meta, arrays };
  }
  const pop = parts.popularity;
  const popularity: SiteModelManifest['popularity'] = {
    meta: { windowDays: pop.windowDays, end: pop.end },
    arrays: { count: packer.add(pop.count), recent: packer.add(pop.recent), previous: packer.add(pop.previous), repeat: packer.add(pop.repeat) },
  };
  const weights = packer.bytes();
  const checksum = checksumOf(weights);
  const manifest: SiteModelManifest = {
    format: SITE_MODEL_FORMAT,
    formatVersion: SITE_MODEL_FORMAT_VERSION,
    version: parts.version ?? `${parts.created.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${checksum.slice(-8)}`,
    created: parts.created,
    items: parts.items,
    itemMeta: parts.itemMeta,
    models,
    blend: parts.blend,
    popularity,
    metrics: parts.metrics,
    ...(parts.segments !== undefined ? { segments: parts.segments } : {}),
    bytes: weights.byteLength,
    checksum,
  };
  return { manifest, weights };
}

/**
 * Turns a parsed SiteModel back into manifest + weights; parseSiteModel of the result gives the same model.
 * @example
 * const { manifest, weights } = serializeSiteModel(model);
 */
export function serializeSiteModel(model: SiteModel): { manifest: SiteModelManifest; weights: Uint8Array } {
  const models: Record<string, ModelWeights> = {};
  for (const [name, m] of Object.entries(model.models)) models[name] = m.toWeights();
  return packSiteModel({
    created: model.created,
    version: model.version,
    items: model.items,
    itemMeta: model.itemMeta,
    models,
    blend: model.blend,
    popularity: model.popularity,
    metrics: model.metrics,
    segments: model.segments,
  });
}
