// Round 36 (tester B, following the README). README, "Widgets and content slots": "a slot that config.slots does not
// name stays empty, with one console message". A `data-clientele-slot` element in the page's markup got two: the page
// chunk's scan said `<div data-clientele-slot="hero"> has no config.slots["hero"]; ...` and the engine, asked for the
// slot, said `content slot "hero" is not in config.slots` (with no fix). Expected: one message naming the slot,
// config.slots and what to add; a configured slot on the same page still shows its variant; nothing thrown.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

test('a data-clientele-slot the config does not name: one message with the fix; a configured one still shows', async ({ page }) => {
  const con = watchConsole(page);
  const config = { autocapture: false, slots: { promo: { default: { id: 'promo-default', title: 'Free delivery' }, variants: [] } } };
  await page.route('**/r36b/slots.html', (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>slots</title>
<script src="/dist/clientele-snippet.js"></script>
<script async src="/dist/clientele.js" data-config='${JSON.stringify(config)}'></script>
<div id=a data-clientele-slot="hero"><h1>Our own words</h1></div><div id=b data-clientele-slot="promo"></div>` }));
  await page.goto('/r36b/slots.html');
  await expect(page.locator('#b')).toHaveAttribute('data-clientele-variant', 'promo-default', { timeout: 20_000 });
  await expect(page.locator('#a')).toHaveAttribute('data-clientele-state', 'empty');
  await page.waitForTimeout(1000);
  expect(con.warnings.filter((w) => /hero/.test(w))).toEqual(['[clientele] content slot "hero" is not in config.slots; add it there as { "default": { "id": "hello" }, "variants": [] }']);
  expect(con.warnings).toHaveLength(1);
  expect(con.pageErrors).toEqual([]);
});
