// One site's IndexedDB connection, kept usable while other tabs upgrade, delete or outlive it.
import { openDB } from 'idb';
import { DB_VERSION, upgrade, type ClienteleDB, type Db } from './schema.ts';

/** `data`: the value itself cannot be stored (IndexedDB's structured clone refused it: DataCloneError, a RangeError; or its key: DataError), so retrying cannot help. */
export type StorageFailureCode = 'quota' | 'blocked' | 'unavailable' | 'storage' | 'data';

/**
 * An expected storage failure: `code` for the engine's `{ ok: false, code, message }`, and a `[clientele]` message
 * that names the database and the fix.
 * @example if (e instanceof StorageFailure) return { ok: false, code: e.code, message: e.message };
 */
export class StorageFailure extends Error {
  constructor(
    readonly code: StorageFailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'StorageFailure';
  }
}

export interface Connection {
  /** Runs `fn` against an open database; reopens and retries once if the connection died under it. */
  run<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Closes the connection now; a later `run` opens a new one. */
  close(): void;
}

export interface ConnectionOptions {
  /** How long a call waits on tabs that keep an older version open before it fails with `blocked` (Infinity: no limit). */
  blockedTimeoutMs?: number;
  /** Called when an open is blocked: another tab keeps an older version open (not when an open simply never answers). */
  onBlocked?: () => void;
}

/**
 * Deletes the database `name` (after its connections are closed); never rejects. Resolves when the browser has done so,
 * or says other connections hold it (an open asked for after this one waits for the deletion all the same).
 * @example await deleteDatabase('clientele:default');
 */
export function deleteDatabase(name: string): Promise<void> {
  return new Promise((resolve) => {
    try {
      const req = indexedDB.deleteDatabase(name);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    } catch {
      resolve();
    }
  });
}

const errorName = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'name' in e ? String((e as { name: unknown }).name) : '';

/**
 * Opens `name` lazily and keeps it open across other tabs' upgrades and deletions.
 * @example const conn = createConnection('clientele:shop'); const n = await conn.run((db) => db.count('events'));
 */
