// A page's globals as the outbox reads them, for unit tests: localStorage over a Map, the window's listeners, a
// document. Stubbed with vi.stubGlobal; undo with vi.unstubAllGlobals().
import { vi } from 'vitest';
import { createOutbox } from '../../src/outbox.ts';

/** Makes `items` the global localStorage, holding at most `room` characters (past it setItem throws QuotaExceededError). */
export function stubStorage(items: Map<string, string>, room = Infinity): void {
  const used = (skip: string) => [...items].reduce((n, [k, v]) => n + (k === skip ? 0 : k.length + v.length), 0);
  vi.stubGlobal('localStorage', {
    get length() { return items.size; },
    key: (i: number) => [...items.keys()][i] ?? null,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => {
      if (used(k) + k.length + v.length > room) throw new DOMException('full', 'QuotaExceededError');
      items.set(k, v);
    },
    removeItem: (k: string) => void items.delete(k),
  });
}

/**
 * A shown page in `readyState` whose localStorage is the returned `items`; `listeners` holds the last handler added
 * on the window per event type, to fire by hand (a storage event, a pagehide).
 */
export function stubPage(readyState: DocumentReadyState = 'complete') {
  const items = new Map<string, string>();
  stubStorage(items);
  const listeners: Record<string, (e?: unknown) => void> = {};
  vi.stubGlobal('addEventListener', (type: string, fn: () => void) => (listeners[type] = fn));
  vi.stubGlobal('removeEventListener', () => undefined);
  vi.stubGlobal('document', { visibilityState: 'visible', hidden: false, readyState });
  return { items, listeners };
}

/**
 * An outbox taking over parks under 'site:unsent' whose worker answers each batch only when the test calls
 * `answers[i](ok)`; `sent` holds the batches. Its first batch, one event 'm1' made at 100, is out on return.
 */
export async function outboxWithBatchOut() {
  const sent: unknown[][] = [];
  const answers: ((ok: boolean) => void)[] = [];
  const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), new Promise((r) => answers.push(r))), () => true);
  o.unpark();
  o.live(true);
  o.add('["e","m1",100,"Viewed",{}]');
  void o.flush();
  await vi.advanceTimersByTimeAsync(0);
  return { o, sent, answers };
}
