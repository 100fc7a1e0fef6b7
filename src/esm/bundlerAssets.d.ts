/** Starts the engine worker that the app's bundler emitted (dist/clientele-worker.js) with `start` (src/loadAssets.ts startWorker: Trusted Types, a blob for a CDN origin). */
export function createBundledWorker(start: (url: string, name: string) => Worker): Worker;
/** Where the app's bundler put the chunks the worker loads with importScripts (reader, languages, experiments), by file name. */
export function bundledChunkUrls(): Record<string, string>;
