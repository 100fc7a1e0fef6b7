// Batches events on the page and hands them to the worker. Events not yet acknowledged when the page
// goes away are parked in localStorage and re-sent on the next page; storage is idempotent by
// message_id, so a batch that did arrive is never doubled.
import type { RawEvent } from './contract/events.ts';

const FLUSH_DELAY_MS = 30;
const MAX_BATCH = 1000;
const MAX_PARKED = 2000;

export interface Outbox {
  add(e: RawEvent): void;
  /** Sends what is pending now; resolves when the worker has stored it. */
  flush(): Promise<void>;
  /** Drops everything pending or parked (consent withdrawn, forget). */
  clear(): void;
}

/**
 * @example const box = createOutbox('clientele:shop:unsent', (batch) => engine.ingest(batch));
 */
export function createOutbox(parkKey: string, send: (batch: RawEvent[]) => Promise<boolean>): Outbox {
  let pending: RawEvent[] = [];
  const inflight = new Map<number, RawEvent[]>();
  let nextId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let chain: Promise<void> = Promise.resolve();

  const unpark = (): RawEvent[] => {
    try {
      const raw = localStorage.getItem(parkKey);
      if (!raw) return [];
      localStorage.removeItem(parkKey);
      const parsed = JSON.parse(raw) as unknown;
      return Array.isArray(parsed) ? (parsed as RawEvent[]).filter((e) => e && typeof e.message_id === 'string' && typeof e.event === 'string') : [];
    } catch {
      return [];
    }
  };

  const park = () => {
    const all = [...Array.from(inflight.values()).flat(), ...pending];
    if (all.length === 0) return;
    try {
      const prev = localStorage.getItem(parkKey);
      const merged = (prev ? (JSON.parse(prev) as RawEvent[]) : []).concat(all).slice(-MAX_PARKED);
      localStorage.setItem(parkKey, JSON.stringify(merged));
    } catch {
      // Storage full or blocked: the events were still posted; the worker most likely has them.
    }
  };

  const sendNow = (): Promise<void> => {
    if (timer !== undefined) { clearTimeout(timer); timer = undefined; }
    while (pending.length) {
      const batch = pending.splice(0, MAX_BATCH);
      const id = nextId++;
      inflight.set(id, batch);
      // One batch at a time keeps order; comlink would otherwise interleave them.
      chain = chain.then(() => send(batch).then((ok) => {
        if (ok) inflight.delete(id);
      }, () => undefined));
    }
    return chain;
  };

  if (typeof addEventListener === 'function') {
    addEventListener('pagehide', park);
    addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') park(); else clearParked(); });
  }
  const clearParked = () => {
    // Back from hidden with nothing lost: what we parked is either stored or still in flight.
    try { if (inflight.size === 0 && pending.length === 0) localStorage.removeItem(parkKey); } catch { /* ignore */ }
  };

  pending = unpark();

  return {
    add(e) {
      pending.push(e);
      if (pending.length >= MAX_BATCH) void sendNow();
      else if (timer === undefined) timer = setTimeout(() => void sendNow(), FLUSH_DELAY_MS);
    },
    flush: sendNow,
    clear() {
      pending = [];
      inflight.clear();
      try { localStorage.removeItem(parkKey); } catch { /* ignore */ }
    },
  };
}
