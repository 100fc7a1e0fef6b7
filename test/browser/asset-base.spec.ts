// config.assetBase is honoured when it arrives through init(), not only as data-asset-base: the worker and the
// widget chunk both come from there.
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

test('init({ assetBase }) moves the worker and the widget to that folder', async ({ page }) => {
  // A copy of dist/ served from another folder, as a CDN or a static host would.
  await page.route('**/static/clientele/**', async (route) => {
    const url = new URL(route.request().url());
    const res = await route.fetch({ url: url.origin + url.pathname.replace('/static/clientele/', '/dist/') });
    await route.fulfill({ response: res });
  });
  const workers: string[] = [];
  const scripts: string[] = [];
  page.on('worker', (w) => workers.push(new URL(w.url()).pathname));
  page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname); });
  // As a page's own script calls it before Clientele starts (the snippet's queue keeps the call).
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ assetBase: '/static/clientele/', catalogUrl: '/demo/data/catalog.json' }]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele;
    c.mount(document.body.appendChild(Object.assign(document.createElement('div'), { id: 'recs' })), { type: 'popular', limit: 3 });
  });
  await expect(page.locator('#recs [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
  expect(workers).toEqual(['/static/clientele/clientele-worker.js']);
  expect(scripts).toContain('/static/clientele/clientele-widget.js');
  expect(scripts).not.toContain('/dist/clientele-widget.js');
});
