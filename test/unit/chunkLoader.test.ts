// The worker's chunk loader (worker/chunkLoader.ts): a chunk that stalls on the network costs its feature after a
// bounded wait, never the worker's thread. Stand-ins for fetch and importScripts: the loader's logic, not the
// browser's, is under test here (test/browser/round14-stalled-worker-chunk.spec.ts runs the real one).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chunkLoader, type ChunkScope } from '../../worker/chunkLoader.ts';

/** A scope whose fetch answers as `answer` says, and whose importScripts sets the global `g` (or throws, or does nothing). */
function scope(answer: 'ok' | 'stall' | 'refused', run: 'sets' | 'throws' | 'nothing' = 'sets') {
  const s = {
    imported: [] as string[],
    fetch: vi.fn((_url: string, init?: RequestInit) =>
      answer === 'ok' ? Promise.resolve(new Response('x'))
        : answer === 'refused' ? Promise.reject(new TypeError('Failed to fetch'))
        : new Promise<Response>((_r, reject) => init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))),
    importScripts(url: string) {
      s.imported.push(url);
      if (run === 'throws') throw new Error('NetworkError');
      if (run === 'sets') (s as unknown as Record<string, unknown>).g = { url };
    },
  };
  return s;
}
const loader = (s: ReturnType<typeof scope>) => chunkLoader(s as unknown as ChunkScope, 5000);

afterEach(() => vi.useRealTimers());

describe('chunkLoader', () => {
  it('fetches the file first (no-cors, as importScripts asks), then runs it, once', async () => {
    const s = scope('ok');
    const load = loader(s);
    await expect(load('/c.js', 'g')).resolves.toEqual({ url: '/c.js' });
    await expect(load('/c.js', 'g')).resolves.toEqual({ url: '/c.js' });
    expect(s.fetch).toHaveBeenCalledTimes(1);
    expect(s.fetch.mock.calls[0][1]?.mode).toBe('no-cors');
    expect(s.imported).toEqual(['/c.js']);
  });

  it('gives up on a file with no answer after the deadline, without importScripts (which would block the thread)', async () => {
    vi.useFakeTimers();
    const s = scope('stall');
    const p = loader(s)('/c.js', 'g');
    const said = expect(p).rejects.toThrow('no answer within 5 s');
    await vi.advanceTimersByTimeAsync(4999);
    expect(s.imported).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    await said;
    expect(s.imported).toEqual([]);
  });

  it('leaves a fetch refused for another reason (connect-src, CORS) to importScripts', async () => {
    const s = scope('refused');
    await expect(loader(s)('/c.js', 'g')).resolves.toEqual({ url: '/c.js' });
    expect(s.imported).toEqual(['/c.js']);
  });

  it('says why a file that arrived did not give its global', async () => {
    await expect(loader(scope('ok', 'throws'))('/c.js', 'g')).rejects.toThrow('NetworkError');
    await expect(loader(scope('ok', 'nothing'))('/c.js', 'g')).rejects.toThrow('it loaded but did not register');
  });
});
