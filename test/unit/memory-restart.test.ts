// A worker whose store is in memory (no usable IndexedDB here: Node has none) dies with what it kept; the page hands
// the next one what the last said of its visitor (PageContext.memory) and replays the batches it had kept
// (src/client.ts). The new worker goes on as the same visitor, and a replayed forget() is not run again.
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import { armsFromSnapshot, memorySnapshot, seedFromSnapshot } from '../../worker/storage/profile.ts';
import type { Applied, PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB' };
const config = JSON.stringify({ siteId: 'memory-restart', autocapture: false });
const applied = (r: { ok: boolean; value?: Applied }) => (expect(r.ok).toBe(true), r.value!);

describe('the snapshot of a visitor in memory', () => {
  it('carries the anonymous id, session and arms, and reads back only what it wrote', () => {
    const session = { id: 's1', startedAt: 1, lastActivity: 2 };
    const profile = { anonymous_id: 'a1', user_id: 'u1', traits: { x: 1 }, consent: true, session, created_at: 0, updated_at: 0 };
    const kept = JSON.parse(JSON.stringify(memorySnapshot(profile, { hero: 'b' })));
    expect(seedFromSnapshot(kept)).toEqual({ anonymous_id: 'a1', session });
    expect(armsFromSnapshot(kept)).toEqual({ hero: 'b' });
    expect(armsFromSnapshot(['a1', session, { hero: 7, row: 'a' }])).toEqual({ row: 'a' });
    for (const bad of [undefined, ['a1', session], ['a1', session, {}], ['a1', session, ['b']], ['a1', session, 'b']]) expect(armsFromSnapshot(bad)).toBeNull();
    expect(seedFromSnapshot(['a1', null])).toEqual({ anonymous_id: 'a1' });
    expect(seedFromSnapshot(['a1', { id: 1 }])).toEqual({ anonymous_id: 'a1' });
    for (const bad of [undefined, null, 'a1', {}, [], [''], [7, session], { anonymous_id: 'a1' }]) expect(seedFromSnapshot(bad)).toEqual({});
  });
});

describe('an engine in memory that replaces one that died', () => {
  it('goes on as the same visitor with the replayed ops, and does not run a replayed forget() again', async () => {
    const t = Date.now() - 60_000;
    const first = createEngine();
    expect((await first.init(config, page)).ok).toBe(true);
    expect((await first.status()).ok && (await first.status() as { value: { storage: string } }).value.storage).toBe('memory');
    const batch1 = JSON.stringify([['e', 'm0', t, 'Page Viewed', {}], ['i', 'u1', { tier: 'gold' }, t + 1], ['e', 'm1', t + 2, 'Product Viewed', { product_id: 'A' }]]);
    const a1 = applied(await first.apply(batch1));
    expect(a1.kept).toBe(true);
    expect(a1.memory).toBeDefined();
    const before = await first.exportData();
    if (!before.ok) throw new Error('export');

    const second = createEngine();
    expect((await second.init(config, { ...page, memory: JSON.parse(JSON.stringify(a1.memory)) })).ok).toBe(true);
    applied(await second.apply(batch1, true));
    const after = await second.exportData();
    if (!after.ok) throw new Error('export');
    expect(after.value.anonymous_id).toBe(before.value.anonymous_id);
    expect(after.value.user_id).toBe('u1');
    expect(after.value.profile.traits).toEqual({ tier: 'gold' });
    // As stored the first time: the event before identify() unidentified, the same session.
    const strip = (es: typeof after.value.events) => es.map(({ message_id, user_id, session_id, anonymous_id }) => ({ message_id, user_id, session_id, anonymous_id }));
    expect(strip(after.value.events)).toEqual(strip(before.value.events));

    // A forget() the page kept (the ops after it are the new visitor's) is not run again: it would erase the other
    // tabs' stores in memory once more.
    const forgot = JSON.stringify([['f', t + 3], ['e', 'm2', t + 4, 'Page Viewed', {}]]);
    applied(await second.apply(forgot, true));
    const replayed = await second.exportData();
    expect(replayed.ok && replayed.value.events.map((e) => e.message_id)).toEqual(['m0', 'm1', 'm2']);
    // Not replayed, it erases what came before it.
    applied(await second.apply(forgot));
    const erased = await second.exportData();
    expect(erased.ok && erased.value.events.map((e) => e.message_id)).toEqual(['m2']);
    expect(erased.ok && erased.value.anonymous_id).not.toBe(before.value.anonymous_id);
  });
});
