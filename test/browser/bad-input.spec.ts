import { test, expect } from '@playwright/test';
import { ready, exported, watchConsole } from './helpers.ts';

type Api = { track(...a: unknown[]): void; init(c: unknown): void; mount(el: unknown, o: unknown): void };

const CASES: Array<[string, (c: Api) => void, RegExp]> = [
  ['track()', (c) => c.track(), /track\(event\) needs an event name string like "Product Viewed", got nothing/],
  ['track(42)', (c) => c.track(42), /track\(event\) needs an event name string .* got 42/],
  ["track('Product Viewed', { price: 'abc' })", (c) => c.track('Product Viewed', { product_id: 'P1', price: 'abc' }), /properties\.price must be a number like 12\.5, got "abc"/],
  // Field case 12: app code passing its own model object, with a back-reference.
  ["track('Product Viewed', { stock: a BigInt })", (c) => c.track('Product Viewed', { product_id: 'BI-1', stock: BigInt(10) }), /properties\.stock is a BigInt/],
  ["track('Product Viewed', an object with a cycle)", (c) => { const list: { items: unknown[] } = { items: [] }; const p = { product_id: 'CY-1', list }; list.items.push(p); c.track('Product Viewed', p); }, /properties\.list\.items\.0 refers back to an object that holds it \(a cycle\)/],
  ['init({ widgets: 42 })', (c) => c.init({ widgets: 42 }), /config\.widgets must be a list like .* got 42/],
  // Round 24: a proxy that throws when asked its prototype (instanceof) was told as an internal error.
  ['mount(a proxy that throws)', (c) => c.mount(new Proxy({}, { getPrototypeOf() { throw 42; } }), { type: 'popular' }), /mount\(element\) needs an element or a selector/],
  ['a widget with an unknown type', (c) => c.mount(document.body.appendChild(document.createElement('div')), { type: 'sideways' }), /\.type must be one of for-you, similar.* got "sideways"/],
];

for (const [name, call, message] of CASES) {
  test(`bad input ${name}: one clear console message, nothing thrown, nothing malformed stored`, async ({ page }) => {
    const { warnings, pageErrors } = watchConsole(page);
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    const before = (await exported(page)).events.length;
    warnings.length = 0;
    const threw = await page.evaluate(`(() => { try { (${call.toString()})(window.clientele); return false } catch (e) { return String(e) } })()`);
    expect(threw).toBe(false);
    await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')), { message: 'exactly one [clientele] warning' }).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('[clientele]'))[0]).toMatch(message);
    // The page keeps working: a good event after the bad one is stored, and nothing malformed is.
    await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('After Bad Input', { ok: true }));
    await expect.poll(async () => (await exported(page)).events.some((e) => e.event === 'After Bad Input')).toBe(true);
    const events = (await exported(page)).events;
    expect(events.length).toBe(before + 1);
    for (const e of events) {
      expect(typeof e.event).toBe('string');
      if (e.properties.price !== undefined) expect(typeof e.properties.price).toBe('number');
    }
    expect(pageErrors).toEqual([]);
  });
}

test('a worker that cannot load: one clear message, ready() is false, recommend() resolves [], the page keeps working', async ({ page }) => {
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/dist/clientele-worker.js', (route) => route.fulfill({ status: 404, body: 'not here' }));
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const result = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]>; track(e: string, p: object): void } }).clientele;
    c.track('Still Fine', {});
    return { ready: await c.ready(), recs: await c.recommend({ type: 'popular' }) };
  });
  expect(result).toEqual({ ready: false, recs: [] });
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]'))).toHaveLength(1);
  expect(warnings.find((w) => w.startsWith('[clientele]'))).toMatch(/clientele-worker\.js did not start .* set config\.assetBase/);
  // The shop's own code still runs: its product grid is there.
  await expect(page.locator('main')).toBeVisible();
  expect(pageErrors).toEqual([]);
});
