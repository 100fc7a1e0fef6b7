// The site model's files loaded later (worker/siteModelLoader.ts): a shard whose server takes the request and never
// answers costs the row FILE_MS, after which it falls back as for a missing shard; the file is asked again by a later
// row once RETRY_MS have passed (before, every later row asked anew and waited FILE_MS again), never remembered as
// missing for good nor kept as a stalled request every later row waits on. A 404 is the control.
// test/browser/round31b-stalled-shard.spec.ts runs the real fetch in the demo.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { InteractionLog } from '../../train/ingest/log.ts';
import { buildSiteModel, type BuiltSiteModel } from '../../train/siteModel/build.ts';
import { FILE_MS, RETRY_MS, loadSiteModel, type LoadedSiteModel } from '../../worker/siteModelLoader.ts';
import { shardOf } from '../../scoring/siteModel/parse.ts';
import { memoryStore } from './memoryModelStore.ts';

const BASE = 'https://shop.test/';

/** 20 users over two aisles of four items, in two orders each: enough for a head and its shards. */
async function build(): Promise<BuiltSiteModel> {
  const log = new InteractionLog();
  const A = ['a1', 'a2', 'a3', 'a4'], B = ['b1', 'b2', 'b3', 'b4'];
  for (let u = 0; u < 20; u++) {
    for (let o = 0; o < 2; o++) {
      const ts = 1_700_000_000 + u * 1000 + o * 86400 * 5;
      for (const item of u % 2 ? B : A) log.add({ user: `u${u}`, item, event: 'transaction', ts, order: `o${u}.${o}`, value: 1, price: 2 });
    }
  }
  const r = await buildSiteModel(log, { models: ['itemKnn'], evalUsers: 20, created: '2024-01-01T00:00:00.000Z' });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

let built: BuiltSiteModel;
beforeAll(async () => {
  built = await build();
});

/**
 * The published model behind a fetch that serves every file but `path`, which `answer` says: never (ignoring the
 * abort too, the worst a fetch can do), 404, or its bytes. Returns the loaded model, the shard under test and an item in it.
 */
async function site(answer: { now: 'stall' | '404' | 'ok' }) {
  const byUrl = new Map(built.files.map((f) => [`${BASE}model/${f.path}`, f.bytes]));
  const asked: AbortSignal[] = [];
  let path = '';
  globalThis.fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    if (path && url === `${BASE}model/${path}`) {
      asked.push(init!.signal!);
      if (answer.now === 'stall') return new Promise<Response>(() => undefined);
      if (answer.now === '404') return new Response('not found', { status: 404 });
    }
    const bytes = byUrl.get(url);
    return bytes ? new Response(bytes.slice()) : new Response('not found', { status: 404 });
  }) as typeof fetch;
  const loaded = await loadSiteModel('/model/manifest.json', BASE, memoryStore(), null);
  if (!loaded.ok) throw new Error(loaded.message);
  const s: LoadedSiteModel = loaded.value;
  const item = 0, shard = shardOf(s.model, item);
  path = s.model.head.shards.files[shard];
  return { s, item, shard, path, asked };
}

/** Whether `p` has settled once the microtasks queued so far have run. */
async function settled(p: Promise<unknown>): Promise<boolean> {
  let done = false;
  void p.then(() => (done = true));
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('siteModelLoader: a file loaded later', () => {
  it('that never answers is done without after FILE_MS, with one message naming it, and asked again by a later row after RETRY_MS', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const answer = { now: 'stall' as 'stall' | 'ok' };
    const { s, item, shard, path, asked } = await site(answer);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    const first = s.ensure([item]);
    await vi.advanceTimersByTimeAsync(FILE_MS - 1);
    expect(await settled(first)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await settled(first)).toBe(true);
    expect(s.model.hasShard(shard)).toBe(false);
    expect(asked).toHaveLength(1);
    expect(asked[0].aborted).toBe(true);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0][0])).toContain(JSON.stringify(path));
    expect(String(warn.mock.calls[0][0])).toContain(`no answer within ${FILE_MS / 1000} s`);

    // Within RETRY_MS a later row goes without it at once: a hung file cost every row FILE_MS (round32b).
    expect(await settled(s.ensure([item]))).toBe(true);
    expect(asked).toHaveLength(1);

    // Then asked again, not answered from a request still hanging nor from a note that the file is missing
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    const second = s.ensure([item]);
    await vi.advanceTimersByTimeAsync(FILE_MS);
    expect(await settled(second)).toBe(true);
    expect(asked).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);

    answer.now = 'ok';
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    await s.ensure([item]);
    expect(asked).toHaveLength(3);
    expect(s.model.hasShard(shard)).toBe(true);
    expect(s.fetched.shards).toBeGreaterThan(0);
  });

  it('that answers 404 is done without at once and asked again by a later row after RETRY_MS (control)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const answer = { now: '404' as '404' | 'ok' };
    const { s, item, shard, path, asked } = await site(answer);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    expect(await settled(s.ensure([item]))).toBe(true);
    expect(s.model.hasShard(shard)).toBe(false);
    expect(String(warn.mock.calls[0][0])).toContain(`${JSON.stringify(path)} could not be read (HTTP 404)`);
    expect(await settled(s.ensure([item]))).toBe(true);
    expect(asked).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    expect(vi.getTimerCount()).toBe(0);
    expect(await settled(s.ensure([item]))).toBe(true);
    expect(asked).toHaveLength(2);
    expect(warn).toHaveBeenCalledTimes(1);

    answer.now = 'ok';
    await vi.advanceTimersByTimeAsync(RETRY_MS);
    await s.ensure([item]);
    expect(s.model.hasShard(shard)).toBe(true);
  });
});
