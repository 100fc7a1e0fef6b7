// Round 38 (tester C). Issue #8: "no exception ever escapes a public method [or export], whatever it is given", and a
// polluted Object.prototype is never config. resolveConfig() is exported to bundler users (src/index.ts).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { resolveConfig, DEFAULT_CONFIG } from '../../src/index.ts';

const hostile: Array<[string, () => unknown]> = [
  ['a revoked Proxy', () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }],
  ['a Proxy whose traps throw', () => new Proxy({}, { get() { throw new Error('get'); }, ownKeys() { throw Symbol('keys'); }, getOwnPropertyDescriptor() { throw 1; } })],
  ['a throwing getter', () => Object.defineProperty({}, 'siteId', { enumerable: true, get() { throw new Error('getter'); } })],
  ['a key whose value is a revoked Proxy', () => { const r = Proxy.revocable({}, {}); r.revoke(); return { widgets: r.proxy, slots: r.proxy, experiments: r.proxy, holdout: r.proxy }; }],
  ['toPrimitive that throws in every value', () => Object.fromEntries(Object.keys(DEFAULT_CONFIG).map((k) => [k, { [Symbol.toPrimitive]() { throw new Error('prim'); }, toJSON() { throw 1; } }]))],
];

describe('resolveConfig() given hostile input', () => {
  for (const [name, make] of hostile) {
    it(`${name}: does not throw, gives the defaults' shape and a message`, () => {
      let r: ReturnType<typeof resolveConfig> | undefined;
      expect(() => { r = resolveConfig(make()); }).not.toThrow();
      expect(Object.keys(r!.config).sort()).toEqual(Object.keys(DEFAULT_CONFIG).sort());
    });
  }
  it(`fast-check: any value, ${Number(process.env.FUZZ_RUNS ?? 2000)} runs, never throws`, () => {
    fc.assert(fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true }), (v) => { resolveConfig(v); resolveConfig({ dataAttributes: v }); resolveConfig({ experiments: v, holdout: v, widgets: v, slots: v, audiences: v }); }), { numRuns: Number(process.env.FUZZ_RUNS ?? 2000) });
  });
  it('a polluted Object.prototype.requireConsent is not taken as config', () => {
    (Object.prototype as Record<string, unknown>).requireConsent = true;
    try {
      expect(resolveConfig({ siteId: 'shop' }).config.requireConsent).toBe(false);
    } finally {
      delete (Object.prototype as Record<string, unknown>).requireConsent;
    }
  });
});
