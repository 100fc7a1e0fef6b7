// Takes over the snippet's queue (window.clientele, an array until then) for a running instance: the script tag's
// (src/script.ts) or, on a page with the snippet and no script tag, the npm package's (src/index.ts). It replays the
// calls made before Clientele arrived and those earlier pages parked, in order, and puts the real API in its place.
import { calledAt, callTimes, parkedCall, text, warn, whenKept, type Clientele } from './client.ts';
import { bare } from './bare.ts';
import { PARKED_QUEUE } from './contract/protocol.ts';
import { problem } from './contract/widgetCheck.ts';
import { pageShown } from './pageShown.ts';
import { parse } from './stringify.ts';

type Queued = [string, unknown[], ((v: unknown) => void)?, ((e: unknown) => void)?, number?];

const REPLAYED = new Set(['track', 'identify', 'consent', 'forget']);

/** Replays `queue` (the snippet's, or an empty one) and the parked queues into `api`, and makes `api` window.clientele. */
export function takeOver(api: Clientele, queue: unknown[]): void {
  const w = window as unknown as { clientele?: unknown };
  /**
   * Applies one queued call `[method, args, resolve?, reject?, time?]` as made at its time (calledAt), settling the
   * snippet's promise; never throws. `id`: the message_id of a parked call's event (see calledAt).
   */
  const apply = (item: unknown, id?: string, late?: boolean) => {
    try {
      if (!Array.isArray(item) || typeof item[0] !== 'string') return;
      const [method, args, resolve, reject, at] = item as Queued;
      // The snippet's own resolve and reject cannot throw; a function a page queued by hand may.
      const done = (f: unknown, v: unknown) => {
        try {
          if (typeof f === 'function') f(v);
        } catch (e) {
          warn(`[clientele] the function queued with clientele.${method}() threw: ${text(e)}`);
        }
      };
      const fn = (api as unknown as Record<string, unknown>)[method];
      if (typeof fn !== 'function') {
        // The name as given is in the message already (shortened there): the key shows its start only.
        warn(problem(`clientele.${method.length > 40 ? method.slice(0, 37) + '...' : method}()`, method, `is not a Clientele method (known: ${Object.keys(api).join(', ')})`));
        return done(resolve, undefined);
      }
      const r = calledAt(at, () => (fn as (...a: unknown[]) => unknown).apply(api, Array.isArray(args) ? args : []), id, late);
      if (r instanceof Promise) r.then((v) => done(resolve, v), (e) => done(reject, e));
      else done(resolve, r);
    } catch (e) {
      warn(`[clientele] clientele.push() failed: ${text(e)}`);
    }
  };
  // Takes any number of calls, as the queue's Array.prototype.push did before this script arrived.
  const push = (...items: unknown[]) => items.forEach((item) => apply(item));
  // Calls an earlier page queued and left with before this script arrived there: the snippet parked them on pagehide.
  // Only those that change what is stored; a page view, config or widget belonged to that page. Tabs that open at once
  // may both read a queue before either removes it: its events get ids from its key, so the store keeps them once.
  // The calls of every parked queue go in the order they were made (a forget() in one goes after the calls before it
  // in the others, and before those after it).
  // Parked queues read, not to be read again; and those the last takeQueues() read, to remove (see drop).
  const taken = new Set<string>();
  let read: string[] = [];
  /** Reads the parked queues under `keys` not yet read: their stored calls, each with its time and its event's id. */
  const takeQueues = (keys: string[]) => {
    const got: [number, unknown, string?][] = [];
    read = keys.filter((k) => !taken.has(k));
    for (const k of read) {
      taken.add(k);
      const v = localStorage.getItem(k);
      try {
        const calls = parse(v ?? '[]') as unknown;
        if (Array.isArray(calls)) {
          const list = calls.map(parkedCall);
          const at = callTimes(list);
          list.forEach((c, i) => Array.isArray(c) && REPLAYED.has(c[0]) && got.push([at[i], c, `${k}:${i}`]));
        }
      } catch {
        // an entry that is not JSON: nothing in it to replay
      }
    }
    return got;
  };
  /**
   * Removes the queues read once the worker kept what was replayed from them: removed as read, they were lost with a
   * page killed before its first batch was stored (a crash, an out-of-memory kill; round40a-killed-after-queue-takeover).
   * Another page may replay them meanwhile: their events' ids come from the key, so they are stored once.
   */
  const drop = (keys = read) =>
    keys.length &&
    whenKept(() => {
      try {
        for (const k of keys) localStorage.removeItem(k);
      } catch {
        // blocked since: stored once by the next page too
      }
    });
  let parked: [number, unknown, string?][] = [];
  try {
    // A page not shown leaves the parked queues to a page shown, or to itself once shown (see below).
    if (pageShown()) parked = takeQueues(Object.keys(localStorage).filter((k) => k.startsWith(PARKED_QUEUE)));
  } catch {
    // localStorage blocked: nothing to replay
  }
  // With every call made on this page before the script arrived, all in the order they were made: a forget() another
  // page parked goes after this page's calls made before it, not before them all.
  // Their events get ids from the key the snippet parks them under: a page back from the back-forward cache, whose
  // queue the next page already stored, stores them once.
  const k = (queue as { k?: unknown }).k;
  const at = callTimes(queue);
  queue.forEach((c, i) => parked.push([at[i], c, typeof k === 'string' ? `${k}:${i}` : undefined]));
  for (const [, c, id] of parked.sort((a, b) => a[0] - b[0])) apply(c, id);
  drop();
  w.clientele = Object.assign(Object.create(null) as object, api, { push, __real: true as const });
  // A page that kept the snippet's object (const c = window.clientele, before this script came) goes on calling it:
  // its methods and push are the real ones from now on, or what it calls then would wait where nothing reads.
  // Defined, not assigned: on a page that froze Array.prototype, assigning push (inherited, read-only) throws. Marked
  // real too: a page that locked window.clientele on the queue, and includes this script twice, starts one engine.
  try {
    for (const [name, fn] of Object.entries({ ...api, push, __real: true })) Object.defineProperty(queue, name, bare({ value: fn, writable: true, configurable: true }));
  } catch {
    // A frozen queue: what calls it goes unanswered, and window.clientele works.
  }
  // A page of the site left before its script came, while this one was open: this page stores its queue now, not the
  // next page loaded (which may be days away in a single-page app). A page not shown leaves it to another, and takes
  // what is parked once it is shown (a prerender activated, a background tab brought forward). So does one whose
  // queue holds a forget(): applied here, late, it would also take what this page did since (its calls not yet
  // stored, the copy kept for a worker in memory); the next page applies it in its place in time.
  /** Takes over the queue parked under `key` as it comes, or, once this page is shown, every queue parked. */
  const late = (key?: string | null) => {
    try {
      if (!pageShown()) return;
      // A call `["forget",…]`, or written as a string (Prototype.js); data that merely looks like one waits too.
      const keys = (key === undefined ? Object.keys(localStorage) : [key ?? '']).filter((k) => k.startsWith(PARKED_QUEUE) && !/\[\\?"forget\\?"/.test(localStorage.getItem(k) ?? ''));
      // All together, in the order the calls were made, as at boot.
      for (const [, c, id] of takeQueues(keys).sort((a, b) => a[0] - b[0])) apply(c, id, true);
      drop();
    } catch {
      // localStorage blocked since: the queue stays for the next page
    }
  };
  addEventListener('storage', (e) => late((e as StorageEvent).key));
  addEventListener('visibilitychange', () => late());
}
