// The durable outbox: every call that changes what is stored (track, identify, consent, forget) waits here, in call
// order, as a JSON op (src/contract/protocol.ts, `Op`), until the worker answers that it kept it. The page pays for
// one JSON.stringify per call; batches go to the worker as one string every FLUSH_MS. A round trip to the worker costs
// the main thread several hundred µs of CPU (posting wakes the worker thread), so batches are few: a page that tracks
// one event every 10 ms pays for one round trip per 100 events, not per 10.
//
// When the page is hidden or goes away, whatever is not yet kept is written to localStorage synchronously, in chunks
// of CHUNK ops, up to PARK_CHARS characters (about 35,000 events of typical size; less if the shop's own data fills
// localStorage), and the next page of the site sends it first. Storage is idempotent by message_id, so an op that was
// both parked and stored is never stored twice.

import { stringify, parse } from './stringify.ts';
import { soon } from './soon.ts';
import { pageShown } from './pageShown.ts';

const FLUSH_MS = 1000;
const FIRST_MS = 1000;
// Up to 4 M characters (some 25,000 events) per batch: each batch's write reads back the chunks its events may
// overlap in time, so a burst sent in 1 M batches stored 22,000 events/s, in 4 M ones 34,000 (npm run bench).
const MAX_BATCH_CHARS = 1 << 22;
const CHUNK = 1000;
const CHUNK_CHARS = 1 << 18;
const PARK_CHARS = 4_500_000;
/** Chunks localStorage may refuse on one park before it is taken as full (see park). */
const MAX_FAILURES = 64;

/**
 * When a parked personal op was made: a track's or identify's time (ms), -Infinity for an identify from a build that
 * did not stamp it; NaN for what is not personal (consent, forget).
 */
const stampedAt = (op: unknown): number => {
  if (Array.isArray(op)) return op[0] === 'e' ? Number(op[2]) : op[0] === 'i' ? (typeof op[3] === 'number' ? op[3] : -Infinity) : NaN;
  // An older build's parked event: { message_id, event, properties, timestamp }.
  return Number((op as { timestamp?: unknown } | null)?.timestamp);
};

/**
 * A track or identify op (JSON `["e",…]`, `["i",…]`): personal, so dropped or held as consent says. Consent and forget
 * ops hold nothing personal: they are parked after a "no" too.
 */
export const isPersonalOp = (op: string): boolean => op[2] === 'e' || op[2] === 'i';

/** When an op of this page was made (ms): stampedAt of its JSON; NaN where it cannot be read. */
export const madeAt = (op: string): number => {
  try {
    return stampedAt(parse(op));
  } catch {
    return NaN;
  }
};

export interface Outbox {
  /** Appends an op (a JSON array string); `front` puts it before every op not yet sent. */
  add(op: string, front?: boolean): void;
  /** The caller holds calls that `ready` will write as ops: a send is due within FLUSH_MS, as for add(). */
  soon(): void;
  /** Removes the ops not yet sent that `drop` picks. */
  drop(drop: (op: string) => boolean): void;
  /**
   * Sends what waits now, or as soon as sending starts (live); resolves once the worker kept all of it, or cannot for
   * now (a send that failed, sending stopped).
   */
  flush(): Promise<void>;
  /**
   * Hands everything that waits to `send` now, if the worker is up and no batch is in flight; true when nothing is left
   * waiting behind what was sent (a message posted after this reaches the worker after those ops).
   */
  sendNow(): boolean;
  /** Resolves true once the worker kept `op`; with none, every op added so far (at once if none waits). */
  kept(op?: string): Promise<boolean>;
  /** True when nothing waits to be stored (no op here but those `skip` picks, none parked by an earlier page). */
  empty(skip?: (op: string) => boolean): boolean;
  /** Sending starts (the worker is up) or stops (it restarts). */
  live(on: boolean): void;
  /** No worker will come: sending stops, and every flush() settles now. */
  abandon(): void;
  /**
   * Takes over what pages of this site parked and did not get to send (ops first in line), but for the personal ops
   * stamped before `erasedAt` (a forget() since, in any tab): a page closed after it may have parked them; and for the
   * consent ops (this page says the newest answer itself). One chunk
   * (up to 1,000 ops, 256 K characters) a task from the next one on; nothing is sent until the last is taken. From
   * then on, what other tabs park is taken over as they park it, while this page is shown; a page hidden or prerendered
   * takes over when it is shown.
   */
  unpark(erasedAt?: number): void;
  /**
   * Deletes everything any page of this site parked (forget), or all but the ops `keep` keeps (consent withdrawn:
   * a forget() parked before the "no" still erases).
   */
  clearParked(keep?: (op: unknown) => boolean): void;
}

