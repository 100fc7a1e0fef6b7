// The worker entry (dist/clientele-worker.js): exposes the engine to the page over comlink.
import * as Comlink from 'comlink';
import { createEngine } from './engine.ts';
import { READER_GLOBAL, type ReaderModule } from '../src/contract/readerModule.ts';

const scope = self as unknown as Record<string, ReaderModule | undefined> & { importScripts(url: string): void };
Comlink.expose(createEngine({
  // Synchronous and once: later calls find the global the chunk set.
  loadReader: async (assetBase) => {
    if (!scope[READER_GLOBAL]) scope.importScripts(assetBase + 'clientele-reader.js');
    return scope[READER_GLOBAL] ?? Promise.reject(new Error('it loaded but did not register'));
  },
}));
