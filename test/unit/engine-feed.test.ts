// The catalog feed and the site model head are fetched before the engine's storage opens, and the first answers rank
// with the feed merged in memory, as the store merges it, without waiting for its write. Real storage code over
// fake-indexeddb, fetch stubbed.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import type { PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB', lock: 'l1' };
const feed = [
  { id: 'mug', name: 'Red mug', price: 9, category: 'Kitchen', tags: ['red'] },
  { id: 'jar', name: 'Jar', price: '4.50', category: 'Kitchen' },
  { id: 'lamp', name: 'Lamp', price: 30, category: 'Home' },
];

/** Logs fetches and IndexedDB opens, in order, and answers the feed URL. */
function watch() {
  const log: string[] = [];
  vi.stubGlobal('fetch', vi.fn(async (url: string) => {
    log.push(`fetch ${new URL(url).pathname}`);
    if (url.endsWith('/catalog.json')) return new Response(JSON.stringify({ products: feed }), { status: 200 });
    return new Response('not here', { status: 404 });
  }));
  const open = indexedDB.open.bind(indexedDB);
  vi.spyOn(indexedDB, 'open').mockImplementation((name: string, version?: number) => (log.push(`open ${name}`), open(name, version)));
  return log;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the catalog feed and the site model head', () => {
  it('are fetched before the storage opens', async () => {
    const log = watch();
    const siteId = `feed-${Math.random()}`;
    const engine = createEngine();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await engine.init(JSON.stringify({ siteId, autocapture: false, catalogUrl: '/catalog.json', siteModelUrl: '/model/manifest.json' }), page);
    const firstOpen = log.findIndex((l) => l.startsWith('open'));
    expect(log.slice(0, firstOpen)).toEqual(['fetch /catalog.json', 'fetch /model/manifest.json']);
    expect(log.filter((l) => l.startsWith('fetch'))).toHaveLength(2);
    // The 404 model is reported once, by its reader.
    await engine.recommend({ type: 'popular', limit: 3 }, {});
    expect(warn.mock.calls.filter(([m]) => /siteModelUrl/.test(String(m)))).toHaveLength(1);
  });

  it('rank the first answer with the feed merged as the store merges it', async () => {
    watch();
    const siteId = `merge-${Math.random()}`;
    const engine = createEngine();
    // A product this device captured before the feed: the feed's fields join it, nothing it knew is lost.
    await engine.init(JSON.stringify({ siteId, autocapture: false }), page);
    await engine.ingest([{ message_id: 'm1', event: 'Product Viewed', properties: { product_id: 'mug', brand: 'Acme', tags: ['gift'] }, timestamp: Date.now() - 60_000 }]);
    await engine.init(JSON.stringify({ siteId, autocapture: false, catalogUrl: '/catalog.json' }), page);
    const first = await engine.recommend({ type: 'popular', limit: 5 }, {});
    expect(first.ok).toBe(true);
    const items = (r: typeof first) => (r.ok ? r.value.map((x) => x.item).sort((a, b) => a.product_id.localeCompare(b.product_id)) : []);
    const now = items(first);
    expect(now.map((i) => i.product_id)).toEqual(['jar', 'lamp', 'mug']);
    expect(now.find((i) => i.product_id === 'mug')).toMatchObject({ name: 'Red mug', brand: 'Acme', price: 9 });
    expect(now.find((i) => i.product_id === 'jar')?.price).toBe(4.5);
    // Once written, the store's own catalog (read again by a fresh engine) holds the same items.
    await vi.waitFor(async () => {
      const fresh = createEngine();
      await fresh.init(JSON.stringify({ siteId, autocapture: false }), page);
      expect(items(await fresh.recommend({ type: 'popular', limit: 5 }, {}))).toEqual(now);
    });
  });
});
