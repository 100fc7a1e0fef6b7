// Round 32, tester C (a front-end developer whose shop is an older site). Pages in a legacy encoding (windows-1252 in
// Europe, Shift_JIS or EUC-KR in East Asia) are common, and many servers send .js files with no charset. A classic
// <script> is then decoded in the page's encoding, and clientele-widget.js held raw UTF-8: the row's scroll buttons
// read "â€¹" / "â€º" and its labels "â€¦" (and the report chunk likewise). The worker's scripts are always UTF-8, but
// every file a page loads as a classic script must be plain ASCII (non-ASCII written as \u escapes).
import { test, expect } from '@playwright/test';
import { ready } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;

for (const charset of ['windows-1252', 'shift_jis']) {
  test(`a ${charset} page, scripts served without a charset: the row's text is not mangled`, async ({ page }) => {
    await page.route('**/demo/fixtures/blank.html', async (route) => {
      const res = await route.fetch();
      const body = (await res.text()).replace('<meta charset="utf-8">', '');
      await route.fulfill({ status: 200, headers: { 'content-type': `text/html; charset=${charset}` }, body: Buffer.from(body, 'latin1') });
    });
    await page.route('**/dist/*.js', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, headers: { ...res.headers(), 'content-type': 'text/javascript' } });
    });
    await page.goto('/demo/fixtures/blank.html');
    expect(await page.evaluate(() => document.characterSet.toLowerCase())).toBe(charset);
    await ready(page);
    await page.evaluate(() => {
      const el = document.body.appendChild(document.createElement('div'));
      el.id = 'recs';
      ((window as unknown as { clientele: C }).clientele).mount(el, { type: 'similar', itemId: '85123A', limit: 12 });
    });
    await expect.poll(() => page.evaluate(() => document.getElementById('recs')?.getAttribute('data-clientele-state'))).toBe('ready');
    const text = await page.evaluate(() => document.getElementById('recs')!.shadowRoot!.textContent ?? '');
    expect(text).toContain('‹');
    expect(text).toContain('›');
    expect(text).not.toMatch(/â€|�/);
  });
}
