// Round 20: "config.assetBase with a javascript:/data: scheme is refused with a message" and the message says "using
// the script's own folder" (src/contract/config.ts). The worker's config check refuses it, but the page resolves the
// raw, unchecked value (src/client.ts base(): raw.assetBase) and starts the worker and loads its chunks from there: the
// engine never starts (ready() false, no rows), the message blames the deployment, and in a browser without Trusted
// Types a data: value is run as a script. Expected: the value refused everywhere, the script's own folder used, the
// engine up, rows drawn, one message naming config.assetBase, nothing run from it.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

for (const [bad, noTT] of [['javascript:alert(1)', false], ['data:text/javascript,window.__pwned=1//', true]] as const) test(`init({ assetBase: ${JSON.stringify(bad)} })${noTT ? ' in a browser without Trusted Types' : ''}: refused, the script's own folder used`, async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  if (noTT) await page.addInitScript(() => { delete (window as { trustedTypes?: unknown }).trustedTypes; });
  await page.addInitScript((b) => {
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ assetBase: b, catalogUrl: '/demo/data/catalog.json' }]]];
  }, bad);
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele;
    c.mount(document.body.appendChild(Object.assign(document.createElement('div'), { id: 'recs' })), { type: 'popular', limit: 3 });
  });
  await page.locator('#recs [data-clientele-widget-item]').first().waitFor({ timeout: 10_000 }).catch(() => undefined);
  const items = await page.locator('#recs [data-clientele-widget-item]').count();
  const pwned = await page.evaluate(() => (window as { __pwned?: unknown }).__pwned ?? null);
  console.log(JSON.stringify({ bad, ok, items, pwned, warnings, pageErrors }, null, 1));
  expect(pageErrors).toEqual([]);
  expect(pwned).toBeNull();
  expect(ok).toBe(true);
  expect(items).toBeGreaterThan(0);
  expect(warnings.filter((w) => w.includes('config.assetBase') && w.includes("script's own folder"))).toHaveLength(1);
});
