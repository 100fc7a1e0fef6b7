// Loads the worker and the IIFE chunks (widget, markup reader, ...) from a folder URL: the script-tag build
// always does, the ESM build only when config.assetBase points at a folder that serves dist/.
import type { Chunks } from './chunks.ts';

/**
 * Loads chunk `name` from the folder `base`: dist/clientele-<name>.js, which assigns its module to
 * window.__clientele<Name> (scripts/build.ts). Once: a chunk already there is not loaded again.
 * @example const widget = await loadChunk('/clientele/', 'widget');
 */
export function loadChunk<K extends keyof Chunks>(base: string, name: K): Promise<Chunks[K]> {
  const w = window as unknown as Record<string, Chunks[K] | undefined>;
  const global = '__clientele' + name[0].toUpperCase() + name.slice(1);
  const url = `${base}clientele-${name}.js`;
  if (w[global]) return Promise.resolve(w[global]!);
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.async = true;
    s.onload = s.onerror = () => (w[global] ? resolve(w[global]!) : reject(new Error(`could not load ${url}`)));
    document.head.appendChild(s);
  });
}

/**
 * Starts the engine worker at `url`. A worker must be same-origin, so a script served from a CDN starts it through a tiny blob.
 * @example const worker = startWorker('https://cdn.example/clientele/clientele-worker.js');
 */
export function startWorker(url: string, name = 'clientele'): Worker {
  if (new URL(url, location.href).origin === location.origin) return new Worker(url, { name });
  const blob = new Blob([`importScripts(${JSON.stringify(url)})`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(blob), { name });
}
