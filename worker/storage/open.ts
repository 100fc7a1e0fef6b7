// Opening storage so that it degrades instead of failing: a deadline on IndexedDB's open, retries when it errors or
// never answers, the in-memory store while another tab holds the database at an older schema (adopting IndexedDB once
// it opens), and for good when IndexedDB is unusable (private modes, storage disabled by policy, a backend that hangs).
import { deleteDatabase, StorageFailure } from './connection.ts';
import { createMemoryStore } from './memory.ts';
import { openStore, type Store, type StoreOptions } from './store.ts';
import { DB_VERSION, dbName } from './schema.ts';

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
  /** How many times an open that fails outright or never answers is tried again (default 2). */
  retries?: number;
  /** An error the database gave after it opened (see worker/engine.ts initNow): no open is tried, the store is in memory. */
  failed?: unknown;
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
 * Whether this site's database is at an older version than this code's: an open queued behind another tab's blocked
 * upgrade hears no "blocked" of its own. False where the browser cannot list databases or does not answer at once.
 */
async function olderHeld(siteId: string): Promise<boolean> {
  try {
    const list = await Promise.race([indexedDB.databases(), sleep(250).then(() => [])]);
    return list.some((d) => d.name === dbName(siteId) && (d.version ?? DB_VERSION) < DB_VERSION);
  } catch {
    return false;
  }
}

/** Resolves with `p`'s error, and never if `p` succeeds. */
const failure = (p: Promise<unknown>) => new Promise<{ error: unknown }>((resolve) => p.catch((error: unknown) => resolve({ error })));

/**
 * Opens the site's IndexedDB store with a deadline and retries, falling back to memory. An open blocked by another
 * tab's older schema is waited for (`waiting`); one that errors or never answers is tried again with a fresh request,
 * and after the last try the engine runs in memory (`memory`).
 * @example const { store, state, later } = await openStorage('shop'); // state: 'indexeddb' | 'memory' | 'waiting'
 */
export async function openStorage(siteId: string, options: OpenStorageOptions = {}): Promise<OpenedStorage> {
  const deadline = options.deadlineMs ?? 2500;
  const retries = options.failed === undefined ? options.retries ?? 2 : -1;
  const memory = () => createMemoryStore(siteId, { now: options.now });
  let blocked = false;
  // The first open to succeed is used, whichever try made it; any other closes as it opens, so that a store nobody
  // uses never holds the database open against other tabs' upgrades.
  let taken = false;
  let take!: (store: Store | null) => void;
  const winner = new Promise<Store | null>((r) => (take = r));
  const settle = (store: Store | null) => (taken ? store?.close() : ((taken = true), take(store)));
  let last: { error: unknown } | null = retries < 0 ? { error: options.failed } : null;
  for (let attempt = 0; attempt <= retries; attempt++) {
    let opening: Promise<Store>;
    try {
      opening = openStore(siteId, { now: options.now, onQuota: options.onQuota, blockedTimeoutMs: Infinity, onBlocked: () => (blocked = true) });
    } catch (e) {
      opening = Promise.reject(e);
    }
    opening.then(settle, () => undefined);
    const r = await Promise.race([winner.then((store) => ({ store })), failure(opening), sleep(deadline).then(() => null)]);
    if (r && 'store' in r) return { store: r.store!, state: 'indexeddb' };
    if (!r && (blocked || (await olderHeld(siteId)))) {
      // Another tab keeps an older schema open. Events wait on the page, not in this store.
      void failure(opening).then(() => settle(null));
      return {
        store: memory(),
        state: 'waiting',
        later: winner,
        message: `[clientele] storage "clientele:${siteId}" is held at an older version by another tab of this site (reload or close it); until it opens, recommendations use memory and events wait on the page, so none is lost`,
      };
    }
    // An open that never answered took its deadline; one that failed outright waits a little before its next try.
    last = r;
    if (r && attempt < retries) await sleep(100 * 3 ** attempt);
  }
  settle(null);
  return {
    store: memory(),
    state: 'memory',
    message: `[clientele] IndexedDB cannot be used here (${last ? `${reason(last.error)}: ${retries < 0 ? 'it opened, then failed twice' : 'private browsing, storage disabled or full?'}` : `no answer in ${retries + 1} tries of ${deadline / 1000} s`}); Clientele keeps this visit in memory: recommendations use the catalog, the site model and this page's events, which the page parks (in localStorage, where it may) for the next one as it closes`,
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
export const removeStorage = (siteId: string): Promise<void> => deleteDatabase(dbName(siteId));
