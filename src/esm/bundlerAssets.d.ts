/** Starts the engine worker that the app's bundler emitted (dist/clientele-worker.js). */
export function createBundledWorker(): Worker;
/** Where the app's bundler put the product reader (dist/clientele-reader.js) the worker loads with importScripts. */
export function bundledReaderUrl(): string;
