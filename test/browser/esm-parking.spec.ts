// the ESM entry (createClientele) parks, replays and forgets as the script-tag build does.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void; forget(): Promise<boolean>; identify(u: string): void };
const ESM = `<!doctype html><title>esm</title><script type="module">
import { createClientele } from '/dist/esm/index.js';
const c = createClientele({ siteId: 'esm', autocapture: false });
window.clientele = Object.assign({}, c, { __real: true });
</script>`;
const TAG = `<!doctype html><title>tag</title><script async src="/dist/clientele.js" data-site-id="esm" data-autocapture="false"></script>`;

async function serve(page: Page) {
  await page.route('**/esm/app.html', (r) => r.fulfill({ contentType: 'text/html', body: ESM }));
  await page.route('**/tag/app.html', (r) => r.fulfill({ contentType: 'text/html', body: TAG }));
}

for (const kind of ['esm', 'tag'] as const) {
  test(`${kind}: 500 tracked, reload at once: 500 stored once; [5 before, forget, 5 after] reload: 0 / 5`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await serve(page);
    await page.goto(`/${kind}/app.html`);
    await ready(page);
    await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 500; i++) c.track('Burst', { i }); });
    await page.reload();
    await ready(page);
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Burst').length, { timeout: 30_000 }).toBeGreaterThanOrEqual(500);
    const ev = eventsNamed((await exported(page)).events, 'Burst');
    await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 5; i++) c.track('Before', { i }); void c.forget(); for (let i = 0; i < 5; i++) c.track('After', { i }); });
    await page.reload();
    await ready(page);
    await page.waitForTimeout(3000);
    const all = (await exported(page)).events;
    const r = { burst: ev.length, unique: new Set(ev.map((e) => e.message_id)).size, before: eventsNamed(all, 'Before').length, after: eventsNamed(all, 'After').length, burstAfterForget: eventsNamed(all, 'Burst').length };
    console.log('ESM', kind, JSON.stringify(r), pageErrors);
    expect(r).toEqual({ burst: 500, unique: 500, before: 0, after: 5, burstAfterForget: 0 });
  });
}
