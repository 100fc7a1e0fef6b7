// Round 35 (tester B, hostile input). init({ siteId }) took a string of any length: the site id names the IndexedDB
// database (clientele:<siteId>) and the page's localStorage keys. One of 10 million characters (a value passed by
// mistake) hung the database's open: after 3 tries of 2.5 s the engine ran in memory and said "IndexedDB cannot be used
// here", and recommend() called meanwhile got []. Expected: refused with one message naming config.siteId, its value
// and the limit; the default site id stays.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/contract/config.ts';

describe('config.siteId', () => {
  it('of more than 200 characters is refused with one message, and the default stays', () => {
    const { config, problems } = resolveConfig({ siteId: 'x'.repeat(10_000_000) });
    expect(config.siteId).toBe('default');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\[clientele\] config\.siteId must be a non-empty string of at most 200 characters, got "xxx/);
    expect(problems[0].length).toBeLessThan(300);
  });
  it('of 200 characters, or a short one, is kept', () => {
    expect(resolveConfig({ siteId: 'y'.repeat(200) }).config.siteId).toBe('y'.repeat(200));
    expect(resolveConfig({ siteId: 'shop-eu' })).toEqual(expect.objectContaining({ problems: [] }));
  });
  it('other strings keep their message', () => {
    expect(resolveConfig({ currency: '' }).problems[0]).toMatch(/config\.currency must be a non-empty string, got ""/);
    expect(resolveConfig({ locale: 5 }).problems[0]).toMatch(/config\.locale must be a non-empty string or null, got 5/);
  });
});
