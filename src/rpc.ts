// The page's side of the worker: a minimal client for comlink's wire protocol (the worker exposes the engine with
// comlink itself; its Proxy-based wrap() would cost a third of the script tag's budget), and a supervisor that
// notices a dead or hung worker, starts a new one and boots it again.
//
// Death is seen through a Web Lock the worker holds for its life (see worker/lifeLock.ts): the page is granted the
// same lock the moment the worker is gone, however busy it was. Where Web Locks are missing, a worker that answers
// nothing for HANG_MS while calls wait, nor the ping it is then sent for PING_MS more, is taken for dead.

import { show } from './contract/widgetCheck.ts';
import { BOOT_ID, BOOT_ROW_ID, LOCKED_ID } from './contract/protocol.ts';
import { stringify } from './stringify.ts';
import { tick } from './clock.ts';
import { bare } from './bare.ts';

/**
 * A worker's answer, with no prototype: a page that polluted Object.prototype.then makes every object a thenable, and a
 * promise resolved with one waits on the page's then() for good (nothing was stored).
 */
const plain = (v: unknown) => v && bare(v as object);

/** Every method of T, called remotely, returns a promise of its result. */
export type Remote<T> = { [K in keyof T]: T[K] extends (...a: infer A) => infer R ? (...a: A) => Promise<Awaited<R>> : never };

/** A call's rejection when its worker died before answering (or none is running): safe to make again on the next one. */
export const DEAD = 'the worker stopped';

/** A worker silent this long while calls wait is pinged; one that answers nothing for PING_MS more is taken for dead (15 s in all). */
const HANG_MS = 13_000;
const PING_MS = 2000;
/** A worker that holds no life lock this long after its script was fetched died before it could take it. */
const SILENT_MS = 3000;
const locks = () => (navigator as { locks?: LockManager }).locks;
/** How many times the page's resource timing lists the worker's file as fetched (0 where a page broke it). */
const fetched = () => {
  try {
    return performance.getEntriesByType('resource').filter((e) => /clientele-worker/.test(e.name)).length;
  } catch {
    return 0;
  }
};
/** Restarts allowed per page: a worker that keeps dying (out of memory at start) must not loop forever. */
const MAX_RESTARTS = 5;

/** A started worker, the name of the Web Lock it will hold, and the answer to the init its name carried (see spawnNamed). */
export interface Spawned {
  worker: Worker;
  lock: string;
  booted?: Promise<unknown>;
  /** Its answer to the first row its name carried, when it carried one (see Supervisor.unasked). */
  row?: Promise<unknown>;
  /** Resolves once it holds its life lock (LOCKED_ID), heard from the start like `booted`. */
  locked?: Promise<unknown>;
}

/**
 * Starts a worker named after its first init, `args(lock)`: it starts on it as soon as its script has run
 * (worker/index.ts), instead of waiting for the init message, which Chromium hands a new worker only once the page's
 * main thread is free again (often 100-200 ms later on a page still laying itself out). `booted` is its answer; with
 * `row` (the name carries the page's first row too), `row` is its answer to that. Both are heard from the start, before
 * anyone supervises the worker.
 * @example const { worker, lock, booted } = spawnNamed((name) => new Worker(url, { name }), (lock) => [config, { ...page, lock }]);
 */
export function spawnNamed(create: (name: string) => Worker, args: (lock: string) => unknown, row = false): Spawned {
  const lock = `clientele-${Math.random()}`;
  const worker = create('clientele#' + stringify(args(lock)));
  // An error the worker did not catch is, uncancelled, reported again on the page's window, to the shop's own error
  // listeners (its error monitoring): a foreign database's NotFoundError did so on every page (round42c-foreign-old-db).
  worker.addEventListener('error', (e) => e.preventDefault());
  const heard = (id: string) => new Promise((r) => worker.addEventListener('message', (ev: MessageEvent) => (ev.data as { id?: unknown } | null)?.id === id && r(plain((ev.data as { value: unknown }).value))));
  return { worker, lock, booted: heard(BOOT_ID), locked: heard(LOCKED_ID), ...(row ? { row: heard(BOOT_ROW_ID) } : {}) };
}

export interface Supervisor<T> {
  /** Resolves true once a worker is up and booted, false when none can be started. */
  up(): Promise<boolean>;
  /** The engine of the worker now running; a call rejects (message DEAD) if there is none or it dies before answering. */
  engine: Remote<T>;
  /**
   * The answer to the first row the worker's name carried (Spawned.row), once; null if it carried none. Settles as a
   * call does: rejects with DEAD if the worker dies first.
   */
  unasked(): Promise<unknown> | null;
}

