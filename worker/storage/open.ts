// Opening storage so that it degrades instead of failing: a deadline on IndexedDB's open, retries when it errors, the
// in-memory store while another tab holds the database (adopting IndexedDB once it opens), and for good when
// IndexedDB is unusable (private modes, storage disabled by policy).
import { StorageFailure } from './connection.ts';
import { createMemoryStore } from './memory.ts';
import { openStore, type Store, type StoreOptions } from './store.ts';
import { dbName } from './schema.ts';

/** Where the engine keeps its data: IndexedDB; memory for good; or memory while IndexedDB is still opening. */
export type StorageState = 'indexeddb' | 'memory' | 'waiting';

export interface OpenedStorage {
  store: Store;
  state: StorageState;
  /** While `waiting`: the IndexedDB store once it opens, or null if it never will. */
  later?: Promise<Store | null>;
  /** One message for the page when storage is not IndexedDB. */
  message?: string;
}

export interface OpenStorageOptions extends Pick<StoreOptions, 'now' | 'onQuota'> {
  /** How long an open may take before the engine carries on in memory (default 2.5 s). */
  deadlineMs?: number;
  /** How many times an open that fails outright is tried again (default 2). */
  retries?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const reason = (e: unknown): string => {
  try {
    return e instanceof StorageFailure ? e.message.replace(/^.*could not be opened \((.*?)\).*$/, '$1') : String((e as Error)?.name ?? e);
  } catch {
    return 'unknown error';
  }
};

/**
 * Opens the site's IndexedDB store with a deadline and retries, falling back to memory.
 * @example const { store, state, later } = await openStorage('shop'); // state: 'indexeddb' | 'memory' | 'waiting'
 */
export async function openStorage(siteId: string, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  const deadline = options.deadlineMs ?? 2500;
  const retries = options.retries ?? 2;
  const memory = () => createMemoryStore(siteId, { now: options.now });
  let last: unknown = null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    let opening: Promise<Store>;
    try {
      opening = openStore(siteId, { now: options.now, onQuota: options.onQuota, blockedTimeoutMs: Infinity });
    } catch (e) {
      opening = Promise.reject(e);
    }
    opening.catch(() => undefined);
    const r = await Promise.race([opening.then((store) => ({ store }), (error: unknown) => ({ error })), sleep(deadline).then(() => null)]);
    if (r && 'store' in r) return { store: r.store, state: 'indexeddb' };
    if (r === null) {
      // Most often another tab keeps an older schema open. Events wait on the page, not in this store.
      return {
        store: memory(),
        state: 'waiting',
        later: opening.then((s) => s, () => null),
        message: `[clientele] storage "clientele:${siteId}" has not opened within ${deadline / 1000} s (another tab of this site may hold an older version open: reload or close it); until it opens, recommendations use memory and events wait on the page, so none is lost`,
      };
    }
    last = r.error;
    if (attempt < retries) await sleep(100 * 3 ** attempt);
  }
  return {
    store: memory(),
    state: 'memory',
    message: `[clientele] IndexedDB cannot be used here (${reason(last)}: private browsing or storage disabled?); Clientele keeps this visit in memory: recommendations use the catalog, the site model and this page's events, and nothing is remembered after the page closes`,
  };
}

/**
 * Whether this site's IndexedDB database exists yet; true where the browser cannot list databases, so that a caller
 * that removes what it created never removes what it cannot see.
 * @example if (!(await storageExists('shop'))) { ... } // nothing stored for 'shop' yet
 */
export async function storageExists(siteId: string): Promise<boolean> {
  try {
    const list = await indexedDB.databases();
    return list.some((d) => d.name === dbName(siteId));
  } catch {
    return true;
  }
}

/**
 * Deletes this site's database (after its connections are closed); never rejects.
 * @example await removeStorage('default');
 */
export function removeStorage(siteId: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(dbName(siteId));
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}
