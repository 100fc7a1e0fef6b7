// What the page hands Clientele to call back, or to push into, may throw anything (even a value whose message getter
// throws) or refuse it: none of it may reach the page as an error or stop what comes after it.
import { test, expect, type Page } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;

/** Collects unhandled rejections and uncaught errors, described without trusting the thrown value. */
const catchEscapes = (page: Page) => page.addInitScript(() => {
  const w = window as unknown as { __escaped: string[] };
  w.__escaped = [];
  addEventListener('unhandledrejection', (e) => {
    let s = 'an unprintable value';
    try { s = String((e.reason as Error)?.stack ?? e.reason); } catch { /* the reason itself is hostile */ }
    w.__escaped.push(s);
  });
  addEventListener('error', (e) => w.__escaped.push('error: ' + e.message));
});
const escaped = (page: Page) => page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped);

/** A thrown value whose message getter throws: the message builders must not trust it. */
const HOSTILE = `Object.defineProperty({}, 'message', { get() { throw new Error('message getter'); } })`;

test('a config key whose getter throws (forward.callback) is refused alone: the keys after it apply', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.addInitScript(() => {
    const cfg = { forward: { events: ['orders'], get callback() { throw new Error('boom'); } }, siteId: 'after-a-bad-key' };
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [cfg]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.track('After Bad Key', {}));
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('clientele:after-a-bad-key');
  expect(warnings.filter((w) => /config\.forward/.test(w))).toHaveLength(1);
  expect(warnings.join('\n')).not.toMatch(/internal error/);
  expect(pageErrors).toEqual([]);
});

test('an onSegments callback that throws a hostile value: one message, nothing escapes, setClock() still resolves', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await catchEscapes(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const r = await page.evaluate(async (hostile) => {
    const c = (window as unknown as { clientele: C }).clientele;
    const thrown = (0, eval)(`(${hostile})`);
    let heard = 0;
    c.onSegments(() => { throw thrown; });
    c.onSegments(() => { heard++; });
    for (let i = 0; i < 5; i++) c.track('Product Viewed', { product_id: '85123A' });
    await new Promise((r) => setTimeout(r, 2000));
    try { await c.setClock(Date.now() + 400 * 86400e3); } catch (e) { return 'setClock rejected: ' + String(e); }
    return heard > 0 ? 'ok' : 'the second listener heard nothing';
  }, HOSTILE);
  expect(r).toBe('ok');
  expect(warnings.filter((w) => /onSegments callback threw/.test(w)).length).toBeGreaterThan(0);
  expect(await escaped(page)).toEqual([]);
});

test('config.forward.callback that throws a hostile value: one message, nothing escapes, the dataLayer still gets the batch', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await catchEscapes(page);
  await page.addInitScript((hostile) => {
    const thrown = (0, eval)(`(${hostile})`);
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ forward: { consent: 'unless-refused', dataLayer: true, callback: () => { throw thrown; } } }]]];
  }, HOSTILE);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Order Completed', { order_id: 'o1', total: 5, products: [{ product_id: '85123A', price: 5 }] }));
  await expect.poll(() => page.evaluate(() => JSON.stringify((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []))).toContain('purchase');
  expect(warnings.filter((w) => /config\.forward\.callback threw/.test(w)).length).toBeGreaterThan(0);
  expect(await escaped(page)).toEqual([]);
});

test('config.dataLayer with a frozen window.dataLayer: one message naming the fix, nothing escapes', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await catchEscapes(page);
  await page.addInitScript(() => {
    (window as unknown as { dataLayer: unknown }).dataLayer = Object.freeze([]);
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ dataLayer: true }]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: C }).clientele;
    for (let i = 0; i < 5; i++) c.track('Product Viewed', { product_id: '85123A' });
    await new Promise((r) => setTimeout(r, 2000));
    try { await c.setClock(Date.now() + 400 * 86400e3); return 'resolved'; } catch (e) { return 'rejected: ' + String(e); }
  });
  expect(r).toBe('resolved');
  await expect.poll(() => warnings.filter((w) => /window\.dataLayer\.push\(\) failed/.test(w)).length).toBeGreaterThan(0);
  expect(await escaped(page)).toEqual([]);
});

test('mount() into an element of another document: one message, nothing escapes, other rows still draw', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await catchEscapes(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const threw = await page.evaluate(() => {
    const c = (window as unknown as { clientele: C }).clientele;
    const doc = new DOMParser().parseFromString('<div id="x"></div>', 'text/html');
    try { c.mount(doc.getElementById('x')!, { type: 'popular' }); } catch (e) { return String(e); }
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'here';
    c.mount(el, { type: 'popular', limit: 3 });
    return null;
  });
  expect(threw).toBeNull();
  await expect(page.locator('#here [data-clientele-widget-item]').first()).toBeVisible();
  await expect.poll(() => warnings.filter((w) => /a widget could not be drawn/.test(w)).length).toBe(1);
  expect(await escaped(page)).toEqual([]);
});

test('functions queued by hand with the snippet queue or push() that throw: one message each, nothing escapes', async ({ page }) => {
  await catchEscapes(page);
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['ready', [], () => { throw new Error('resolve threw'); }], ['status', [], () => { throw new Error('resolve threw 2'); }]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.push(['recommend', [{ type: 'popular' }], () => { throw new Error('resolve threw 3'); }]));
  await page.waitForTimeout(1500);
  expect(await escaped(page)).toEqual([]);
});

test('a forward.callback that edits the events it is given changes nothing else: the dataLayer gets the order whole', async ({ page }) => {
  await catchEscapes(page);
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ forward: { consent: 'unless-refused', dataLayer: true, callback: (evs: { properties?: unknown }[]) => { for (const e of evs) delete e.properties; } } }]]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => (window as unknown as { clientele: C }).clientele.track('Order Completed', { order_id: 'o1', total: 5, products: [{ product_id: '85123A', price: 5 }] }));
  await expect.poll(() => page.evaluate(() => JSON.stringify((window as unknown as { dataLayer?: unknown[] }).dataLayer ?? []))).toContain('"transaction_id":"o1"');
  expect(await escaped(page)).toEqual([]);
});
