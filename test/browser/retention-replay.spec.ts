// retention.maxEvents with events replayed from a parked outbox; exportData order and duplicates.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed } from './helpers.ts';

test.setTimeout(180_000);
type Api = { track(e: string, p?: object): void };
const TAG = `<!doctype html><title>ret</title><script async src="/dist/clientele.js" data-site-id="ret" data-config='{"retention":{"maxEvents":100}}' data-autocapture="false"></script>`;

test('maxEvents 100: 300 parked old events + 50 new on the next page: 100 kept, the newest, in time order, no duplicates', async ({ page }) => {
  await page.route('**/ret/app.html', (r) => r.fulfill({ contentType: 'text/html', body: TAG }));
  await page.goto('/ret/app.html');
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 300; i++) c.track('Old', { i }); });
  await page.reload();
  await ready(page);
  await page.waitForTimeout(50);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 50; i++) c.track('New', { i }); });
  await page.waitForTimeout(4000);
  const ev = (await exported(page)).events;
  const ts = ev.map((e) => e.timestamp);
  const sorted = ts.every((t, i) => i === 0 || ts[i - 1] <= t);
  const old = eventsNamed(ev, 'Old').map((e) => e.properties.i as number);
  const r = { total: ev.length, unique: new Set(ev.map((e) => e.message_id)).size, news: eventsNamed(ev, 'New').length, olds: old.length, minOld: Math.min(...old), sorted };
  console.log('RET', JSON.stringify(r));
  expect(r).toEqual({ total: 100, unique: 100, news: 50, olds: 50, minOld: 250, sorted: true });
});
