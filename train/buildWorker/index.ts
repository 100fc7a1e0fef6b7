// The build worker entry (dist/clientele-build-worker.js): builds a site model from a log file off the main thread.
// Two doors to the same build: comlink (`wrap(worker).build(file, options, proxy(onProgress))`) for bundled pages,
// and plain messages for pages without a bundler:
//   page -> worker  { type: 'clientele:build', id, file, options }
//   worker -> page  { type: 'clientele:progress', id, stage, fraction } ... then { type: 'clientele:done', id, result }
import * as Comlink from 'comlink';
import { buildFromFile, type BuildOutcome, type BuildRequest, type Progress } from './buildFromFile.ts';

export type { BuildOutcome, BuildRequest, Progress, PageSummary } from './buildFromFile.ts';

declare const self: DedicatedWorkerGlobalScope;

// the tfjs wasm binaries ship beside this script in dist/
const wasmPath = (): string | undefined => {
  try {
    return new URL('./', self.location.href).href;
  } catch {
    return undefined;
  }
};

/**
 * Builds a site model from a log (File, Blob, ArrayBuffer or CSV text); resolves to the files or `{ ok: false, message }`.
 * @example
 * const r = await Comlink.wrap<BuildWorkerApi>(worker).build(file, {}, Comlink.proxy((p) => bar.value = p.fraction));
 */
async function build(file: Blob | ArrayBuffer | string, options: BuildRequest = {}, onProgress?: (p: Progress) => void): Promise<BuildOutcome> {
  const r = await buildFromFile(file, options, (p) => { Promise.resolve(onProgress?.(p)).catch(() => {}); }, { wasmPath: wasmPath() });
  return r.ok ? Comlink.transfer(r, [r.zip]) : r;
}

const api = { build };
/** What the build worker exposes over comlink. */
export type BuildWorkerApi = typeof api;

Comlink.expose(api);

self.addEventListener('message', (ev: MessageEvent) => {
  const d = ev.data as { type?: unknown; id?: unknown; file?: unknown; options?: unknown } | null;
  if (!d || d.type !== 'clientele:build') return;
  const id = d.id;
  const options = (d.options && typeof d.options === 'object' ? d.options : {}) as BuildRequest;
  void buildFromFile(d.file as Blob, options, (p) => self.postMessage({ type: 'clientele:progress', id, ...p }), { wasmPath: wasmPath() }).then((result) => {
    // the manifest goes as text: the page only saves it, so it need not rebuild the object on its own thread
    if (result.ok) {
      const { manifest, ...rest } = result;
      self.postMessage({ type: 'clientele:done', id, result: { ...rest, manifestText: JSON.stringify(manifest) } }, [result.zip]);
    } else self.postMessage({ type: 'clientele:done', id, result });
  });
});
