// init({ requireConsent: true }) made late, in the middle of a burst.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void; init(c: object): void };
const TAG = `<!doctype html><title>late</title><script async src="/dist/clientele.js" data-site-id="late" data-autocapture="false"></script>`;

test('late init({requireConsent:true}) mid-burst: nothing tracked after it is stored or parked', async ({ page }) => {
  await page.route('**/late/app.html', (r) => r.fulfill({ contentType: 'text/html', body: TAG }));
  await page.goto('/late/app.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let i = 0; i < 20000; i++) c.track('Pre', { i });
  });
  await page.waitForTimeout(30);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Api }).clientele;
    c.init({ requireConsent: true });
    for (let i = 0; i < 10; i++) c.track('Post', { i });
  });
  // The visitor leaves at once for a page of the origin with no Clientele on it.
  await page.route('**/late/plain.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await page.goto('/late/plain.html');
  const parkedPost = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.includes(':unsent')).map((k) => localStorage.getItem(k)!).join('').split('"Post"').length - 1);
  // Next page of the site (its own late init() not yet made): what was parked is stored.
  await page.goto('/late/app.html');
  await ready(page);
  await page.waitForTimeout(4000);
  const ev = (await exported(page)).events;
  const r = { parkedPost, storedPost: eventsNamed(ev, 'Post').length, storedPre: eventsNamed(ev, 'Pre').length };
  console.log('LATE', JSON.stringify(r));
  expect({ parkedPost: r.parkedPost, storedPost: r.storedPost }).toEqual({ parkedPost: 0, storedPost: 0 });
});
