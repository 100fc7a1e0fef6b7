// siteId given as a script-tag attribute (data-site-id) and parking across a reload.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';
import { readFileSync } from 'node:fs';

const blank = readFileSync(new URL('../../demo/fixtures/blank.html', import.meta.url), 'utf8');
const withAttrs = (attrs: string) => blank.replace('<script async src="/dist/clientele.js"', `<script async src="/dist/clientele.js" ${attrs}`);

async function serve(page: Page, attrs: string) {
  await page.route('**/tagged/site.html', (r) => r.fulfill({ contentType: 'text/html', body: withAttrs(attrs) }));
}

for (const [name, attrs] of [['data-site-id="shop"', 'data-site-id="shop" data-autocapture="false"'], ['data-config siteId', `data-config='{"siteId":"shop"}' data-autocapture="false"`], ['control: no site id', 'data-autocapture="false"']] as const) {
  test(`${name}: 500 events tracked, reload before the first batch: all 500 stored on the next page`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await serve(page, attrs);
    await page.goto('/tagged/site.html');
    await ready(page);
    await page.evaluate(() => {
      const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
      for (let i = 0; i < 500; i++) c.track('Probe Event', { n: i });
    });
    await page.reload();
    await ready(page);
    await page.waitForTimeout(3000);
    const ev = eventsNamed((await exported(page)).events, 'Probe Event');
    const keys = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes('unsent')).length);
    console.log(name, JSON.stringify({ stored: ev.length, unique: new Set(ev.map((e) => e.message_id)).size, leftParkedKeys: keys }));
    expect(ev.length).toBe(500);
    expect(pageErrors).toEqual([]);
  });
}

test('data-site-id="shop": 5 pages each left with 200 unsent events: 1,000 stored, and no parked chunk is left behind in localStorage', async ({ page }) => {
  await serve(page, 'data-site-id="shop" data-autocapture="false"');
  await page.goto('/tagged/site.html');
  for (let p = 0; p < 5; p++) {
    await ready(page);
    await page.evaluate((p) => {
      const c = (window as unknown as { clientele: { track(e: string, q?: object): void } }).clientele;
      for (let i = 0; i < 200; i++) c.track('Probe Event', { p, n: i });
    }, p);
    await page.reload();
  }
  await ready(page);
  await page.waitForTimeout(3000);
  const ev = eventsNamed((await exported(page)).events, 'Probe Event');
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => [k, localStorage.getItem(k)!.length]));
  console.log(JSON.stringify({ stored: ev.length, leftKeys: left.length, leftChars: left.reduce((s, [, n]) => s + (n as number), 0) }));
  expect(ev.length).toBe(1000);
  expect(left).toEqual([]);
});
