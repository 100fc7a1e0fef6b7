/** Starts the engine worker that the app's bundler emitted (dist/clientele-worker.js), its URL made a script URL by `scriptUrl` (Trusted Types). */
export function createBundledWorker(scriptUrl: (url: string) => string): Worker;
/** Where the app's bundler put the chunks the worker loads with importScripts (reader, languages, experiments), by file name. */
export function bundledChunkUrls(): Record<string, string>;