/**
 * Removes the parked list under `k`, or writes back only the items `keep` keeps (none left: removed). Throws only as
 * `s` does.
 * @example dropParked(localStorage, 'clientele:queue:0.5', (c) => Array.isArray(c) && c[0] === 'forget');
 */
export function dropParked(s: Storage, k: string, keep?: (item: unknown) => boolean): void {
  let rest: unknown[] = [];
  try {
    if (keep) rest = (parse(s.getItem(k) ?? '') as unknown[]).filter(keep);
  } catch {
    // not a list: nothing in it to keep
  }
  if (rest.length) s.setItem(k, stringify(rest));
  else s.removeItem(k);
}

/** When a personal op was made (ms): an event's time, or an identify()'s. */
const opTime = (op: string): number => {
  const a = parse(op) as unknown[];
  return Number(a[0] === 'i' ? a[3] : a[2]);
};

/**
 * `ready` runs before every send and park: the caller adds there what it has accepted but not yet written as ops.
 * `erasedBefore`: personal ops made before it (the site's latest forget(), in any tab) are about an erased visitor,
 * and never parked. `inMemory`: truthy while what the page takes over would be held only as its own calls (waiting for the
 * visitor's answer): it takes none. `held`: ops a worker in memory stored (each item some ops joined by commas), parked
 * after those waiting, unless the visitor said no or was forgotten: the next page may store them in IndexedDB.
 * @example const box = createOutbox(() => 'clientele:shop:unsent', (batch) => engine.apply(batch), () => true);
 */
