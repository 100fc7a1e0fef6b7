// Stored records of another shape are left out alone (worker/storage/sound.ts); sound ones come back as they are.
import { describe, expect, it } from 'vitest';
import { soundChunk, soundEvents, soundItem, soundItems } from '../../worker/storage/sound.ts';

const ev = (id: string, t: number) => ({ message_id: id, event: 'Page Viewed', properties: {}, timestamp: t, session_id: 's', anonymous_id: 'a' });

describe('sound stored records', () => {
  it('keeps a sound chunk as the same object, and drops only the bad events of another', () => {
    const ok = { min_ts: 1, max_ts: 2, id: 'm1', count: 2, events: [ev('m1', 1), ev('m2', 2)] };
    expect(soundChunk(ok)).toBe(ok);
    const bad = { ...ok, count: 5, events: [ev('m1', 1), null, ev('m2', 2), { ...ev('m3', 3), timestamp: 'x' }, { ...ev('m4', 4), properties: null }] };
    expect(soundChunk(bad)?.events.map((e) => e.message_id)).toEqual(['m1', 'm2']);
    expect(soundChunk({ events: 'x' })).toBeNull();
    expect(soundChunk({ events: [null] })).toBeNull();
    expect(soundChunk(null)).toBeNull();
  });
  it('filters legacy rows', () => {
    const rows = [ev('a', 1), ev('b', 2)];
    expect(soundEvents(rows)).toEqual(rows);
    expect(soundEvents([...rows, { ...ev('c', 3), user_id: 5 }, 'x']).length).toBe(2);
  });
  it('reads a catalog row of other types through the feed reader', () => {
    const ok = { product_id: 'a', name: 'Mug', price: 9, tags: ['x'], updated_at: 5 };
    expect(soundItem(ok)).toBe(ok);
    expect(soundItem({ product_id: 'b', name: 5, category: {}, tags: 'nope', price: 'x', updated_at: 7 })).toEqual({ product_id: 'b', updated_at: 7 });
    expect(soundItem({ name: 'no id' })).toBeNull();
    const rows = [ok];
    expect(soundItems(rows)[0]).toBe(ok);
    expect(soundItems([ok, null, { product_id: 'c', brand: [] }])).toEqual([ok, { product_id: 'c' }]);
  });
});

describe('sound stored profile', () => {
  it('keeps a sound profile as the same object, empties mistyped fields, and drops one without an anonymous id', async () => {
    const { soundProfile } = await import('../../worker/storage/sound.ts');
    const ok = { anonymous_id: 'a', user_id: null, traits: {}, consent: true, session: { id: 's', startedAt: 1, lastActivity: 2 }, created_at: 1, updated_at: 2 };
    expect(soundProfile(ok)).toBe(ok);
    expect(soundProfile({ ...ok, user_id: 5, traits: null, consent: 'yes', session: 'abc' })).toEqual({ ...ok, user_id: null, traits: {}, consent: null, session: null });
    expect(soundProfile({ ...ok, session: { id: 's' } })?.session).toBeNull();
    expect(soundProfile({ ...ok, anonymous_id: 7 })).toBeUndefined();
    expect(soundProfile(null)).toBeUndefined();
  });
});
