// A first visit to a shop whose origin's quota is already full (round 14's case), where the visitor signs in
// (identify()) or answers a consent banner (consent(true) under requireConsent). README, Quota: "One console message
// per page." Issue #8, item 4: "one message per page, not per batch". The events are stored once the room comes back.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
// Every put is refused for space until the page posts { full: false } on the 'quota-ctl' channel.
const FULL = `(function(){var full=true;var P=IDBObjectStore.prototype;var put=P.put,add=P.add;
var q=function(){return new DOMException('The quota has been exceeded.','QuotaExceededError')};
P.put=function(){if(full)throw q();return put.apply(this,arguments)};P.add=function(){if(full)throw q();return add.apply(this,arguments)};
new BroadcastChannel('quota-ctl').onmessage=function(e){full=!!e.data.full};})();\n`;

for (const requireConsent of [false, true])
test(`full quota, identify()${requireConsent ? ' and consent(true) under requireConsent' : ''}: one console message, events stored once room comes back`, async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors, warnings } = watchConsole(page);
  await page.route('**/dist/clientele-worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: FULL + (await res.text()) });
  });
  await page.route('**/faults/quota-identify.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en-GB"><title>Shop</title><script>${SNIPPET}</script>
<script>clientele.push(['init', [{ requireConsent: ${requireConsent} }]]);</script>
<script async src="/dist/clientele.js" data-autocapture="false" data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json"></script>
<body><div data-clientele-widget="popular" data-limit="4"></div></body></html>`,
  }));
  await page.goto('/faults/quota-identify.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const r = await page.evaluate(async (rc) => {
    type Api = Record<string, (...a: unknown[]) => Promise<unknown>>;
    const c = (window as unknown as { clientele: Api }).clientele;
    const ok = await c.ready();
    if (rc) c.consent(true);
    for (let i = 0; i < 10; i++) c.track('Product Viewed', { product_id: '85123A', i });
    c.identify('u1', { plan: 'gold' });
    for (let i = 10; i < 20; i++) c.track('Product Viewed', { product_id: '85123A', i });
    await new Promise((r) => setTimeout(r, 3000));
    new BroadcastChannel('quota-ctl').postMessage({ full: false });
    await new Promise((r) => setTimeout(r, 12_000));
    const d = (await c.exportData()) as unknown as { events: Array<{ event: string; anonymous_id: string }>; anonymous_id: string; user_id: string } | null;
    const viewed = d?.events.filter((e) => e.event === 'Product Viewed') ?? [];
    return { ok, stored: viewed.length, ids: [...new Set(viewed.map((e) => e.anonymous_id))], anon: d?.anonymous_id, user: d?.user_id };
  }, requireConsent);
  const msgs = warnings.filter((w) => /clientele/.test(w));
  console.log(JSON.stringify({ ...r, msgs: msgs.map((w) => w.slice(0, 160)) }));
  expect(r.ok).toBe(true);
  expect(r.stored).toBe(20);
  expect(r.ids).toEqual([r.anon]);
  expect(r.user).toBe('u1');
  // The quota's one message: not a second one for the profile write.
  expect(msgs).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
