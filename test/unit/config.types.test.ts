// Compile-time checks of the public config type: `npm run typecheck` fails if any line marked below
// as an expected error compiles (so a misspelt key stays an error), and vitest checks the shapes.
import { describe, expectTypeOf, it } from 'vitest';
import type { ConfigInput, createClientele, Clientele } from '../../src/index.ts';
import type { ForwardedEvent } from '../../src/contract/loop.ts';

describe('createClientele(config) is typed with the real config', () => {
  it('accepts the documented keys and shorthands, and rejects misspelt or mistyped ones', () => {
    expectTypeOf<Parameters<typeof createClientele>[0]>().toEqualTypeOf<ConfigInput | undefined>();
    expectTypeOf<Parameters<Clientele['init']>[0]>().toEqualTypeOf<ConfigInput | undefined>();
    const good: ConfigInput[] = [
      { siteModelUrl: '/model/manifest.json', catalogUrl: null, locale: 'zh-CN', assetBase: '/static/clientele/' },
      { autocapture: false },
      { autocapture: { dwell: false } },
      { retention: { maxAgeDays: 30 } },
      { widgets: [{ selector: '#recs', type: 'similar', limit: 6 }] },
      { slots: { hero: { default: { id: 'hello', title: 'Hello' } } } },
    ];
    // @ts-expect-error a misspelt key
    const misspelt: ConfigInput = { siteModelURL: '/model/manifest.json' };
    // @ts-expect-error a value of the wrong type
    const mistyped: ConfigInput = { requireConsent: 'yes' };
    // @ts-expect-error an unknown row type
    const badRow: ConfigInput = { widgets: [{ selector: '#recs', type: 'similiar' }] };
    // @ts-expect-error a misspelt nested key
    const nested: ConfigInput = { autocapture: { dwel: false } };
    expectTypeOf(good).toEqualTypeOf<ConfigInput[]>();
    void [misspelt, mistyped, badRow, nested];
  });
});

// Round 41e: the README's own examples (Experiments and the holdout, Forwarding), pasted into a consumer app with
// `strict` on, were compile errors: holdout wanted its `id`, each variant its `name` and `weight`, an experiment its
// `name` and `traffic`, and forward.callback was typed `boolean` (the worker's view) where the page passes a function.
describe("the README's config examples compile under strict", () => {
  it('experiments, holdout, attribution and forward take the keys the README leaves out', () => {
    const analytics = { batch: (events: ForwardedEvent[]) => void events };
    const readme: ConfigInput[] = [
      {
        holdout: { percent: 10 },
        experiments: [
          { id: 'for-you-model', target: { rows: 'for-you' },
            variants: [{ id: 'control' }, { id: 'ease', row: { model: 'ease', limit: 8, layout: 'grid', title: 'Picked for you' } }] },
          { id: 'hero-sale', target: { slot: 'hero' }, traffic: 0.5, audience: 'lapsing',
            namespace: { id: 'home', range: [0, 0.5] },
            variants: [{ id: 'control' }, { id: 'sale', show: 'win-back' }] },
        ],
      },
      { forward: {
        endpoint: '/collect',
        dataLayer: true,
        callback: (events) => analytics.batch(events),
        events: ['exposures', 'impressions', 'clicks', 'cart', 'orders', 'dismissals', 'segments'],
        consent: 'required',
      } },
      { attribution: { clickWindowDays: 3 } },
    ];
    // @ts-expect-error forward.callback is a function, not a flag
    const flag: ConfigInput = { forward: { callback: true } };
    // @ts-expect-error a misspelt variant key
    const variant: ConfigInput = { experiments: [{ id: 'x', target: { rows: 'for-you' }, variants: [{ id: 'a', wieght: 1 }] }] };
    expectTypeOf(readme).toEqualTypeOf<ConfigInput[]>();
    void [flag, variant];
  });
});
