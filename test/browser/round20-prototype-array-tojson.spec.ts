// A shop page that loads Prototype.js 1.6 (older Magento 1 and other legacy shops) has Array.prototype.toJSON, which
// returns the array's JSON as a string: JSON.stringify([1, 2]) === '"[1, 2]"'. Clientele writes its ops and the
// snippet parks its queue with JSON.stringify, so on such a page identify() is dropped silently, an order's products
// list is refused, a list property is stored as a string, and the calls the snippet parked are never replayed.
// Expected: the page's own toJSON changes nothing Clientele stores: 0 lost, lists stored as lists.
import { test, expect } from '@playwright/test';
import { exported, ready, trackMarker, watchConsole } from './helpers.ts';

/** Prototype.js 1.6.x's Array#toJSON, in effect: the array's JSON, as a string. */
const PROTOTYPE = process.env.NO_PROTO ? '' : `Array.prototype.toJSON = function () { return '[' + Array.prototype.map.call(this, function (x) { var v = JSON.stringify(x); return v === undefined ? 'null' : v; }).join(', ') + ']'; };`;

test('a page with Prototype.js: identify(), an order with products and a list property are stored as given', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.addInitScript(PROTOTYPE);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: Record<string, (...a: unknown[]) => void> }).clientele;
    c.identify('user-42', { tier: 'gold' });
    c.track('Order Completed', { order_id: 'O1', products: [{ product_id: 'A', price: 1, quantity: 1 }] });
    c.track('Search', { tags: ['red', 'mug'] });
  });
  await trackMarker(page);
  const d = await exported(page);
  const order = d.events.filter((e) => e.event === 'Order Completed');
  const search = d.events.find((e) => e.event === 'Search');
  console.log(JSON.stringify({ user_id: d.user_id, orders: order.length, tags: search?.properties.tags, warnings, pageErrors }));
  expect(pageErrors).toEqual([]);
  expect(d.user_id).toBe('user-42');
  expect(order).toHaveLength(1);
  expect(search?.properties.tags).toEqual(['red', 'mug']);
});

test('a page with Prototype.js reloaded right after 2,000 track() calls: the next page stores all 2,000 the outbox parked', async ({ page }) => {
  await page.addInitScript(PROTOTYPE);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => {
    const c = (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele;
    for (let i = 0; i < 2000; i++) c.track('Burst', { i });
  });
  await page.reload();
  await ready(page);
  await trackMarker(page);
  const burst = (await exported(page)).events.filter((e) => e.event === 'Burst');
  console.log(JSON.stringify({ stored: burst.length, distinct: new Set(burst.map((e) => e.properties.i)).size }));
  expect(new Set(burst.map((e) => e.properties.i)).size).toBe(2000);
  expect(burst).toHaveLength(2000);
});

test('a page with Prototype.js left before clientele.js arrived: the calls the snippet parked are replayed by the next page', async ({ context }) => {
  const first = await context.newPage();
  await first.addInitScript(PROTOTYPE);
  await first.route('**/late/proto.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>p</title><script src="/dist/clientele-snippet.js"></script><script>clientele.track('Parked One', { a: 1 }); clientele.identify('u-9');</script><script async src="/dist/clientele.js?never" data-autocapture="false"></script>`,
  }));
  await first.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await first.goto('/late/proto.html', { waitUntil: 'domcontentloaded' });
  await first.waitForTimeout(200);
  await first.goto('about:blank');
  const next = await context.newPage();
  await next.addInitScript(PROTOTYPE);
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next);
  const d = await exported(next);
  console.log(JSON.stringify({ user_id: d.user_id, events: d.events.map((e) => e.event) }));
  expect(d.events.filter((e) => e.event === 'Parked One')).toHaveLength(1);
  expect(d.user_id).toBe('u-9');
});

// Prototype.js's own serializer (Object.toJSON) writes nested lists as JSON but leaves out what is undefined, so the
// snippet parks a forget() (whose resolve and reject are functions) as ["forget", [], time]: read without its time,
// it went before the calls made before it, and they were stored.
const PROTOTYPE_OWN = `(function () { function toJ(o) { if (o === undefined || typeof o === 'function') return undefined; if (o === null) return 'null'; if (Array.isArray(o)) return o.toJSON(); if (typeof o === 'object') { var r = []; for (var k in o) { var v = toJ(o[k]); if (v !== undefined) r.push(JSON.stringify(k) + ': ' + v); } return '{' + r.join(', ') + '}'; } return JSON.stringify(o); }
Array.prototype.toJSON = function () { var r = []; this.forEach(function (x) { var v = toJ(x); if (v !== undefined) r.push(v); }); return '[' + r.join(', ') + ']'; }; })();`;

test('a page with Prototype.js\'s own serializer left before clientele.js arrived: a parked forget() erases the calls made before it', async ({ context }) => {
  const first = await context.newPage();
  await first.addInitScript(PROTOTYPE_OWN);
  await first.route('**/late/proto-own.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>p</title><script src="/dist/clientele-snippet.js"></script><script>clientele.identify('u-1'); clientele.track('Before', { a: 1 }); clientele.forget(); clientele.track('After', { tags: ['x', 'y'] });</script><script async src="/dist/clientele.js?never" data-autocapture="false"></script>`,
  }));
  await first.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await first.goto('/late/proto-own.html', { waitUntil: 'domcontentloaded' });
  await first.waitForTimeout(200);
  await first.goto('about:blank');
  const next = await context.newPage();
  await next.addInitScript(PROTOTYPE_OWN);
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await trackMarker(next);
  const d = await exported(next);
  console.log(JSON.stringify({ user_id: d.user_id, events: d.events.map((e) => e.event) }));
  expect(d.events.filter((e) => e.event === 'Before')).toHaveLength(0);
  expect(d.events.find((e) => e.event === 'After')?.properties.tags).toEqual(['x', 'y']);
  expect(d.user_id).toBeNull();
});

for (const [name, calls, secret] of [
  ['a consent(false) queued after a track()', "clientele.track('Secret', { a: 1 }); clientele.consent(false);", true],
  ['requireConsent on the tag and no answer yet', "clientele.track('Secret', { a: 1 }); clientele.forget();", false],
] as const) test(`a page with Prototype.js's own serializer left before clientele.js arrived, ${name}: the snippet parks no personal call, and keeps the consent()/forget() calls`, async ({ context }) => {
  const first = await context.newPage();
  await first.addInitScript(PROTOTYPE_OWN);
  await first.route('**/late/proto-no.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>p</title><script src="/dist/clientele-snippet.js"></script><script>${calls}</script><script async src="/dist/clientele.js?never" data-autocapture="false"${secret ? '' : ' data-require-consent="true"'}></script>`,
  }));
  await first.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await first.goto('/late/proto-no.html', { waitUntil: 'domcontentloaded' });
  await first.waitForTimeout(200);
  await first.goto('about:blank');
  // A page of the site without Clientele: what the snippet left in localStorage, as stored.
  const next = await context.newPage();
  await next.route('**/late/plain.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>plain</title>' }));
  await next.goto('/late/plain.html');
  const parked = await next.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).map((k) => localStorage.getItem(k)).join('\n'));
  console.log(parked);
  expect(parked).not.toContain('Secret');
  expect(parked).toMatch(secret ? /consent/ : /forget/);
});
