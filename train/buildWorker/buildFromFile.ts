// One in-browser site-model build: read the dropped file, pick the tfjs backend, train, pack. Never throws.
import { initTf, type TfBackend } from '../tf.ts';
import { zipSync } from 'fflate';
import { buildSiteModel, type BuildOptions, type BuildSummary, type SiteModelHead } from '../siteModel/index.ts';
import { catalogMeta } from './catalog.ts';
import { readLogBlob, type Skipped } from './readLog.ts';
import { unreadableWarning } from '../ingest/read.ts';

/** What the page may ask of a build. */
export interface BuildRequest {
  /** Products as JSON (array or { products: [...] }), for names, prices, categories and images. */
  catalog?: unknown;
  /** Keep only items listed in the catalog. */
  onlyCatalog?: boolean;
  /** Measure holdout NDCG@10 (trains each model twice). Default true. */
  holdout?: boolean;
}

/** A build's progress: the stage in words and how far through the whole build (0..1). */
export interface Progress {
  stage: string;
  fraction: number;
}

/** The summary the page shows: what buildSiteModel learned plus how the file was read. */
export interface PageSummary extends BuildSummary {
  layout: string;
  skipped: Skipped;
  readMs: number;
  fileBytes: number;
}

export type BuildOutcome =
  | { ok: true; manifest: SiteModelHead; zip: ArrayBuffer; summary: PageSummary; backend: TfBackend }
  | { ok: false; code: string; message: string };

export interface BuildEnv {
  /** Folder (URL ending in /) holding the tfjs-backend-wasm*.wasm files. */
  wasmPath?: string;
  /** Clock in ms; default performance.now. */
  now?: () => number;
  /** Least time between two progress reports, so the page redraws at most ~10 times a second. Default 100 ms. */
  progressEveryMs?: number;
}

/**
 * Wraps a progress callback so it fires at most once per `everyMs` (and always at 100%), never moving backwards.
 * @example
 * const report = throttleProgress((p) => post(p), 100, performance.now.bind(performance));
 */
export function throttleProgress(onProgress: (p: Progress) => void, everyMs: number, now: () => number): (p: Progress) => void {
  let last = -Infinity;
  let lastFraction = -1;
  return (p) => {
    const t = now();
    const fraction = Math.max(lastFraction, Math.min(1, p.fraction));
    // the bar never goes back, and a burst of tiny stages (small logs) costs the page one redraw, not dozens
    if (fraction < 1 && t - last < everyMs) return;
    last = t;
    lastFraction = fraction;
    try {
      onProgress({ stage: p.stage, fraction });
    } catch {
      // a page that closed its end of the channel must not stop the build
    }
  };
}

const toArrayBuffer = (u: Uint8Array): ArrayBuffer =>
  (u.byteOffset === 0 && u.byteLength === u.buffer.byteLength ? u.buffer : u.slice().buffer) as ArrayBuffer;

/**
 * Builds a site model from an interaction log file (CSV or JSON lines) in a worker, reporting progress.
 * @example
 * const r = await buildFromFile(file, { holdout: true }, (p) => postMessage(p), { wasmPath: new URL('./', self.location.href).href });
 * if (r.ok) download(JSON.stringify(r.manifest), r.weights);
 */
export async function buildFromFile(
  file: Blob | ArrayBuffer | ArrayBufferView | string,
  request: BuildRequest = {},
  onProgress: (p: Progress) => void = () => {},
  env: BuildEnv = {},
): Promise<BuildOutcome> {
  const now = env.now ?? (() => performance.now());
  const report = throttleProgress(onProgress, env.progressEveryMs ?? 100, now);
  try {
    const t0 = now();
    let blob: Blob;
    if (typeof Blob !== 'undefined' && file instanceof Blob) blob = file;
    else if (typeof file === 'string' || file instanceof ArrayBuffer || ArrayBuffer.isView(file)) blob = new Blob([file as BlobPart]);
    else return { ok: false, code: 'bad-file', message: `[clientele] build() needs the log as a File, Blob, ArrayBuffer or string, got ${file === null ? 'null' : typeof file}; pass the file from an <input type="file"> or a drop` };
    const source = typeof File !== 'undefined' && blob instanceof File && blob.name ? `"${blob.name}"` : 'the log file';

    const opts = request ?? {};
    let catalog: Map<string, import('../siteModel/index.ts').ItemMeta> | null = null;
    if (opts.catalog !== undefined && opts.catalog !== null) {
      const c = catalogMeta(opts.catalog);
      if (!c.ok) return c;
      catalog = c.value;
    }
    if (opts.onlyCatalog && !catalog) return { ok: false, code: 'no-catalog', message: '[clientele] options.onlyCatalog is true but no catalog was given; add the catalog JSON or untick "only catalog items"' };

    report({ stage: 'reading log', fraction: 0 });
    // tfjs setup overlaps the read: fetching and compiling the wasm binary takes a moment on a cold cache
    const backendReady = initTf('wasm', env.wasmPath);
    const read = await readLogBlob(blob, {
      source,
      keep: opts.onlyCatalog && catalog ? (item) => catalog!.has(item) : undefined,
      onFraction: (f) => report({ stage: 'reading log', fraction: 0.2 * f }),
    });
    if (!read.ok) return read;
    const readMs = now() - t0;
    if (catalog) for (const [id, meta] of catalog) read.value.log.describe(id, meta, false);

    report({ stage: 'starting TensorFlow.js', fraction: 0.2 });
    const backend = await backendReady;
    const options: BuildOptions = { holdout: opts.holdout !== false };
    const built = await buildSiteModel(read.value.log, options, (p) => report({ stage: p.stage, fraction: 0.2 + 0.8 * p.fraction }));
    if (!built.ok) return built;
    const summary: PageSummary = {
      ...built.value.summary,
      ...(read.value.unreadable ? { warnings: [unreadableWarning(source, read.value.unreadable), ...built.value.summary.warnings] } : {}),
      ms: now() - t0,
      layout: read.value.layout,
      skipped: read.value.skipped,
      readMs,
      fileBytes: read.value.bytes,
    };
    // one download: the folder to publish beside the script, as a zip (stored, not compressed: the shards are small
    // and the web server gzips them anyway)
    const zip = zipSync(Object.fromEntries(built.value.files.map((f) => [`model/${f.path}`, [f.bytes, { level: 0 }]])));
    report({ stage: 'done', fraction: 1 });
    return { ok: true, manifest: built.value.head, zip: toArrayBuffer(zip), summary, backend };
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return { ok: false, code: 'build-failed', message: `[clientele] the site model build stopped: ${why}; check the log file is a CSV or JSON-lines export, or build with \`npx clientele build-model --events <file> --out <dir>\`` };
  }
}
