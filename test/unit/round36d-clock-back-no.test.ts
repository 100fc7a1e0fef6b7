// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { createClient } from '../../src/client.ts';

import { createEngine } from '../../worker/engine.ts';

afterEach(() => (vi.restoreAllMocks(), vi.unstubAllGlobals(), localStorage.clear()));

// As round36c-memory-keep-big-batch: the real engine in this thread, its store in memory.
/**
 * A page whose workers run the real engine in this thread (its store in memory: Node has no IndexedDB). Their death is
 * told as a browser tells it, by the Web Lock each holds for its life (src/rpc.ts): `kill(i)`.
 */
function pageInMemory(siteId: string) {
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

// Tabs share the device's clock, which can go back (an NTP correction, a clock set by hand). The visitor said yes in
// tab A, the clock went back an hour, and they said no in tab B: B stores the "no" (consent() does not trust the
// yes's time, now in the future: markAt), but tab A heard it as older than its own yes (onStorage compares the times)
// and went on recording: a "no" honoured in one tab and not in the other.
it('a "no" given in another tab after the clock went back stops this tab recording', async () => {
  const { api: a } = pageInMemory('clock-back');
  expect(await a.ready()).toBe(true);
  a.consent(true);
  a.track('Before No', {});
  const t = Date.now();
  // The clock goes back an hour.
  const now = Date.now;
  vi.spyOn(Date, 'now').mockImplementation(() => now() - 3_600_000);
  // Tab B's consent(false), as it writes it (its own client would share this test's window and park key), and the
  // storage event the write fires in tab A.
  localStorage.setItem('clientele:consent', '0');
  localStorage.setItem('clientele:consent-at', String(Date.now()));
  window.dispatchEvent(new StorageEvent('storage', { key: 'clientele:consent-at', newValue: String(Date.now()), oldValue: String(t) }));
  a.track('After No', {});
  const d = await a.exportData();
  expect(d?.consent).toBe(false);
  expect(JSON.stringify(d?.events ?? [])).not.toContain('After No');
});
