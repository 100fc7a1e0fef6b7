// The worker boots on the init its name carries (src/rpc.ts, spawnNamed): the page's init message that follows gets
// the same answer, a changed config is applied, and a database the boot created for a site id the page did not keep
// is removed. Real storage code over fake-indexeddb.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { bootArgs, createEngine } from '../../worker/engine.ts';
import type { PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB', lock: 'l1' };
const names = async () => (await indexedDB.databases()).map((d) => d.name);
const config = (siteId: string) => JSON.stringify({ siteId, autocapture: false });

describe('bootArgs', () => {
  it('reads the init a worker name carries, and nothing else', () => {
    const args: [string, PageContext] = [config('shop'), page];
    expect(bootArgs('clientele#' + JSON.stringify(args))).toEqual(args);
    for (const name of ['clientele', 'clientele-worker', '', 'clientele#', 'clientele#{', 'clientele#[1,{}]', 'clientele#["{}",null]', 'clientele#["{}"]']) expect(bootArgs(name)).toBeNull();
  });

  it('reads the first row a name carries after them, and drops one that is not a request and a widget id', () => {
    const row = [{ type: 'for-you', limit: 6 }, 'for-you'];
    expect(bootArgs('clientele#' + JSON.stringify([config('shop'), page, row]))).toEqual([config('shop'), page, row]);
    for (const bad of [null, 'for-you', [{ type: 'for-you' }], [{ type: 'for-you' }, 7], ['for-you', 'x']]) {
      expect(bootArgs('clientele#' + JSON.stringify([config('shop'), page, bad]))).toEqual([config('shop'), page]);
    }
  });
});

/** Waits for the boot row's answer and checks it was not ranked (the page asks again) and recorded no exposure. */
async function expectNotRanked(engine: ReturnType<typeof createEngine>, answer: () => { ok: boolean; code?: string } | null) {
  await vi.waitFor(() => expect(answer()).not.toBeNull());
  expect(answer()).toMatchObject({ ok: false, code: 'later' });
  const data = await engine.exportData();
  expect(data.ok && data.value.events.filter((e) => e.event === 'Experiment Viewed')).toEqual([]);
}

describe('an engine booted from its name', () => {
  it('answers the same init message with the answer it booted with, once', async () => {
    let heard: unknown = null;
    const siteId = `boot-${Math.random()}`;
    const engine = createEngine({ boot: [config(siteId), page], onBoot: (a) => (heard = a) });
    const answer = await engine.init(config(siteId), page);
    expect(answer.ok).toBe(true);
    expect(heard).toBe(answer);
    // A later init, even the same, is applied again (a new answer object).
    const again = await engine.init(config(siteId), page);
    expect(again).not.toBe(answer);
    expect(again.ok && answer.ok && again.value.anonymousId).toBe(answer.ok && answer.value.anonymousId);
  });

  it('stores nothing about the visitor until the page’s init message: a requireConsent set after the script tag holds', async () => {
    const siteId = `provisional-${Math.random()}`;
    /** The profile records in the site's database, read without creating it. */
    const profiles = () => new Promise<unknown[]>((ok) => {
      const r = indexedDB.open(`clientele:${siteId}`);
      r.onsuccess = () => {
        const db = r.result;
        if (!db.objectStoreNames.contains('profile')) return (db.close(), ok([]));
        const g = db.transaction('profile').objectStore('profile').getAll();
        g.onsuccess = () => (db.close(), ok(g.result));
      };
    });
    const heard: string[] = [];
    const engine = createEngine({ boot: [config(siteId), page, [{ type: 'popular', limit: 3 }, 'home']], onBoot: () => heard.push('boot'), onBootRow: () => heard.push('row') });
    await vi.waitFor(() => expect(heard).toEqual(['boot', 'row']));
    expect(await profiles()).toEqual([]);
    const final = JSON.stringify({ siteId, autocapture: false, requireConsent: true });
    expect((await engine.init(final, page)).ok).toBe(true);
    expect(await profiles()).toEqual([]);
    // Without requireConsent, the page's init (the same config as the boot's) stores the id the boot answered with.
    const other = `provisional-${Math.random()}`;
    const e2 = createEngine({ boot: [config(other), page] });
    const a = await e2.init(config(other), page);
    const stored = await new Promise<{ anonymous_id: string }[]>((ok) => {
      const r = indexedDB.open(`clientele:${other}`);
      r.onsuccess = () => { const g = r.result.transaction('profile').objectStore('profile').getAll(); g.onsuccess = () => (r.result.close(), ok(g.result)); };
    });
    expect(stored.map((p) => p.anonymous_id)).toEqual([a.ok ? a.value.anonymousId : 'no answer']);
  });

  it('ranks the first row its name carries right after the boot, and answers it unasked', async () => {
    const siteId = `row-${Math.random()}`;
    const heard: string[] = [];
    let row: Awaited<ReturnType<ReturnType<typeof createEngine>['row']>> | null = null;
    const engine = createEngine({ boot: [config(siteId), page, [{ type: 'popular', limit: 3 }, 'home']], onBoot: () => heard.push('boot'), onBootRow: (r) => (heard.push('row'), (row = r)) });
    await vi.waitFor(() => expect(heard).toEqual(['boot', 'row']));
    const ids = (r: typeof row) => (r?.ok ? r.value.items.map((i) => i.item.product_id) : null);
    expect(ids(row)).not.toBeNull();
    // The same request asked later gets the same items.
    expect(ids(await engine.row({ type: 'popular', limit: 3 }, {}, 'home'))).toEqual(ids(row));
  });

  it('does not rank the first row where the config runs an experiment: the page asks for it once the config holds', async () => {
    const siteId = `exp-${Math.random()}`;
    const cfg = JSON.stringify({ siteId, autocapture: false, holdout: { percent: 10 } });
    let row: { ok: boolean; code?: string } | null = null;
    const engine = createEngine({ boot: [cfg, page, [{ type: 'popular', limit: 3 }, 'home']], onBootRow: (r) => (row = r) });
    await expectNotRanked(engine, () => row);
  });

  it('does not rank the first row once the page sent another config, even one that runs no experiment yet asks for one', async () => {
    const siteId = `changed-${Math.random()}`;
    let row: { ok: boolean; code?: string } | null = null;
    const engine = createEngine({ boot: [config(siteId), page, [{ type: 'popular', limit: 3 }, 'home']], onBootRow: (r) => (row = r) });
    // The page's own init, with an experiment, arrives while the boot still opens its storage.
    const changed = JSON.stringify({ siteId, autocapture: false, experiments: [{ id: 'e1', variations: [{ id: 'a' }, { id: 'b' }] }] });
    const answer = await engine.init(changed, page);
    expect(answer.ok).toBe(true);
    await expectNotRanked(engine, () => row);
  });

  it('applies a changed config, and removes the database it created for the site id it guessed', async () => {
    const guessed = `guess-${Math.random()}`;
    const kept = `kept-${Math.random()}`;
    const engine = createEngine({ boot: [config(guessed), page] });
    const r = await engine.init(config(kept), page);
    expect(r.ok && r.value.config.siteId).toBe(kept);
    expect(await names()).toContain(`clientele:${kept}`);
    expect(await names()).not.toContain(`clientele:${guessed}`);
    const stored = await engine.ingest([{ message_id: 'm1', event: 'Product Viewed', properties: { product_id: 'p1' }, timestamp: Date.now() }]);
    expect(stored.ok && stored.value.stored).toBe(1);
  });

  it('keeps a database the guess did not create', async () => {
    const existing = `existing-${Math.random()}`;
    const before = createEngine();
    await before.init(config(existing), page);
    await before.ingest([{ message_id: 'm1', event: 'Product Viewed', properties: { product_id: 'p1' }, timestamp: Date.now() }]);
    const engine = createEngine({ boot: [config(existing), page] });
    await engine.init(config(`other-${Math.random()}`), page);
    expect(await names()).toContain(`clientele:${existing}`);
    const back = createEngine();
    await back.init(config(existing), page);
    const data = await back.exportData();
    expect(data.ok && data.value.events.map((e) => e.message_id)).toEqual(['m1']);
  });

  it('keeps the database it created if another tab has stored events in it since', async () => {
    const guessed = `shared-${Math.random()}`;
    const engine = createEngine({ boot: [config(guessed), page] });
    // another tab of the same site, using the database the boot just created
    await new Promise((r) => setTimeout(r, 20));
    const other = createEngine();
    await other.init(config(guessed), page);
    await other.ingest([{ message_id: 'theirs', event: 'Product Viewed', properties: { product_id: 'p1' }, timestamp: Date.now() }]);
    await engine.init(config(`final-${Math.random()}`), page);
    expect(await names()).toContain(`clientele:${guessed}`);
    const data = await other.exportData();
    expect(data.ok && data.value.events.map((e) => e.message_id)).toEqual(['theirs']);
  });
});

describe('identify() replayed late', () => {
  it('an identify made before the one stored, replayed from a page that parked it, does not undo it', async () => {
    const siteId = `identify-${Math.random()}`;
    const engine = createEngine({});
    expect((await engine.init(config(siteId), page)).ok).toBe(true);
    const userId = async () => { const d = await engine.exportData(); return d.ok ? d.value.user_id : 'no export'; };
    await engine.apply(JSON.stringify([['i', 'bob', {}, 2000]]));
    expect(await userId()).toBe('bob');
    await engine.apply(JSON.stringify([['i', 'alice', { stale: true }, 1000]]));
    expect(await userId()).toBe('bob');
    const d = await engine.exportData();
    expect(d.ok && d.value.profile).not.toHaveProperty('traits.stale');
    await engine.apply(JSON.stringify([['i', 'carol', {}, 3000]]));
    expect(await userId()).toBe('carol');
    // An older build's op has no time, and applies as it always did.
    await engine.apply(JSON.stringify([['i', 'dave', {}]]));
    expect(await userId()).toBe('dave');
  });
});