export function createOutbox(prefix: () => string, send: (batch: string) => Promise<boolean>, mayPark: () => boolean, ready: () => void = () => undefined, erasedBefore: () => number = () => -Infinity, inMemory: () => unknown = () => 0, held: () => string[] = () => []): Outbox {
  let ops: string[] = [];
  let inflight = 0;
  let on = false;
  /** No worker will come (abandon()), until one is live again: a flush settles at once. */
  let gone = false;
  let timer: ReturnType<typeof setTimeout> | 0 = 0;
  let backoff = 0;
  // The keys this page's park wrote, as written: the site id (prefix) may change since (init).
  let parked: string[] = [];
  let started = false;
  // Parked keys unpark() has yet to take over, and how many ops at the front of `ops` go before theirs.
  let left: string[] = [];
  // Parked keys taken over, left parked until the worker has kept what they held (see take), and their ops: not taken
  // again, nor parked again by this page (they are parked under those keys).
  const taken = new Set<string>();
  let lead = 0;
  // unpark() has run: what other tabs park from now on is taken over as it comes (onParked).
  let unparked = false;
  // Parked on hiding, not back since: a chunk taken over now would be held only in memory, and a hidden page may be
  // discarded without a pagehide.
  let hid = false;
  // What the park may still hold (PARK_CHARS less what it wrote).
  let room = PARK_CHARS;
  // In the task that parked, and the ops made since, to park in its next microtask (parkTail).
  let parking = false;
  let tail: string[] = [];
  const tab = Math.random();
  // Chunk numbers from 1000000 up, so the keys of one page sort in the order it wrote them.
  const key = (n: number) => `${prefix()}:${tab}:${1e6 + n}`;
  let idle: (() => void)[] = [];
  let waiting: [string, (ok: boolean) => void][] = [];
  /** localStorage, or with `session` this tab's sessionStorage (see park). */
  const ls = (session?: unknown) => {
    try {
      return session ? sessionStorage : localStorage;
    } catch {
      return null;
    }
  };

  const settle = () => {
    // A loop, not forEach: a page's broken Array.prototype.forEach threw here, out of the worker's start.
    for (const f of idle.splice(0)) f();
  };
  /**
   * Removes a parked chunk. A storage whose removeItem() throws (Firefox's damaged profile, a page's wrapper) leaves it
   * parked: read again by a later page, it is stored once (message_id).
   */
  const unlist = (k: string) => {
    try {
      ls()?.removeItem(k);
      ls(1)?.removeItem(k);
    } catch {
      // left parked
    }
  };
  const onVisibility = () => {
    if (!pageShown()) park();
    // Back, a task later (after pageshow, whichever of the two a page back from the back-forward cache gets first).
    else setTimeout(back);
  };
  /**
   * Back and alive: this page still holds everything it parked. Not after pagehide: a page going away gets its
   * visibilitychange after it, and one whose document always says it is visible (an extension that hides tab switches
   * from sites) took that for its return and removed what pagehide had just parked: all of it was lost.
   */
  const back = () => {
    if (away || !pageShown()) return;
    hid = false;
    tail = [];
    for (const k of parked.splice(0)) unlist(k);
    // What other pages parked while this one was away (or before it was first shown), taken over now.
    takeOver();
  };
  /**
   * Listens for the page's leaving. Again whenever a batch is started: a page that rewrote itself with document.open()
   * erased every listener on its window, ours too, and lost what it tracked last. Adding a listener it still has is a
   * no-op that keeps its place.
   */
  const listen = () => {
    if (typeof addEventListener === 'function') {
      addEventListener('pagehide', leave);
      addEventListener('pageshow', shown);
      addEventListener('visibilitychange', onVisibility);
      addEventListener('storage', onParked as EventListener);
      if (typeof document === 'object') {
        // Frozen (a tab hidden a while): the last event a page gets before the browser may discard it with none.
        document.addEventListener?.('freeze', park);
        if (document.readyState !== 'complete') addEventListener('beforeunload', parkLoading), addEventListener('load', loaded);
      }
    }
  };
  /**
   * A tab closed before its page has loaded (an image, an ad or a tag still loading) gets no pagehide nor
   * visibilitychange: the HTML spec fires them only for a page shown (its load event run). Closing it runs
   * beforeunload, so until the load event that parks too. Only until then: a beforeunload listener keeps a loaded page
   * out of Firefox's back-forward cache (one still loading never goes there).
   */
  const parkLoading = () => {
    if (document.readyState === 'complete') return;
    park();
    // Not left after all (the shop's own "Leave this page?" was answered no): this page is still shown.
    setTimeout(() => (hid = !pageShown()));
  };
  const loaded = () => removeEventListener('beforeunload', parkLoading);
  /** Gone (pagehide) until shown again (pageshow, back from the back-forward cache): see back. */
  let away = false;
  const leave = () => ((away = true), park());
  const shown = () => (away = false);
  const schedule = (ms: number) => {
    if (!timer) listen(), (timer = setTimeout(pump, ms));
  };

  /** Clears the timer; one the page's clearTimeout could not clear (a wrapper that throws) only runs pump once more. */
  const unset = () => {
    try {
      clearTimeout(timer);
    } catch {
      // runs: a pump with nothing due does nothing
    }
    timer = 0;
  };

  // Async, its send awaited, not then(): a page's Promise.prototype.then that throws (even for a moment) left the
  // batch in flight for good, and every later call unsent.
  async function pump() {
    try {
      ready();
      unset();
      // Nothing goes while parked chunks are still being taken over: theirs go first (see take).
      if (!on || inflight || left.length) return;
      if (!ops.length) return settle();
      let n = 0;
      for (let chars = 0; n < ops.length && chars < MAX_BATCH_CHARS; n++) chars += ops[n].length;
      inflight = n;
      let ok = false;
      try {
        ok = await send(`[${ops.slice(0, n).join(',')}]`);
      } catch {
        // not kept
      }
      inflight = 0;
      if (ok) {
        ops.splice(0, n);
        // A take-over begun while this batch was out counted it in `lead`: its chunks go behind what is left.
        lead = Math.max(lead - n, 0);
        backoff = 0;
        waiting = waiting.filter(([op, done]) => ops.includes(op) || void done(true));
        // Kept while the page is hidden: what it parked must not be sent again by the next page (an identify() among
        // it would undo a later one made in another tab).
        // Not a hiding: a page still shown (a leave cancelled: parkLoading) goes on taking over what others park.
        // A hidden page in memory parks only what came since (tail): the rest is parked already, the kept batch now in
        // `held`; writing its whole history again cost each batch 12-35 ms with 20,000 events (round41d-memory-hidden-batches).
        if (parked.length) {
          const h = hid;
          h && held().length ? parkTail() : park();
          hid = h;
        }
        // What came while the batch was out goes on the timer unless someone waits for it or a burst is on: paced
        // calls slower than a round trip otherwise sent one batch per call.
        if (idle.length || waiting.length || ops.length > CHUNK) pump();
        else if (ops.length) schedule(FLUSH_MS);
        else settle();
      } else {
        // Not kept (storage still opening, quota full, the worker restarting): try again later, in order.
        backoff = Math.min(backoff * 2 || 500, 10_000);
        // In place of the usual timer a call made meanwhile set: the retries slow down while the fault lasts.
        unset();
        schedule(backoff);
        settle();
      }
    } catch {
      // A builtin the page broke (Array.prototype.filter, say): what waits goes with the next send.
    }
  }

  /**
   * Another tab of the site parked while this one was open (it closed, or was hidden, in a burst): taken over now, not
   * by the next page loaded. The page list of unpark() is read once, and a tab closing as this page loads can park
   * after it: in CI a closed tab's localStorage writes reached the browser after the next page had started, and its
   * 1,500 events waited for the page after. A hidden page's park taken over while it lives is sent twice, which
   * storage keeps once (message_id). A page not shown (hidden, prerendered; see takeOver) takes none: it takes over
   * once shown.
   */
  const onParked = (e: StorageEvent) => e.key?.startsWith(`${prefix()}:`) && takeOver();

  /**
   * Lists what pages of this site parked (chunks in the order their page wrote them; pages in no particular order: ops
   * are idempotent) to be taken over from the next task, behind what is in flight, unless this page is not shown: it is
   * then left parked for a page that is shown, or for this one once it is (onVisibility).
   */
  function takeOver(erasedAt = -Infinity) {
    const s = ls();
    // Not shown: hidden since it parked, or hidden from its start and never shown (a page Chrome prerenders for a link
    // the shopper may follow, a tab opened in the background). Such a page is discarded with no pagehide (a prerender
    // not followed, a background tab killed): what it took over would be lost with it. Chromium's prerendered page is
    // hidden until it is activated, which fires visibilitychange (then prerenderingchange): it takes over then.
    try {
      // Nor a page that cannot keep it (client.ts: waiting for the visitor's answer). A page in memory takes it: what
      // its worker stores there is parked again when it leaves (held).
      if (!unparked || hid || !pageShown() || inMemory()) return;
    } catch {
      // no document (not a page), or a page's own getter that throws: taken as shown
    }
    if (!s) return;
    const keys = parkedKeys(s).concat(parkedKeys(ls(1)!)).filter((k) => !left.includes(k) && !taken.has(k)).sort();
    // Behind what is in flight (the first `inflight` ops; see pump), and behind the visitor's answer waiting first in
    // line: the newest (client.ts, answer), it goes before what was made under it; the worker may still hold the one before.
    if (!left.length && keys.length) {
      for (lead = inflight; ops[lead]?.startsWith('["c",'); ) lead++;
      setTimeout(() => take(erasedAt), 0);
    }
    left.push(...keys);
  }

  /** This site's parked keys: ours (prefix:tab:chunk) and an older build's single key (the prefix itself). */
  const parkedKeys = (s: Storage) => {
    const found: string[] = [];
    try {
      for (let i = 0; i < s.length; i++) if (s.key(i)?.startsWith(prefix())) found.push(s.key(i)!);
    } catch {
      // a storage that throws: none to read
    }
    return found;
  };

  /**
   * Writes what is not yet kept to localStorage, in place of what this page parked before (now stale if kept since).
   * What a localStorage full with the shop's own data refuses goes to this tab's sessionStorage, which has a quota of
   * its own: the tab's next page takes it over (round39c-local-storage-full: 200 of 200 lost before). Another tab, or
   * the next visit, does not: there localStorage is the better place, and what it takes goes there.
   */
  const park = () => {
    ready();
    hid = true;
    tail = [];
    // Until this task ends, calls are parked as they are made (see parkTail).
    if (!parking) (parking = true), setTimeout(() => (parking = false));
    const s = ls();
    if (!s) return;
    // After a "no", what erases or answers still goes (nothing personal in it): a forget() made then still erases.
    const before = erasedBefore();
    // A forget() (this tab's or another's) was made since they were: an erased visitor's data is not written out again.
    // And what a worker in memory stored (held), after them: it dies with the worker, where the next page may have IndexedDB.
    const mine = ops.filter((op) => !taken.has(op));
    const list = !mayPark() ? mine.filter((op) => !isPersonalOp(op)) : before > -Infinity ? mine.filter((op) => !isPersonalOp(op) || opTime(op) >= before) : mine.concat(held());
    let n = 0, chars = 0;
    /**
     * Writes `list` to `t` as chunks under the keys that follow; returns what `t` refused. Up to CHUNK ops and
     * CHUNK_CHARS characters a chunk; a chunk refused (full with the shop's own data, or large events) is tried again at
     * half its size, down to one op, so what fits is kept. One op that does not fit alone (a large event) is left out,
     * with every op as large, and the smaller ones after it are tried; MAX_FAILURES refusals in all, then `t` is taken
     * as full.
     */
    const write = (t: Storage, list: string[]) => {
      const out: string[] = [];
      let failures = 0, tooLarge = Infinity;
      for (let i = 0, size = CHUNK; i < list.length && chars < PARK_CHARS; ) {
        if (list[i].length >= tooLarge) {
          out.push(list[i++]);
          continue;
        }
        let j = i + 1;
        for (let c = list[i].length; j < list.length && j - i < size && list[j].length < tooLarge && (c += list[j].length + 1) <= CHUNK_CHARS; ) j++;
        const chunk = `[${list.slice(i, j).join(',')}]`;
        try {
          t.setItem(key(n), chunk);
        } catch {
          // Full (or blocked): the chunks written so far stay.
          if (++failures > MAX_FAILURES) return out.concat(list.slice(i));
          if (j - i > 1) size = (j - i) >> 1;
          else out.push(list[i]), (tooLarge = list[i].length), (i = j), (size = CHUNK);
          continue;
        }
        chars += chunk.length;
        n++;
        i = j;
      }
      return out;
    };
    const rest = write(s, list);
    // What localStorage refused goes to this tab's sessionStorage, which has a quota of its own (see above).
    if (rest.length) write(ls(1)!, rest);
    // A loop, not Array.from(…, map): Prototype.js replaces Array.from with its $A, which drops the map function.
    const wrote: string[] = [];
    for (let i = 0; i < n; i++) wrote.push(key(i));
    for (const k of parked) if (!wrote.includes(k)) unlist(k);
    parked = wrote;
    room = PARK_CHARS - chars;
  };

  /**
   * Parks the ops made after a park in the task that parked: the page's own pagehide or visibilitychange handlers run
   * after ours (added after the script), and the page may be gone once they have. One chunk for all of a handler's
   * calls, written in the microtask after it. Calls made later while the page stays hidden go as usual (sent, and
   * parked by the next park): parked one by one they cost each call a write and the page's return a removal each.
   */
  const parkTail = () => {
    const s = ls();
    const chunk = `[${tail.filter((op) => !isPersonalOp(op) || (mayPark() && opTime(op) >= erasedBefore())).join(',')}]`;
    tail = [];
    if (!s || chunk.length < 3 || chunk.length > room) return;
    try {
      const k = key(parked.length);
      s.setItem(k, chunk);
      parked.push(k);
      room -= chunk.length;
    } catch {
      // full: as for park()
    }
  };

  /**
   * Takes over the next parked chunk (see unpark), then the rest, one a task: all of a 4.5 M park in one task kept the
   * main thread some 125 ms (parsing, writing again, and localStorage's removeItem of each value, ~1 ms per 100 KB).
   * A chunk stays parked until the worker kept what it held (its last op gone from `ops` after a kept batch), and this
   * page's own park leaves its ops there. Removed as read, it was lost with a page killed before (a crash, a hidden tab
   * discarded), and with one killed just after hiding: its park goes to Chromium's storage process, and may die on the
   * way, behind the removals sent before it (round40a-killed-mid-takeover). Another tab may replay it meanwhile:
   * storage keeps it once (message_id). While this page is hidden none is taken, so what it did not take stays parked.
   * Each op is read and written again on its own: a chunk cut short, edited or not a list would spoil the whole batch
   * it joins (the worker drops a batch it cannot read).
   */
  const take = (at0: number) => {
    // A forget() made since the take-over began (in any tab) refuses what was made before it, too.
    const erasedAt = Math.max(at0, erasedBefore());
    const s = ls();
    if (s && !hid && left.length) {
      const k = left.shift()!;
      const got: string[] = [];
      let forgotAt = -Infinity;
      // Parked in localStorage (not this tab's sessionStorage, which a closed tab loses: a park of this page copies those).
      let v: string | null = null;
      try {
        v = s.getItem(k);
        const chunk = parse(v ?? ls(1)!.getItem(k) ?? '') as unknown;
        if (Array.isArray(chunk)) {
          // Not a consent op: it carries no time, and may be older than an answer given since in any tab; this page's
          // own (client.ts: the answer localStorage holds, the newest) says it already.
          for (const op of chunk) if (op && typeof op === 'object' && op[0] != 'c' && !(stampedAt(op) < erasedAt)) got.push(stringify(op));
          for (const op of chunk) if (Array.isArray(op) && op[0] === 'f' && typeof op[1] === 'number' && op[1] > forgotAt) forgotAt = op[1];
        }
      } catch {
        // not JSON: dropped
      }
      // A forget() another page parked goes after this page's calls made before it (queued before its script came),
      // not in front of them: after it, the worker would take them for the new visitor's and keep them.
      let at = lead;
      if (forgotAt > -Infinity) {
        ready();
        for (let i = lead; i < ops.length; i++) if (madeAt(ops[i]) < forgotAt) at = i + 1;
      }
      ops = ops.slice(0, at).concat(got, ops.slice(at));
      lead = at + got.length;
      // Removed once its last op is kept (see pump), or now if it holds none to send.
      if (got.length) {
        if (v) for (const op of got) taken.add(op);
        taken.add(k);
        waiting.push([got[got.length - 1], () => {
          unlist(k);
          // Parked again by this page's next park, or (hidden) with what came since.
          for (const op of got) taken.delete(op), hid && tail.push(op);
        }]);
      }
      else unlist(k);
    }
    if (s && left.length) setTimeout(() => take(erasedAt), 0);
    // A send put off while taking over, unless its timer still runs.
    else if (on && !timer) pump();
  };

  listen();

  return {
    add(op, front) {
      // Before the parked chunks not yet taken over too, as before those taken.
      if (front) ops.splice(inflight, 0, op), lead++;
      else ops.push(op);
      // Hidden: parked with the next batch kept (see pump). In the task that parked, by a microtask per call (the first
      // writes a handler's calls as one chunk): not only for the first in `tail`, which a kept batch may have filled.
      if ((parking || hid) && tail.push(op) && parking) soon(parkTail);
      // A burst goes on the next task, whatever timer waits.
      if (on) ops.length === CHUNK + 1 ? setTimeout(pump) : schedule(FLUSH_MS);
    },
    soon() {
      // In the task that parked: written (and parked) now, as the page may be gone before the timer.
      if (parking) ready();
      if (on) schedule(FLUSH_MS);
    },
    drop(drop) {
      const l = lead;
      let last = '';
      ops = ops.filter((op, i) => {
        if (i < inflight || !drop(op)) return !!(last = op);
        // Who waited on an op dropped waits on the op before it that stays: a chunk taken over waited on its last op,
        // and a "no" that dropped its events had it removed with the forget() it still held unsent, lost with a page
        // killed then (round41d-no-keeps-taken-forget).
        for (const w of waiting) if (w[0] == op) w[0] = last || op;
        if (i < l) lead--;
        return false;
      });
    },
    flush() {
      if (gone) return Promise.resolve();
      const done = new Promise<void>((r) => idle.push(r));
      if (on && !inflight) pump();
      return done;
    },
    sendNow() {
      if (!on) return false;
      if (!inflight) pump();
      return !left.length && ops.length === inflight;
    },
    kept(op = ops[ops.length - 1]) {
      return new Promise((r) => (op ? waiting.push([op, r]) : r(true)));
    },
    empty(skip) {
      const s = ls();
      return ops.every((op) => skip?.(op)) && !(s && parkedKeys(s).length + parkedKeys(ls(1)!).length);
    },
    live(v) {
      on = v;
      gone &&= !v;
      // The page's first batch waits a second: an init() the page makes just after load (requireConsent, say) is
      // applied before anything is stored, and the worker is not loaded while it starts. Reads flush at once.
      // Reads waiting on a flush keep waiting while a worker restarts; they go with what came before them as soon as
      // one is up.
      if (!v) return;
      if (started || idle.length) pump();
      else schedule(FIRST_MS);
      started = true;
    },
    abandon() {
      on = false;
      gone = true;
      settle();
    },
    unpark(erasedAt) {
      // The worker also reads an older build's parked { message_id, event, properties, timestamp } objects. From the
      // next task: the caller's own is long enough. A page not shown (prerendered, opened in the background) takes over
      // once it is shown.
      unparked = true;
      takeOver(erasedAt);
    },
    clearParked(keep) {
      const s = ls();
      try {
        if (s) for (const t of [s, ls(1)!]) for (const k of parkedKeys(t)) dropParked(t, k, keep);
      } catch {
        // a storage that throws: the erasure's mark refuses what stays parked from before it
      }
      // What `keep` kept of this page's chunks stays under their keys: the next write goes after them.
      if (!keep) (parked = []), (left = []);
    },
  };
}
