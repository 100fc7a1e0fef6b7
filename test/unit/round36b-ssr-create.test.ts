// Round 36 (tester B). A new user of the npm build who renders on the server (Next.js, Nuxt, SvelteKit, Astro) calls
// createClientele() in a component's body, which also runs in Node. Importing the package was fine, but the call
// logged `[clientele] internal error: document is not defined; Clientele carries on` (no key, no fix), once per call,
// and every promise waited out its 10 s deadline: a server that awaited recommend() to render a row held each request
// 10 s. Expected: one message naming createClientele(), the missing document and where to call it instead; every
// promise settles at once with what a page without the script gets; nothing throws.
import { describe, it, expect, vi } from 'vitest';

describe('createClientele() with no page (server-side rendering)', () => {
  it('settles every promise at once, throws nothing, and says once where to call it', async () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { createClientele } = await import('../../src/index.ts');
    const t0 = performance.now();
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      const c = createClientele({ siteModelUrl: '/model/manifest.json' });
      c.init({ locale: 'en' });
      c.track('Product Viewed', { product_id: 'SKU-1' });
      c.page();
      c.identify('u-1');
      c.consent(true);
      expect(typeof c.mount('#recs', { type: 'popular' })).toBe('function');
      expect(typeof c.onSegments(() => undefined)).toBe('function');
      results.push(await Promise.all([c.recommend({ type: 'popular' }), c.ready(), c.status(), c.exportData(), c.forget(), c.segments(), c.setClock(null)]));
    }
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(results[0]).toEqual([[], false, null, null, false, null, undefined]);
    const said = [...warn.mock.calls, ...error.mock.calls].map((a) => a.join(' '));
    expect(said).toHaveLength(1);
    expect(said[0]).toMatch(/createClientele\(\).*no page.*document.*useEffect/);
    warn.mockRestore();
    error.mockRestore();
  });
});
