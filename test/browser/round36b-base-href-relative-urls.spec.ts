// Round 36 (tester B). README, "The snippet": the script tag's data-* attributes are config keys, and the page's URLs
// resolve as the browser resolves them. A page with `<base href>` (every Angular app has `<base href="/">`; a shop
// served under a path prefix sets one too) resolves its own fetch('data/catalog.json'), links and images against that
// base, but Clientele resolved a relative catalogUrl, siteModelUrl and assetBase against location.href: on a deep
// page (/deep/a/b.html) it fetched /deep/a/data/catalog.json (HTTP 404), drew no row, and said only that
// "data/catalog.json" could not be loaded. Expected (as the control, the same tag on a page that needs no base): the
// feed and the model load, a row draws 4 cards, nothing is said or thrown.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

const page = (base: string, attrs: string) => `<!doctype html><html><head><title>t</title>${base}
<script src="/dist/clientele-snippet.js"></script>
<script async src="/dist/clientele.js" data-autocapture="false" ${attrs}></script></head>
<body><div id=row data-clientele-widget="popular" data-limit="4"></div></body></html>`;

for (const [name, path, base] of [
  ['control: no <base>, page in /demo/', '/demo/r36b.html', ''],
  ['<base href="/demo/"> on a deep page', '/deep/a/b.html', '<base href="/demo/">'],
] as const) {
  test(`${name}: relative catalogUrl, siteModelUrl and assetBase resolve against the page's base URL`, async ({ page: p }) => {
    const con = watchConsole(p);
    await p.route(`**${path}`, (r) => r.fulfill({ contentType: 'text/html', body: page(base, 'data-catalog-url="data/catalog.json" data-site-model-url="model/manifest.json" data-asset-base="../dist/"') }));
    await p.goto(path);
    await expect.poll(() => p.evaluate(() => document.getElementById('row')?.shadowRoot?.querySelectorAll('a.card[href]').length ?? -1)).toBe(4);
    const names = await p.evaluate(async () => (await (window as unknown as { clientele: { recommend(o: object): Promise<Array<{ item: { name?: string } }>> } }).clientele.recommend({ type: 'popular', limit: 3 })).map((r) => r.item.name));
    expect(names).toEqual(['White Hanging Heart T-Light Holder', 'Regency Cakestand 3 Tier', 'Assorted Colour Bird Ornament']);
    expect({ warnings: con.warnings, pageErrors: con.pageErrors }).toEqual({ warnings: [], pageErrors: [] });
  });
}
