// What a page, its other scripts and its storage hold may be damaged or hostile: a parked chunk that is not a list,
// a forget mark from the future, another library's history wrapper, localStorage that throws, microdata that names
// 2^26 items. None of it may lose an event, leak one after a withdrawal, or freeze or break the page.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';

type C = Record<string, (...a: unknown[]) => unknown>;
const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

/** Collects unhandled rejections and uncaught errors. */
const catchEscapes = (page: Page) => page.addInitScript(() => {
  const w = window as unknown as { __escaped: string[] };
  w.__escaped = [];
  addEventListener('unhandledrejection', (e) => {
    let s = 'an unprintable value';
    try { s = String((e.reason as Error)?.stack ?? e.reason); } catch { /* hostile */ }
    w.__escaped.push('rejection: ' + s);
  });
  addEventListener('error', (e) => w.__escaped.push('error: ' + e.message));
});
const escaped = (page: Page) => page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped);

test('a damaged parked chunk (valid JSON, not a list) is dropped alone: this page\'s 50 events are all stored', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  // what a previous page (or anything else on the origin) left under the parked prefix
  await page.evaluate(() => localStorage.setItem('clientele:default:unsent:0.5:10000', '{"a":1}'));
  await page.reload();
  await page.evaluate(() => { const c = (window as unknown as { clientele: C }).clientele; for (let i = 0; i < 50; i++) c.track('After Damaged Park', { n: i }); });
  await ready(page);
  await page.waitForTimeout(2500);
  const n = eventsNamed((await exported(page)).events, 'After Damaged Park').length;
  expect(warnings.filter((w) => /could not read/.test(w))).toEqual([]);
  expect(n).toBe(50);
});

test('a later init() that restarts autocapture leaves in place the pushState wrapper another library added after ours', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const r = await page.evaluate(async () => {
    const w = window as unknown as { clientele: C; __navs: number };
    w.__navs = 0;
    const theirs = history.pushState;
    history.pushState = function (this: History, ...a: Parameters<History['pushState']>) { w.__navs++; return theirs.apply(this, a); };
    w.clientele.init({ autocapture: { dwell: false } });
    await w.clientele.ready();
    history.pushState({}, '', '/demo/fixtures/blank.html?x=1');
    return w.__navs;
  });
  expect(r).toBe(1);
});

test('a forget mark from the future in localStorage is not trusted: what the last page parked is stored', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => localStorage.setItem('clientele:default:erased-at', '9e15'));
  // events parked by a page that closed before they were stored
  await page.evaluate(() => localStorage.setItem('clientele:default:unsent:0.25:10000', JSON.stringify([['e', 'mid-parked-1', Date.now() - 1000, 'Parked Before', { n: 1 }]])));
  await page.reload();
  await ready(page);
  await page.waitForTimeout(2000);
  const n = eventsNamed((await exported(page)).events, 'Parked Before').length;
  expect(n).toBe(1);
});

for (const [blocked, withdraw] of [[false, true], [true, true], [true, false]]) {
  test(`${withdraw ? 'consent(false) stops' : 'without consent(false), the endpoint gets'} what waits to be forwarded (localStorage ${blocked ? 'blocked' : 'available'})`, async ({ context }) => {
    const beacons: string[] = [];
    await context.route('**/collect', async (route) => { beacons.push(route.request().postData() ?? ''); await route.fulfill({ status: 204 }); });
    const page = await context.newPage();
    if (blocked) await page.addInitScript(() => Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('blocked', 'SecurityError'); } }));
    await page.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ forward: { endpoint: '/collect', events: ['orders'], batchSize: 50 } }]]]; });
    await page.goto('/demo/fixtures/blank.html');
    await ready(page);
    await page.evaluate(async (withdraw) => {
      const c = (window as unknown as { clientele: C }).clientele;
      c.consent(true);
      c.track('Order Completed', { order_id: 'o-before-no', total: 5, products: [{ product_id: '85123A', price: 5 }] });
      await c.exportData(); // stored and handed to the forwarder, which waits up to 2 s to send
      if (withdraw) c.consent(false);
    }, withdraw);
    await page.waitForTimeout(3500);
    if (withdraw) expect(beacons.join('\n')).not.toContain('o-before-no');
    else expect(beacons.join('\n')).toContain('o-before-no');
  });
}

for (const withScript of [true, false]) test(`microdata whose itemrefs share items (2^26 paths) does not freeze the page (${withScript ? 'with Clientele' : 'control: no Clientele'})`, async ({ page }) => {
  const d = 26;
  let els = '';
  for (let i = 1; i <= d; i++) {
    const ref = i < d ? ` itemref="e${i + 1} f${i + 1}"` : '';
    els += `<div id="e${i}" itemprop="isRelatedTo" itemscope itemtype="https://schema.org/Product"${ref}><span itemprop="name">e${i}</span></div>`;
    els += `<div id="f${i}" itemprop="isSimilarTo" itemscope itemtype="https://schema.org/Product"${ref}><span itemprop="name">f${i}</span></div>`;
  }
  await page.route('**/hostile/micro.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>Mug</title><script>${SNIPPET}</script>
${withScript ? '<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json"></script>' : ''}</head>
<body><div itemscope itemtype="https://schema.org/Product" itemref="e1 f1"><h1 itemprop="name">Mug</h1><span itemprop="sku">85123A</span></div>${els}</body></html>`,
  }));
  await page.goto('/hostile/micro.html');
  await page.waitForTimeout(3000);
  const alive = await Promise.race([page.evaluate(() => 'responsive'), new Promise((r) => setTimeout(r, 8000, 'frozen for 8 s'))]);
  expect(alive).toBe('responsive');
});

test('hostile data-* attributes on the script tag and on widget elements: nothing escapes, each gets its message', async ({ page }) => {
  await catchEscapes(page);
  const { warnings } = watchConsole(page);
  await page.route('**/hostile/widgets.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>W</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-config='{"slots":{"__proto__":{"default":{"id":5}}}}' data-retention='{"maxEvents":"x"}' data-locale="xx-@@-invalid" data-currency="NOTACURRENCY"></script></head>
<body>
<div data-clientele-widget="constructor" data-limit="-5" data-heading-level="99"></div>
<div data-clientele-widget="popular" data-limit="1e308" data-item-id="__proto__" data-fallback="toString" data-fallback-title=""></div>
<div id="hasOwnProperty" data-clientele-widget="similar" data-limit="NaN"></div>
<div data-clientele-slot="__proto__"></div><div data-clientele-slot="constructor"></div><div data-clientele-slot=""></div>
</body></html>`,
  }));
  await page.goto('/hostile/widgets.html');
  await page.waitForTimeout(5000);
  expect(await escaped(page)).toEqual([]);
  expect(warnings.filter((w) => w.startsWith('[clientele]')).length).toBeGreaterThan(3);
});