/**
 * Starts a worker with `spawn`, boots it with `boot` (given the engine, the lock name to pass the worker and the answer
 * to the init its name carried, if any), and
 * keeps one running: on death, pending calls reject with DEAD and a new worker is started and booted. `onFail` hears
 * why, once no worker can be started.
 * @example const sup = supervise<EngineApi>(() => ({ worker: new Worker(url), lock: 'l1' }), (e, lock) => e.init(config, { ...page, lock }).then((r) => r.ok), warn);
 */
export function supervise<T>(spawn: () => Spawned, boot: (engine: Remote<T>, lock: string, booted?: Promise<unknown>) => Promise<boolean>, onFail: (why: string) => void): Supervisor<T> {
  let worker: Worker | null = null;
  let gen = 0;
  let next = 0;
  let restarts = 0;
  /** When the worker last answered, or a call started waiting on it. */
  let heardAt = 0;
  let watch: ReturnType<typeof setTimeout> | 0 = 0;
  /** The silent worker was asked whether it is alive (see check). */
  let pinged = false;
  /** A worker given a second beside it spoke first: started in its place (see probe). Once per page (hedged). */
  let spare: Spawned | null = null;
  let hedged = false;
  const pending = new Map<string, [(v: unknown) => void, (e: unknown) => void]>();
  let upNow: Promise<boolean>;
  let bootRow: Promise<unknown> | null = null;
  /** A worker of this page has answered: its script loads here. */
  let ran = false;
  const failed = (why: string) => (onFail(why), false);

  const engine = new Proxy({} as Remote<T>, {
    get: (_t, method) => (...args: unknown[]) =>
      new Promise((resolve, reject) => {
        const id = `c${next++}`;
        try {
          if (!pending.size) heardAt = tick();
          worker!.postMessage({ id, type: 'APPLY', path: [method], argumentList: args.map((value) => ({ type: 'RAW', value })) });
          pending.set(id, [resolve, reject]);
          watch ||= setTimeout(check, HANG_MS);
        } catch (e) {
          reject(worker ? e : new Error(DEAD));
        }
      }),
  });

  // The timer may have been armed by a call answered since: it looks again when the worker's silence would reach
  // HANG_MS, not a whole HANG_MS later. Silent that long, it is asked for a value comlink answers at once (engine.ping,
  // undefined): a worker whose writes wait on IndexedDB (another tab holds a transaction open) answers, and is left
  // to them, as a new one would wait on the same; one stuck in a loop does not, and is replaced PING_MS later (15 s of
  // silence in all). Replaced, each new worker waited too, and the fifth restart gave the page up
  // (round39a-reads-behind-hung-write).
  function check() {
    watch = 0;
    const left = heardAt + HANG_MS - tick();
    if (!pending.size) return;
    if (left > 0) watch = setTimeout(check, left);
    else if (pinged) die(gen);
    else {
      pinged = true;
      worker!.postMessage({ type: 'GET', path: ['ping'] });
      watch = setTimeout(check, PING_MS);
    }
  }

  function die(g: number, loadError?: string) {
    if (g !== gen) return;
    gen++;
    pinged = false;
    worker?.terminate();
    worker = null;
    pending.forEach((p) => p[1](new Error(DEAD)));
    pending.clear();
    // A worker that never loaded (404, CSP) gets one more try; one that ran gets MAX_RESTARTS in all. Its script has
    // run on this page, so one that does not load now met a moment offline or a CDN's error, not a missing file: tried
    // again further apart (0.1, 0.8, 2.7, 6.4, 12.5 s), or one blip gave the page up for good (round38b-restart-offline).
    if (loadError && restarts && !ran) restarts = MAX_RESTARTS;
    upNow = restarts++ < MAX_RESTARTS ? new Promise((r) => setTimeout(r, 100 * restarts ** (loadError ? 3 : 1))).then(start) : Promise.resolve(failed(loadError ?? 'it kept stopping'));
  }

  function start(): Promise<boolean> {
    const g = ++gen;
    let heard = false;
    let spawned: Spawned;
    try {
      spawned = spare ?? spawn();
      spare = null;
      worker = spawned.worker;
    } catch (e) {
      return Promise.resolve(failed(show(e)));
    }
    const { lock, booted } = spawned;
    bootRow = null;
    const answered = spawned.row;
    if (answered) {
      // Pending like a call, so the worker's death rejects it; settled by the answer, even one that came before now.
      bootRow = new Promise((resolve, reject) => {
        const entry: [(v: unknown) => void, (e: unknown) => void] = [resolve, reject];
        pending.set(BOOT_ROW_ID, entry);
        void answered.then((v) => pending.get(BOOT_ROW_ID) === entry && (pending.delete(BOOT_ROW_ID), resolve(v)));
      });
      // Unused when the page changed its config or shows a product since: its death then says nothing.
      bootRow.catch(() => undefined);
      heardAt = tick();
      watch ||= setTimeout(check, HANG_MS);
    }
    // Granted the moment the worker holds it no more: its death. Asked for once the worker holds it (it says so, or it
    // booted: an older worker says nothing), never before, or the page would be granted it first.
    let watching = false;
    const watchLife = () => {
      if (watching || g !== gen) return;
      watching = true;
      try {
        locks()?.request(lock, () => die(g)).catch(() => undefined);
      } catch {
        // its catch() threw (a page's broken Promise.prototype.then): a request refused would go unhandled
      }
    };
    void spawned.locked?.then(watchLife);
    // A worker killed before its script took the lock (the browser reclaiming it as it starts, a second kill right
    // after a restart) says nothing, and the hang check found it only after 15 s: ready() false and rows on their
    // fallback meanwhile (round38b-killed-before-lock). Once its own fetch of the file is done (the page's resource
    // timing lists one more: a file slow to come is waited for), one that still holds no lock SILENT_MS later is taken
    // for dead. One killed before its fetch was done cannot be told from one whose file is slow. The first such worker
    // of the page, still unfetched and silent at 2 x SILENT_MS, is given a second beside it (a restart): it is not
    // killed, so a slow download is not lost. Whichever speaks first is kept (the first, back in the second's place, as
    // a restart), the other dropped. Later ones are left to the hang check.
    const before = restarts && fetched();
    let due = false;
    let looks = 0;
    // Awaited, in a try: a page's Promise.prototype.then that throws, or a navigator.locks getter that does (a privacy
    // shim), threw out of this timer.
    const probe = async () => {
      try {
        const l = locks();
        if (watching || g !== gen || !l) return;
        if ((await l.query()).held?.some((h) => h.name === lock)) return watchLife();
        if (due) return die(g);
        due = fetched() > before;
        if (!due && !hedged && ++looks > 1) {
          hedged = true;
          const w = worker!;
          // Its first word: dropped if the second has spoken, else it takes the second's place (a restart), sent
          // the config of now (its name carried that of its start).
          w.onmessage = () => {
            w.onmessage = null;
            ran ? w.terminate() : ((spare = { worker: w, lock, locked: spawned.locked }), die(gen));
          };
          worker = null;
          return die(g);
        }
        setTimeout(probe, SILENT_MS);
      } catch {
        // no answer: the hang check is left
      }
    };
    setTimeout(probe, SILENT_MS);
    worker.onmessage = (ev: MessageEvent) => {
      heard = ran = true;
      pinged = false;
      heardAt = tick();
      const d = ev.data as { id: string; type?: string; value?: { value?: { message?: string } } } | null;
      const p = d && pending.get(d.id);
      if (!p) return;
      pending.delete(d.id);
      // RAW carries the return value; HANDLER "throw" carries an error the engine did not catch.
      if (d.type === 'RAW') p[0](plain(d.value));
      else p[1](new Error(d.value?.value?.message));
    };
    // Before its first answer, an error means the script did not load. After it, an uncaught error in a worker that
    // lives on is no reason to restart it.
    worker.onerror = (e) => heard || die(g, e.message || 'a missing file or the Content-Security-Policy');
    return boot(engine, lock, booted).then(
      (ok) => {
        if (ok) watchLife();
        return ok;
      },
      // A boot that threw on this page (a builtin the page broke for a while: Array.prototype.filter) is tried again
      // as a worker that stopped: once given up for good, with a message about serving the file.
      (e: unknown) => (die(g, show(e)), upNow),
    );
  }

  upNow = start();
  return {
    up: () => upNow,
    engine,
    unasked: () => {
      const r = bootRow;
      bootRow = null;
      return r;
    },
  };
}
