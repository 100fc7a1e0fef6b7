// The part of the engine's Store that the site-model loader uses, in memory: for tests of the loader.
import type { Store } from '../../worker/storage/db.ts';

/** A store in memory with what the loader uses of the engine's Store. */
export function memoryStore(): Store {
  const models = new Map<string, unknown>(), meta = new Map<string, unknown>();
  return {
    getModel: async (k: string) => models.get(k),
    putModel: async (k: string, m: object) => void models.set(k, { key: k, ...m }),
    deleteModel: async (k: string) => void models.delete(k),
    getMeta: async (k: string) => meta.get(k),
    putMeta: async (k: string, v: unknown) => void meta.set(k, v),
    updateMeta: async (k: string, change: (v: unknown) => unknown) => { const v = change(meta.get(k)); meta.set(k, v); return v; },
  } as unknown as Store;
}
