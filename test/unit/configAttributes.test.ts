// Typed data-* config: the script tag sends its attributes as strings, the worker's config check coerces
// each by its key's type before validating (field case 11), and messages name the attribute the owner wrote.
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, resolveConfig } from '../../src/contract/config.ts';

const fromTag = (attrs: Record<string, string>, code: Record<string, unknown> = {}) => resolveConfig({ dataAttributes: attrs, ...code });

describe('data-* attributes coerced by the config schema', () => {
  it.each<[string, Record<string, string>, Partial<Record<keyof typeof DEFAULT_CONFIG, unknown>>]>([
    ['field case 11: a number', { 'session-timeout-minutes': '5' }, { sessionTimeoutMinutes: 5 }],
    ['a decimal number with spaces', { 'session-timeout-minutes': ' 2.5 ' }, { sessionTimeoutMinutes: 2.5 }],
    ['a boolean "false"', { 'require-consent': 'false' }, { requireConsent: false }],
    ['a present boolean attribute', { 'require-consent': '' }, { requireConsent: true }],
    ['booleans as yes/1/on', { debug: 'yes', 'data-layer': '1' }, { debug: true, dataLayer: true }],
    ['a string', { 'site-id': 'shop-eu', 'catalog-url': '/products.json' }, { siteId: 'shop-eu', catalogUrl: '/products.json' }],
    ['JSON for an object', { retention: '{"maxAgeDays": 30, "maxEvents": 1000}' }, { retention: { maxAgeDays: 30, maxEvents: 1000 } }],
    ['JSON for a list', { widgets: '[{"selector": "#recs", "type": "similar", "limit": 4}]' }, { widgets: [{ selector: '#recs', type: 'similar', limit: 4 }] }],
    ['autocapture="false" (an object key that takes a boolean)', { autocapture: 'false' }, { autocapture: { ...DEFAULT_CONFIG.autocapture, pageViews: false, productViews: false, clicks: false, addToCart: false, dwell: false } }],
    ['autocapture as JSON', { autocapture: '{"dwell": false, "pageViewsOnQuery": true}' }, { autocapture: { ...DEFAULT_CONFIG.autocapture, dwell: false, pageViewsOnQuery: true } }],
    ['data-config JSON, with single attributes over it', { config: '{"siteId": "from-json", "debug": true}', 'site-id': 'from-attr' }, { siteId: 'from-attr', debug: true }],
  ])('%s', (_name, attrs, want) => {
    const { config, problems } = fromTag(attrs);
    expect(problems).toEqual([]);
    expect(config).toMatchObject(want);
  });

  it('keys set in code beat the attributes', () => {
    expect(fromTag({ 'site-id': 'attr' }, { siteId: 'code' }).config.siteId).toBe('code');
  });

  it('a value that still does not fit gets the usual message, naming the attribute, and falls back', () => {
    const { config, problems } = fromTag({ 'session-timeout-minutes': 'five' });
    expect(config.sessionTimeoutMinutes).toBe(DEFAULT_CONFIG.sessionTimeoutMinutes);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^\[clientele\] <script data-session-timeout-minutes> \(config\.sessionTimeoutMinutes\) must be a number from 1 to 1440, got "five"/);
  });

  it('bad JSON in data-config says so once', () => {
    const { problems } = fromTag({ config: '{siteId: x}' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/<script data-config> must be a JSON object/);
  });

  it('other tools\' attributes are left alone; a misspelt setting gets a suggestion', () => {
    expect(fromTag({ cfasync: 'false', cookieconsent: 'ignore', domain: 'shop.example' }).problems).toEqual([]);
    const { problems } = fromTag({ 'site-modle-url': '/m.json' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/<script data-site-modle-url> is not a Clientele setting; did you mean data-site-model-url\?/);
  });
});

describe('autocapture switches', () => {
  it('true and false set the capture switches, not the SPA page-view options', () => {
    expect(resolveConfig({ autocapture: true }).config.autocapture).toEqual(DEFAULT_CONFIG.autocapture);
    expect(resolveConfig({ autocapture: false }).config.autocapture).toMatchObject({ pageViews: false, dwell: false, pageViewsOnQuery: false, pageViewsOnHash: false });
    expect(DEFAULT_CONFIG.autocapture).toMatchObject({ pageViewsOnQuery: false, pageViewsOnHash: false });
  });
});
