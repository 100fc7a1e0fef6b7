// data-require-consent on the script tag, the shopper leaves before the worker answered the config.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

const blank = readFileSync(new URL('../../demo/fixtures/blank.html', import.meta.url), 'utf8');
const tag = (attrs: string) => blank.replace('<script async src="/dist/clientele.js"', `<script async src="/dist/clientele.js" ${attrs}`);

for (const [name, attrs, initCfg] of [
  ['data-require-consent attribute', 'data-require-consent data-autocapture="false"', null],
  ['control: requireConsent by a queued init()', 'data-autocapture="false"', { requireConsent: true }],
] as const) {
  test(`${name}: calls made before consent, page left while the worker starts: nothing personal is written to localStorage`, async ({ page }) => {
    await page.route('**/tagged/consent.html', (r) => r.fulfill({ contentType: 'text/html', body: tag(attrs) }));
    await page.route('**/tagged/empty.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>x</title>' }));
    // A slow worker (a 2-core phone): the script runs, the worker has not answered yet.
    await page.route('**/dist/clientele-worker.js', async (r) => { await new Promise((s) => setTimeout(s, 4000)); await r.continue(); });
    if (initCfg) await page.addInitScript((c) => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [c]]]; }, initCfg);
    await page.goto('/tagged/consent.html');
    await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
    await page.evaluate(() => {
      const c = (window as unknown as { clientele: { track(e: string, p?: object): void; identify(u: string, t?: object): void } }).clientele;
      c.identify('user-42', { region: 'GB' });
      for (let i = 0; i < 20; i++) c.track('Product Viewed', { product_id: 'SKU-' + i, email_hint: 'private' });
    });
    await page.goto('/tagged/empty.html');
    const stored = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)!.length])));
    const personal = await page.evaluate(() => Object.keys(localStorage).filter((k) => /user-42|SKU-/.test(localStorage.getItem(k)!)));
    console.log(name, JSON.stringify({ keys: stored, personal }));
    expect(personal).toEqual([]);
  });
}
