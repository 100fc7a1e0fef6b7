// TensorFlow.js backend setup: the only place that picks a backend. Models import tf from here.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

/** Which backends the models may run on; both register the kernels the models use (matMul, add, mul...). */
export type TfBackend = 'wasm' | 'cpu';

let ready: Promise<TfBackend> | null = null;

/**
 * Initializes tfjs once, preferring wasm (about 20x faster matMul than cpu) and falling back to cpu.
 * `wasmPath` is the folder (URL, ending in `/`) holding the tfjs-backend-wasm*.wasm files, for browsers.
 * @example
 * const backend = await initTf(); // 'wasm' in Node and modern browsers, else 'cpu'
 */
export function initTf(preferred: TfBackend = 'wasm', wasmPath?: string): Promise<TfBackend> {
  if (ready) return ready;
  ready = (async (): Promise<TfBackend> => {
    if (wasmPath) setWasmPaths(wasmPath);
    const order: TfBackend[] = preferred === 'wasm' ? ['wasm', 'cpu'] : ['cpu'];
    for (const name of order) {
      try {
        if (await tf.setBackend(name)) {
          await tf.ready();
          return name;
        }
      } catch {
        // wasm can fail to fetch/instantiate (CSP, old browser): the cpu backend always works.
      }
    }
    await tf.setBackend('cpu');
    return 'cpu';
  })();
  return ready;
}
