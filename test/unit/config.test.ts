import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/contract/config.ts';

describe('resolveConfig', () => {
  it('returns the defaults for no config', () => {
    expect(resolveConfig(undefined)).toEqual({ config: DEFAULT_CONFIG, problems: [] });
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 42, /^\[clientele\] config must be an object/],
    ['widgets not a list', { widgets: 42 }, /config\.widgets must be a list like .* got 42/],
    ['unknown widget type', { widgets: [{ selector: '#r', type: 'sideways' }] }, /config\.widgets\[0\]\.type must be one of for-you, .* got "sideways"/],
    ['bad limit', { widgets: [{ selector: '#r', type: 'popular', limit: 'ten' }] }, /config\.widgets\[0\]\.limit must be a whole number from 1 to 50, got "ten"/],
    ['unknown key', { sitemodelurl: '/m' }, /config\.sitemodelurl is not a Clientele setting/],
    ['bad currency', { currency: 'pounds' }, /config\.currency must be an ISO 4217 code/],
    ['bad retention', { retention: { maxEvents: -1 } }, /config\.retention\.maxEvents must be a whole number from 100/],
    ['bad audience', { audiences: { lapsing: { lifecycel: 'at-risk' } } }, /config\.audiences\.lapsing\.lifecycel is not a field/],
    ['slot variant with unknown audience', { slots: { hero: { default: { id: 'd' }, variants: [{ id: 'v', audience: 'ghosts' }] } } }, /config\.slots\.hero\.variants\[0\]\.audience must name an audience/],
  ])('%s: one message naming key, value and fix', (_n, input, message) => {
    const { problems } = resolveConfig(input);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it('a bad widget limit falls back to the default limit and keeps the widget', () => {
    expect(resolveConfig({ widgets: [{ selector: '#r', type: 'popular', limit: 'ten' }] }).config.widgets).toEqual([{ selector: '#r', type: 'popular' }]);
  });

  it('keeps good settings next to bad ones', () => {
    const { config, problems } = resolveConfig({ siteModelUrl: '/m.json', widgets: [{ selector: '#a', type: 'similar', limit: 4 }, { selector: '#b', type: 'nope' }], autocapture: { dwell: false } });
    expect(problems).toHaveLength(1);
    expect(config.siteModelUrl).toBe('/m.json');
    expect(config.widgets).toEqual([{ selector: '#a', type: 'similar', limit: 4 }]);
    expect(config.autocapture).toEqual({ ...DEFAULT_CONFIG.autocapture, dwell: false });
  });

  it('drops a slot variant whose audience is unknown but keeps the slot default', () => {
    const { config } = resolveConfig({ slots: { hero: { default: { id: 'd', title: 'Hi' }, variants: [{ id: 'v', audience: 'ghosts' }] } } });
    expect(config.slots.hero).toEqual({ default: { id: 'd', title: 'Hi' }, variants: [] });
  });
});

it('tells three unknown keys one by one and the rest in one message: the wrong object given cannot flood the console', () => {
  const input = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`key${i}`, i]));
  const { problems } = resolveConfig({ ...input, siteId: 'shop' });
  expect(problems.filter((p) => /is not a Clientele setting/.test(p))).toHaveLength(3);
  expect(problems.filter((p) => /47 more keys of config are not Clientele settings and were ignored: key3, key4/.test(p))).toHaveLength(1);
  expect(problems).toHaveLength(4);
});
