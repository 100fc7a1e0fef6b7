// Round 9: config.forward.endpoint that stops answering (a collector that hangs: requests never complete). One lasting
// fault; the README promises one console message per bad call / fault, never a flood. The forwarder's fallback fetch
// warns once per failed batch with the batch's size in the text, so each new size is a new message.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, initBeforeLoad } from './helpers.ts';

test('a forwarding endpoint that hangs while the shopper adds items in two bursts: at most one console message', async ({ page }) => {
  test.setTimeout(60_000);
  const { warnings, pageErrors } = watchConsole(page);
  let requests = 0;
  await page.route('**/collect-hangs', () => { requests++; return new Promise(() => undefined); });
  await initBeforeLoad(page, { forward: { endpoint: '/collect-hangs', consent: 'unless-refused', events: ['cart'] } });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    // A burst of 100 cart adds (five batches of batchSize 20: the hung ones use up the browser's keepalive quota, so
    // later ones fail), then 50 more (two batches of 20 and one of 10), each flushed after 2 s.
    for (const n of [100, 50]) {
      for (let i = 0; i < n; i++) c.track('Product Added', { product_id: `SKU-${n}-${i}`, price: 9.5, quantity: 1, name: 'Large Ceramic Serving Bowl, hand glazed', description: 'd'.repeat(1200) });
      await new Promise((r) => setTimeout(r, 2600));
    }
  });
  const forwardMsgs = warnings.filter((w) => /forward/.test(w));
  console.log(JSON.stringify({ requests, forwardMsgs }));
  expect(forwardMsgs.length).toBeLessThanOrEqual(1);
  expect(pageErrors).toEqual([]);
});
