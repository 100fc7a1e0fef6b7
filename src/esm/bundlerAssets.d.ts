/** Starts the engine worker that the app's bundler emitted (dist/clientele-worker.js). */
export function createBundledWorker(): Worker;
