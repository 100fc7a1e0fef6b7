// The worker entry (dist/clientele-worker.js): exposes the engine to the page over comlink.
import * as Comlink from 'comlink';
import { createEngine } from './engine.ts';

Comlink.expose(createEngine());
