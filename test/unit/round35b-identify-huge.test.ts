// Round 35 (tester B, hostile input). identify() took any string as the user id, however long: a page that passed a
// whole record by mistake (5 million characters) had it stamped on every event after it, each event then 5 MB in
// IndexedDB, and traits of 3 million characters were stored whole, where an event's properties are refused over 16 KB.
// A blank id ('   ', a lone zero-width space) was taken as a user too. Before the fix: user_id of 5,000,000
// characters on each later event, no message.
// Expected: such a call is refused alone with one message naming identify(userId) (or its traits), the size and the
// fix; the visitor stays anonymous, and a good identify() after it applies.
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../worker/engine.ts';
import type { PageContext } from '../../src/contract/protocol.ts';

const page: PageContext = { assetBase: 'https://shop.test/dist/', pageUrl: 'https://shop.test/', locale: 'en-GB', lock: 'l1' };

describe('identify() with a value that is no user id', () => {
  const cases: Array<[string, unknown, unknown, RegExp]> = [
    ['a user id of 5 million characters', 'u'.repeat(5_000_000), {}, /identify\(userId\) needs your user id as a string of 1 to 200 characters; the call was ignored, got "uuu/],
    ['a blank user id', '   ', {}, /identify\(userId\) needs your user id .* got " {3}"/],
    ['a lone zero-width space', '\u200b', {}, /identify\(userId\) needs your user id/],
    ['traits of 3 million characters', 'u-1', { region: 'x'.repeat(3_000_000) }, /identify\(userId, traits\) needs traits under 16384 bytes; the call was ignored, got "3000013 bytes"/],
  ];
  for (const [name, userId, traits, message] of cases) it(`${name}: refused alone with one message`, async () => {
    const engine = createEngine({});
    expect((await engine.init(JSON.stringify({ siteId: `r35b-${Math.random()}`, autocapture: false }), page)).ok).toBe(true);
    const applied = await engine.apply(JSON.stringify([['i', userId, traits, Date.now()], ['e', 'm-1', Date.now(), 'After', {}]]));
    expect(applied.ok).toBe(true);
    const problems = applied.ok ? applied.value.problems : [];
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0].length).toBeLessThan(400);
    const d = await engine.exportData();
    expect(d.ok && d.value.user_id).toBeNull();
    expect(JSON.stringify(d.ok && d.value.profile).length).toBeLessThan(2000);
    await engine.apply(JSON.stringify([['i', 'alice', { region: 'EU' }, Date.now()]]));
    const after = await engine.exportData();
    expect(after.ok && after.value.user_id).toBe('alice');
  });
});
