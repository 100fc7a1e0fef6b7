// The page's side of the worker (src/rpc.ts): the answer a worker gives unasked to the first row its name carries
// settles like a call, once, and rejects when the worker dies first. A stand-in Worker: the supervisor's logic, not
// the browser's, is under test here (test/browser/boot.spec.ts runs the real one).
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { DEAD, spawnNamed, supervise, type Spawned } from '../../src/rpc.ts';

class StandInWorker extends EventTarget {
  onmessage: ((ev: MessageEvent) => void) | null = null;
  onerror: ((ev: ErrorEvent) => void) | null = null;
  constructor(readonly name: string) {
    super();
  }
  postMessage() {}
  terminate() {}
  /** Delivers `data` as a message from the worker. */
  say(data: unknown) {
    const ev = new MessageEvent('message', { data });
    this.onmessage?.(ev);
    this.dispatchEvent(ev);
  }
}

function start(row: boolean) {
  const workers: StandInWorker[] = [];
  const spawn = (): Spawned => {
    return spawnNamed((name) => {
      const w = new StandInWorker(name);
      workers.push(w);
      return w as unknown as Worker;
    }, (lock) => ['{}', { lock }], row && !workers.length);
  };
  const sup = supervise(spawn, async () => true, () => undefined);
  return { sup, workers };
}

// Node has no Web Locks: the supervisor then watches for a hung worker only.
beforeAll(() => vi.stubGlobal('navigator', {}));

describe('supervise: the first row a worker answers unasked', () => {
  it('settles with the worker’s answer, handed out once', async () => {
    const { sup, workers } = start(true);
    const row = sup.unasked();
    expect(row).not.toBeNull();
    expect(sup.unasked()).toBeNull();
    workers[0].say({ id: 'boot-row', type: 'RAW', value: { ok: true, value: { items: [] } } });
    await expect(row).resolves.toEqual({ ok: true, value: { items: [] } });
  });

  it('settles with an answer the worker gave before anyone supervised it', async () => {
    const workers: StandInWorker[] = [];
    const early = spawnNamed((name) => (workers.push(new StandInWorker(name)), workers[0] as unknown as Worker), (lock) => ['{}', { lock }], true);
    // The worker boots and ranks while the page still runs its own scripts: nothing has set onmessage yet.
    workers[0].say({ id: 'boot', type: 'RAW', value: { ok: true } });
    workers[0].say({ id: 'boot-row', type: 'RAW', value: { ok: true, value: { items: ['early'] } } });
    const sup = supervise(() => early, async () => true, () => undefined);
    await expect(sup.unasked()).resolves.toEqual({ ok: true, value: { items: ['early'] } });
  });

  it('is null when the name carried no row', () => {
    expect(start(false).sup.unasked()).toBeNull();
  });

  it('rejects as a call does when the worker dies before answering it, and the next worker carries none', async () => {
    const { sup, workers } = start(true);
    const row = sup.unasked();
    workers[0].onerror?.({ message: 'gone' } as ErrorEvent);
    await expect(row).rejects.toThrow(DEAD);
    await expect.poll(() => workers.length, { timeout: 2000 }).toBe(2);
    expect(sup.unasked()).toBeNull();
  });
});

describe('supervise: a worker that answers nothing', () => {
  it('is replaced HANG_MS after the first unanswered call, though an answered call armed the check earlier', async () => {
    vi.useFakeTimers();
    try {
      const { sup, workers } = start(false);
      await sup.up();
      const engine = sup.engine as unknown as Record<string, () => Promise<unknown>>;
      // An answered call at 0 s arms the check for 15 s.
      const first = engine.status();
      workers[0].say({ id: 'c0', type: 'RAW', value: 1 });
      await expect(first).resolves.toBe(1);
      await vi.advanceTimersByTimeAsync(10_000);
      // The worker hangs: nothing answers the call made at 10 s.
      const hung = engine.status();
      const died = expect(hung).rejects.toThrow(DEAD);
      await vi.advanceTimersByTimeAsync(14_990);
      expect(workers.length).toBe(1);
      // 10 ms more, then the restart's 100 ms.
      await vi.advanceTimersByTimeAsync(200);
      expect(workers.length).toBe(2);
      await died;
    } finally {
      vi.useRealTimers();
    }
  });

  it('is left to its wait when it answers the ping it is sent at 13 s (its writes wait on storage), however long', async () => {
    vi.useFakeTimers();
    try {
      const { sup, workers } = start(false);
      await sup.up();
      // Answers comlink's GET (the ping) at once, as the real worker does while its writes wait on IndexedDB.
      workers[0].postMessage = ((m: { type?: string }) => void (m?.type === 'GET' && queueMicrotask(() => workers[0].say({ type: 'RAW', value: undefined })))) as never;
      const engine = sup.engine as unknown as Record<string, () => Promise<unknown>>;
      const waiting = engine.apply();
      await vi.advanceTimersByTimeAsync(90_000);
      expect(workers.length).toBe(1);
      workers[0].say({ id: 'c0', type: 'RAW', value: 'kept' });
      await expect(waiting).resolves.toBe('kept');
    } finally {
      vi.useRealTimers();
    }
  });
});
