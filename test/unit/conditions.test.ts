import { describe, expect, it } from 'vitest';
import { matchCondition, validateCondition, type Condition } from '../../src/contract/conditions.ts';

const facts = { lifecycle: 'at-risk', rfm: { r: 2, f: 4, tier: 'at-risk' }, orders: 3, traits: { region: 'EU' } };

describe('matchCondition', () => {
  it.each<[string, Condition, boolean]>([
    ['equality shorthand', { lifecycle: 'at-risk' }, true],
    ['equality miss', { lifecycle: 'new' }, false],
    ['dotted path range', { 'rfm.f': { gte: 4 } }, true],
    ['range miss', { 'rfm.r': { gt: 3 } }, false],
    ['in', { lifecycle: { in: ['lapsed', 'at-risk'] } }, true],
    ['and', { and: [{ orders: { gte: 2 } }, { 'traits.region': 'EU' }] }, true],
    ['or', { or: [{ orders: 0 }, { lifecycle: 'new' }] }, false],
    ['not', { not: { lifecycle: 'new' } }, true],
    ['missing fact never matches a range', { 'propensity.churn': { lt: 0.5 } }, false],
  ])('%s', (_name, cond, expected) => {
    expect(validateCondition(cond, 'c')).toEqual([]);
    expect(matchCondition(cond, facts)).toBe(expected);
  });
});

describe('validateCondition', () => {
  it.each<[string, unknown, RegExp]>([
    ['not an object', 42, /config\.audiences\.x must be a condition object.*got 42/],
    ['unknown field', { lifecyle: 'new' }, /config\.audiences\.x\.lifecyle is not a field/],
    ['unknown operator', { orders: { above: 3 } }, /orders\.above is not a comparison; use one of eq/],
    ['range needs a number', { orders: { gte: 'three' } }, /orders\.gte must be a number, got "three"/],
    ['empty and', { and: [] }, /and must be a non-empty list/],
  ])('%s', (_name, cond, message) => {
    const errors = validateCondition(cond, 'config.audiences.x');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(message);
  });
});
