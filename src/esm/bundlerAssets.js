// Copied verbatim into dist/esm/ (scripts/build.ts keeps it out of the bundle), because its lines must reach the
// app's bundler exactly as written: `new URL('<file>', import.meta.url)` is the form Vite, webpack 5, Rollup, Parcel
// and esbuild recognise, so they copy the file next to the app's own files and rewrite the URL, with no config: the
// engine worker, and the files the worker loads itself (the product reader, the language and experiments chunks).
// The worker is not started as `new Worker(new URL(...))`, the form bundlers would build as a worker of their own:
// a page that requires Trusted Types refuses that URL, so it goes through the page's 'clientele' policy first
// (src/loadAssets.ts scriptUrl), and a build whose assets are on a CDN starts it through a blob (startWorker). The widget needs no such line: it is an ordinary dynamic import() of a chunk in this
// folder, which every bundler splits on its own.

/**
 * Starts the engine worker that the app's bundler emitted with `start` (src/loadAssets.ts startWorker: through the
 * page's Trusted Types policy, and through a small blob where the app's assets are on another origin, a CDN).
 */
export function createBundledWorker(start) {
  return start(new URL('../clientele-worker.js', import.meta.url).href, 'clientele-worker');
}

/** Where the app's bundler put the chunks the worker loads with importScripts, by their file names in dist/. */
export function bundledChunkUrls() {
  return {
    'clientele-reader.js': new URL('../clientele-reader.js', import.meta.url).href,
    'clientele-messages.js': new URL('../clientele-messages.js', import.meta.url).href,
    'clientele-experiments.js': new URL('../clientele-experiments.js', import.meta.url).href,
  };
}
