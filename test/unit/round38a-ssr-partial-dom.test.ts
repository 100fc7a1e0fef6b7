// Round 38 (tester A). README "Bundlers": "Importing the package on a server (server-side rendering) touches no window;
// createClientele() called there ... returns an instance that does nothing (its promises settle at once)". A server
// whose DOM shim defines a `document` but no `window` or `location` (a minimal one for a renderer, or a test setup):
// createClientele() threw `location is not defined` into the server's render. Expected: nothing thrown, an instance
// that does nothing, its promises settled at once, one message.
import { describe, it, expect, vi } from 'vitest';

describe('createClientele() on a server whose DOM shim has a document but no window', () => {
  it('throws nothing and settles every promise at once', async () => {
    const g = globalThis as { document?: unknown; window?: unknown; location?: unknown };
    expect(typeof g.window).toBe('undefined');
    g.document = { createElement: () => ({}), querySelector: () => null, querySelectorAll: () => [], scripts: [] };
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { createClientele } = await import('../../src/index.ts');
      const c = createClientele({ catalogUrl: '/catalog.json' });
      c.track('Product Viewed', { product_id: 'SKU-1' });
      expect(typeof c.mount('#recs', { type: 'popular' })).toBe('function');
      const t0 = performance.now();
      expect(await Promise.all([c.recommend({ type: 'popular' }), c.ready(), c.exportData()])).toEqual([[], false, null]);
      expect(performance.now() - t0).toBeLessThan(1000);
      expect(warn.mock.calls.map((a) => a.join(' ')).filter((m) => m.startsWith('[clientele]'))).toHaveLength(1);
    } finally {
      delete g.document;
      warn.mockRestore();
    }
  });
});
