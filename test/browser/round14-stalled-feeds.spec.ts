// The site model's server stalls (accepts the request, never answers: a CDN or proxy that hangs). The catalog feed
// loads fine. README: "Discovery rows fall back (their own model, then popular, then the catalog) so they are never
// empty while there are products to show"; status() is "{ storage, events, catalog, siteModel }"; a site model that
// cannot load leaves "the last good model ... in use: from memory, or from the IndexedDB cache" (worker/engine.ts).
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type Api = { recommend(r: object): Promise<unknown[]>; status(): Promise<{ catalog: number } | null> };

const probe = async (page: Page) => {
  await ready(page);
  await page.waitForTimeout(3000);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const t0 = performance.now();
    const [popular, status] = await Promise.all([c.recommend({ type: 'popular', limit: 6 }), c.status()]);
    return { popular: popular.length, status, ms: Math.round(performance.now() - t0) };
  });
  const cards = await page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').count();
  console.log(JSON.stringify({ ...r, cards }));
  return { ...r, cards };
};

for (const how of ['404 (control)', 'never answers', 'never answers, model cached by an earlier visit', 'is fine, the catalog feed never answers'] as const)
  test(`a site model whose server ${how}: rows still render, status() answers`, async ({ context }) => {
    test.setTimeout(90_000);
    const page = await context.newPage();
    const { pageErrors } = watchConsole(page);
    if (how.endsWith('cached by an earlier visit')) {
      await page.goto('/demo/index.html');
      await ready(page);
      await expect(page.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').first()).toBeVisible();
      await page.waitForTimeout(1500);
      await page.goto('about:blank');
    }
    if (how.includes('catalog feed')) await context.route('**/demo/data/catalog.json', () => new Promise(() => undefined));
    else await context.route('**/demo/model/**', (route) => (how.startsWith('404') ? route.fulfill({ status: 404, body: '' }) : new Promise(() => undefined)));
    await page.goto('/demo/index.html');
    const r = await probe(page);
    expect(r.status).not.toBeNull();
    expect(r.popular).toBe(6);
    expect(r.cards).toBeGreaterThan(0);
    expect(pageErrors).toEqual([]);
  });
