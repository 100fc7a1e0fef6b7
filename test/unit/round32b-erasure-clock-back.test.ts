// An erasure keeps what is dated after it (a forget() applied late), but not what is dated after the worker's clock as
// it erases (`upTo`): that was dated by a clock that has gone back since, so it came before (worker/storage/profile.ts).
import { describe, expect, it } from 'vitest';
import { afterErasure } from '../../worker/storage/profile.ts';
import type { Profile } from '../../worker/storage/schema.ts';

const ev = (id: string, t: number) => ({ message_id: id, event: 'Page Viewed', properties: {}, timestamp: t, session_id: 's', anonymous_id: 'a', user_id: 'u1' });
const profile: Profile = { anonymous_id: 'a', user_id: 'u1', traits: { plan: 'pro', tier: 'x' }, traits_at: { plan: 2_000, tier: 1_500 }, identified_at: 2_000, consent: true, session: null, created_at: 0, updated_at: 2_000 };
let n = 0;
const id = () => `new-${n++}`;

describe('afterErasure with the clock gone back', () => {
  it('drops what is dated after upTo, identity included', () => {
    const r = afterErasure(profile, [ev('m1', 500), ev('m2', 1_200), ev('m3', 2_000)], 1_000, 1_100, id, 1_100);
    expect(r).toEqual({ profile: null, events: [] });
  });
  it('keeps what lies between the erasure and upTo, as before (a forget() applied late)', () => {
    const r = afterErasure(profile, [ev('m1', 500), ev('m2', 1_200), ev('m3', 2_500)], 1_000, 2_100, id, 2_100);
    expect(r.events.map((e) => e.message_id)).toEqual(['m2']);
    expect(r.profile?.user_id).toBe('u1');
    expect(r.profile?.traits).toEqual({ plan: 'pro', tier: 'x' });
  });
  it('without upTo, everything after the erasure stays (unchanged)', () => {
    expect(afterErasure(profile, [ev('m3', 2_500)], 1_000, 1_100, id).events).toHaveLength(1);
  });
});
