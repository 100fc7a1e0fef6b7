// A page over the real engine run in the test's own thread: shared by round36c-memory-keep-big-batch and
// round36d-clock-back-no.
import { vi } from 'vitest';
import { createClient } from '../../src/client.ts';
import { createEngine } from '../../worker/engine.ts';

/**
 * A page whose workers run the real engine in this thread (its store in memory: Node has no IndexedDB). Their death is
 * told as a browser tells it, by the Web Lock each holds for its life (src/rpc.ts): `kill(i)`.
 */
export function pageInMemory(siteId: string) {
  const deaths = new Map<string, () => void>();
  // The first to ask for a lock is its worker, granted it; the page, asking next, is granted it once the worker dies.
  const held = new Set<string>();
  const request = (name: string, fn: () => void) => (held.has(name) ? deaths.set(name, fn) : (held.add(name), fn()), new Promise(() => undefined));
  vi.stubGlobal('navigator', { ...navigator, locks: { request } });
  const workers: { dead: boolean; lock: string }[] = [];
  const createWorker = (_base: string | null, name: string) => {
    const engine = createEngine() as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
    const me = { dead: false, lock: (JSON.parse(name.slice('clientele#'.length)) as [string, { lock: string }])[1].lock };
    workers.push(me);
    const w = {
      onmessage: null as ((e: { data: unknown }) => void) | null,
      onerror: null,
      addEventListener() {},
      terminate: () => void (me.dead = true),
      postMessage(m: { id: string; path: string[]; argumentList: { value: unknown }[] }) {
        const args = JSON.parse(JSON.stringify(m.argumentList.map((a) => a.value ?? null))) as unknown[];
        void engine[m.path[0]](...args).then((value) => me.dead || w.onmessage?.({ data: { id: m.id, type: 'RAW', value } }));
      },
    };
    return w as unknown as Worker;
  };
  const api = createClient({ siteId, autocapture: false }, { assetBase: 'https://shop.test/dist/', load: () => Promise.reject(new Error('no chunks here')), createWorker });
  const kill = async (i: number) => {
    workers[i].dead = true;
    deaths.get(workers[i].lock)!();
    await new Promise((r) => setTimeout(r, 300));
  };
  return { api, workers, kill };
}