export function createConnection(name: string, options: ConnectionOptions = {}): Connection {
  const blockedTimeoutMs = options.blockedTimeoutMs ?? 10_000;
  let db: Db | null = null;
  let opening: Promise<Db> | null = null;
  let blockedAt: number | null = null;
  const blockedListeners = new Set<() => void>();

  const openAt = async (version: number | undefined): Promise<Db> => {
    let self: Db | null = null;
    // Why an upgrade aborted (a full disk: QuotaExceededError), where the open itself says only AbortError.
    let why: unknown;
    const opened = await openDB<ClienteleDB>(name, version, {
      upgrade(upgrading, oldVersion, newVersion, tx) {
        tx.done.catch((e: unknown) => (why = e));
        upgrade(upgrading, oldVersion, newVersion, tx);
      },
      blocked() {
        blockedAt = Date.now();
        options.onBlocked?.();
        for (const listener of blockedListeners) listener();
      },
      blocking() {
        // Another tab is upgrading or deleting the database: step aside, and reopen on the next call.
        self?.close();
        if (db === self) db = null;
      },
      terminated() {
        // Called if the browser abnormally terminates the connection (not on close()).
        if (db === self) db = null;
      },
    }).catch((e: unknown) => {
      throw why ?? e;
    });
    self = opened;
    return opened;
  };

  const openFresh = async (): Promise<Db> => {
    try {
      return await openAt(DB_VERSION);
    } catch (e) {
      // A tab running newer Clientele code upgraded the database; steps only add stores, so this code can use it as is.
      if (errorName(e) === 'VersionError') return openAt(undefined);
      throw e;
    }
  };

  const waitUnblocked = (p: Promise<Db>): Promise<Db> =>
    new Promise<Db>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onBlocked = () => {
        // Infinity: wait as long as it takes (the engine keeps its own deadline and serves from memory meanwhile).
        if (!Number.isFinite(blockedTimeoutMs)) return;
        const wait = Math.max(0, (blockedAt ?? Date.now()) + blockedTimeoutMs - Date.now());
        timer = setTimeout(() => {
          blockedListeners.delete(onBlocked);
          reject(new StorageFailure('blocked', `[clientele] storage "${name}" is blocked: another tab of this site keeps an older version open; close or reload the other tabs`));
        }, wait);
      };
      if (blockedAt !== null) onBlocked();
      else blockedListeners.add(onBlocked);
      const done = () => {
        clearTimeout(timer);
        blockedListeners.delete(onBlocked);
      };
      p.then((d) => (done(), resolve(d)), (e: unknown) => (done(), reject(e)));
    });

  /** Closed by its owner: never opened again, so a write still under way cannot keep the database open (or bring it back after a delete). */
  let closed = false;
  /** Deleted and made again for a store or an index not found (see run): once. */
  let remade = 0;
  const get = (): Promise<Db> => {
    if (closed) return Promise.reject(new StorageFailure('unavailable', `[clientele] storage "${name}" was closed`));
    if (db) return Promise.resolve(db);
    if (!opening) {
      blockedAt = null;
      // A caller that gave up on a blocked open leaves this promise in place, so later calls adopt the connection.
      opening = openFresh().then(
        (d) => {
          db = d;
          opening = null;
          blockedAt = null;
          return d;
        },
        (e: unknown) => {
          opening = null;
          throw new StorageFailure('unavailable', `[clientele] storage "${name}" could not be opened (${errorName(e) || String(e)}); IndexedDB may be disabled, e.g. in private browsing`);
        },
      );
    }
    return waitUnblocked(opening);
  };

  return {
    async run(fn) {
      const first = await get();
      try {
        return await fn(first);
      } catch (e) {
        const failed = errorName(e);
        const died = db !== first;
        // NotFoundError: a store or an index this code uses is not there (a database of this name and version made by
        // other code, a damaged profile). Every transaction would fail, and the visitor ran in memory on every page (or
        // stored nothing): what it holds cannot be read, so it is deleted and made again, once.
        // Only on the connection still in use: one closed since (another tab's remake, this one's for another call,
        // close()) may be to the database made again, and deleting that lost what was stored in it meanwhile (tabs
        // opening together on a damaged database: 2 of 4 tabs' events gone, round37f-db-remade-race); it is retried.
        // And only at this build's version: a newer build's database (opened as it is: openFresh) may have moved what
        // this build looks for, and deleting it erased the history that build keeps (round37f-remake-newer-version).
        const damaged = failed === 'NotFoundError' && !died && first.version == DB_VERSION && !remade++;
        // InvalidStateError: the connection closed before the transaction began. AbortError or NotFoundError after the
        // connection was dropped: nothing was committed. Safe to retry because writes are idempotent by message_id.
        if (damaged || failed === 'InvalidStateError' || (died && (failed === 'AbortError' || failed === 'NotFoundError'))) {
          const drop = () => {
            if (db) db.close(), (db = null);
          };
          if (db === first) drop();
          if (!damaged) return fn(await get());
          // Tabs that met the damage together each made it again in turn, and a later tab's delete took what an
          // earlier one had stored in the database it had made (1 of 4 tabs' 200 events in 1 run in 4,
          // round37f-db-remade-race). One tab at a time, and only a database still damaged for this call is deleted.
          const again = async () => {
            try {
              return await fn(await get());
            } catch (e2) {
              if (errorName(e2) !== 'NotFoundError' || db?.version != DB_VERSION) throw e2;
              drop();
              await deleteDatabase(name);
              return fn(await get());
            }
          };
          const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
          return typeof locks?.request === 'function' ? locks.request(`clientele-remake:${name}`, again) : again();
        }
        throw e;
      }
    },
    close() {
      closed = true;
      db?.close();
      db = null;
      void opening?.then((d) => d.close(), () => undefined);
    },
  };
}
