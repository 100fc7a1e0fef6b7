// A page that rewrote itself with document.open() (legacy shops, interstitials, tag-manager templates: HTML's
// document.open() erases every event listener on its window) after Clientele started, forwarding to an endpoint.
// The forwarding chunk (src/forward.ts) adds its pagehide and visibilitychange flush listeners once, when it is
// created; round 30 made the outbox add its own leave listeners again with each batch, but not the forwarder's. So an
// order stored and handed to the forwarder in the last 2 s before the shopper leaves (the forwarder's FLUSH_MS) waits
// on a timer that never fires: it is never sent, and the worker has already taken it off its store (handed on).
// Expected: the order reaches the endpoint, as it does without the rewrite (control test passes).
// README ("Forwarding"): "endpoint: batched NDJSON with navigator.sendBeacon (flushed on page hide)"; "events go with
// the batch that stored them ... so a page left at once loses none"; README ("Nothing lost, nothing thrown"): "A page
// that rewrites itself with document.open() (which erases its window's listeners) has them added again with its next
// batch".
// Observed on this build: with the rewrite, the order never reaches /collect (0 lines), control: 1.
import { test, expect } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { initBeforeLoad, ready } from './helpers.ts';

const COLLECTED = new URL('../../.tmp/collected.ndjson', import.meta.url);
const collected = (orderId: string) => (existsSync(COLLECTED) ? readFileSync(COLLECTED, 'utf8') : '').split('\n').filter((l) => l.includes(orderId)).length;

for (const [rewrite, stay] of [[true, 0], [false, 0], [true, 3000]] as const) {
  test(`${rewrite ? 'after document.open()/write()' : 'control, no rewrite'}${stay ? ', page kept 3 s (control: the forwarder itself works)' : ''}: an order forwarded just before the page is left reaches the endpoint`, async ({ page }) => {
    test.setTimeout(60_000);
    const orderId = `r31b-${rewrite ? 'rw' : 'ctl'}-${stay}-${Date.now()}`;
    await initBeforeLoad(page, { forward: { endpoint: '/collect', events: ['orders'], consent: 'unless-refused' } });
    await page.goto('/demo/fixtures/blank.html?first');
    await ready(page);
    // the forwarding chunk is loaded at init (src/client.ts) before the rewrite
    await page.waitForTimeout(1000);
    if (rewrite) await page.evaluate(() => { document.open(); document.write('<!doctype html><title>Thank you</title><p>Thank you for your order</p>'); document.close(); });
    await page.evaluate(async (id) => {
      const c = (window as unknown as { clientele: { track(e: string, p: object): void; exportData(): Promise<unknown> } }).clientele;
      c.track('Order Completed', { order_id: id, total: 12.5, products: [{ product_id: '85123A', price: 12.5, quantity: 1 }] });
      // a read sends what waits first: once it answers, the order is stored and handed to the forwarder
      await c.exportData();
    }, orderId);
    if (stay) await page.waitForTimeout(stay);
    // the shopper leaves at once
    await page.goto('/demo/fixtures/blank.html?next');
    await ready(page);
    await page.waitForTimeout(4000);
    expect(collected(orderId)).toBe(1);
  });
}
