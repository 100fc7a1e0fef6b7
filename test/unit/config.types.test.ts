// Compile-time checks of the public config type: `npm run typecheck` fails if any line marked below
// as an expected error compiles (so a misspelt key stays an error), and vitest checks the shapes.
import { describe, expectTypeOf, it } from 'vitest';
import type { ConfigInput, createClientele, Clientele } from '../../src/index.ts';

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
