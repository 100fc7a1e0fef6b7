// The first kept row painted from its markup by the script tag at the parse (src/paint.ts): what it must never do.
// Faults a review found in the first version, each injected here. Built script, real worker and storage in Chromium.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { ready, watchConsole } from './helpers.ts';

const KEY = 'clientele:clientele-demo:rows';
const forYou = (page: Page) => page.locator('[data-clientele-widget="for-you"]');
const forYouCards = (page: Page) => page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]');
const kept = (page: Page) => page.evaluate((k) => localStorage.getItem(k), KEY);
const isPainted = (page: Page) => forYou(page).evaluate((el) => !!el.shadowRoot?.adoptedStyleSheets.some((s) => '__clientelePaint' in s));

/** A first visit that draws a fresh row and keeps it with its paint; returns the demo home's HTML. */
async function visitOnce(context: BrowserContext): Promise<string> {
  const first = await context.newPage();
  await first.goto('/demo/index.html');
  await expect(forYouCards(first).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(first).then((k) => (k ?? '').includes('"paint"'))).toBe(true);
  const html = await first.evaluate(() => fetch('/demo/index.html').then((r) => r.text()));
  await first.close();
  return html;
}

/** Holds a file back until the returned function is called. */
async function hold(context: BrowserContext, glob: string): Promise<() => void> {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  await context.route(glob, async (route) => (await gate, route.continue()));
  return release;
}

/** Opens the demo home with the widget code held back, and waits for the first row painted by the script tag. */
async function openPainted(context: BrowserContext): Promise<{ next: Page; releaseWidget: () => void }> {
  const releaseWidget = await hold(context, '**/dist/clientele-widget.js');
  const next = await context.newPage();
  await next.goto('/demo/index.html', { waitUntil: 'domcontentloaded' });
  await expect(forYouCards(next).first()).toBeVisible({ timeout: 10_000 });
  expect(await isPainted(next)).toBe(true);
  return { next, releaseWidget };
}

for (const call of ['forget()', 'consent(false)']) {
  test(`${call} by the page takes the painted row away at once, before the worker has started`, async ({ context }) => {
    const html = await visitOnce(context);
    // A consent tool's module script, run after the paint.
    await context.route('**/demo/cmp.html', (route) => route.fulfill({ contentType: 'text/html', body: html.replace('</head>', `<script type="module">window.clientele.${call};</script></head>`) }));
    const releaseWorker = await hold(context, '**/dist/clientele-worker.js');
    const next = await context.newPage();
    const { pageErrors } = watchConsole(next);
    await next.goto('/demo/cmp.html', { waitUntil: 'domcontentloaded' });
    await expect.poll(() => forYouCards(next).count(), { timeout: 5000 }).toBe(0);
    expect(await isPainted(next)).toBe(false);
    expect(await forYou(next).getAttribute('data-clientele-state')).toBeNull();
    expect(await kept(next)).toBeNull();
    releaseWorker();
    expect(pageErrors).toEqual([]);
  });
}

test('when the widget code cannot load, no inert painted row is left behind', async ({ context }) => {
  await visitOnce(context);
  await context.route('**/dist/clientele-widget.js', (route) => route.fulfill({ status: 404, body: 'missing' }));
  const next = await context.newPage();
  const { warnings } = watchConsole(next);
  await next.goto('/demo/index.html');
  await ready(next);
  await expect.poll(() => forYouCards(next).count(), { timeout: 10_000 }).toBe(0);
  expect(await isPainted(next)).toBe(false);
  expect(warnings.some((w) => /clientele-widget\.js/.test(w))).toBe(true);
});

test('a tampered paint cannot run script or link anywhere unsafe; damaged entries never throw', async ({ context }) => {
  await visitOnce(context);
  const page = await context.newPage();
  await page.goto('/demo/fixtures/blank.html');
  const entry = (await kept(page))!;
  const tamper = (tree: unknown[]) => {
    const snap = JSON.parse(entry);
    for (const r of Object.values(snap.rows) as { paint?: { tree: unknown[] } }[]) if (r.paint) r.paint.tree = tree;
    return JSON.stringify(snap);
  };
  const hostile = tamper([
    ['ul', [], ['li', [], ['a', ['href', 'javascript:window.__pwned=1', 'data-clientele-widget-item', '', 'onclick', 'window.__pwned=2'], 'x']]],
    ['img', ['src', '/nope.png', 'onerror', 'window.__pwned=3']],
    ['script', [], 'window.__pwned=4'],
    ['iframe', ['srcdoc', '<script>top.__pwned=5</script>']],
  ]);
  const damaged = [hostile, entry.replace(/"rows":\{/, '"rows":{"x":null,'), entry.replace(/"tree":\[/, '"tree":[7,null,{"a":1},["div","no attributes"],'), entry.replace(/"el":"/, '"el":5,"x":"'), entry.replace(/"rows":\{.*\}\}?$/, '"rows":"nope"}')];
  for (const text of damaged) {
    await page.goto('/demo/fixtures/blank.html');
    await page.evaluate(([k, v]) => localStorage.setItem(k, v), [KEY, text] as const);
    const next = await context.newPage();
    const { pageErrors } = watchConsole(next);
    const releaseWidget = await hold(context, '**/dist/clientele-widget.js');
    await next.goto('/demo/index.html', { waitUntil: 'domcontentloaded' });
    await next.waitForTimeout(300);
    if (text === hostile) {
      await expect.poll(() => isPainted(next), { timeout: 10_000 }).toBe(true);
      const drawn = await forYou(next).evaluate((el) => ({
        links: Array.from(el.shadowRoot?.querySelectorAll('a') ?? [], (a) => [a.getAttribute('href'), a.getAttribute('onclick')]),
        imgHandlers: Array.from(el.shadowRoot?.querySelectorAll('img') ?? [], (i) => i.getAttribute('onerror')),
        scripts: el.shadowRoot?.querySelectorAll('script, iframe').length ?? 0,
      }));
      expect(drawn).toEqual({ links: [[null, null]], imgHandlers: [null], scripts: 0 });
      await next.locator('[data-clientele-widget="for-you"] a').first().click();
    }
    releaseWidget();
    // 'wait': the released handler still has to continue the widget's request; removed under it, that request could
    // hang and the page never get its widget code (seen once in CI). This test routes nothing else.
    await context.unrouteAll({ behavior: 'wait' });
    await ready(next);
    await expect(forYouCards(next).first()).toBeVisible({ timeout: 20_000 });
    expect(await next.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0)).toBe(0);
    expect(pageErrors).toEqual([]);
    await next.close();
  }
});

test('under a strict CSP with Trusted Types, a painted page reports no violation', async ({ context }) => {
  const POLICY = "default-src 'self'; script-src 'self'; worker-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'; trusted-types default";
  await context.route(/\/demo\/index\.html$/, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': POLICY } });
  });
  await context.addInitScript(() => {
    const w = window as unknown as { __v: string[]; trustedTypes?: { createPolicy(n: string, o: object): unknown } };
    // A site's default policy: its own origin's script URLs pass; no HTML.
    w.trustedTypes?.createPolicy('default', { createScriptURL: (u: string) => (new URL(u, location.href).origin === location.origin ? u : null) });
    w.__v = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__v.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  await visitOnce(context);
  const { next, releaseWidget } = await openPainted(context);
  releaseWidget();
  await ready(next);
  expect(await next.evaluate(() => (window as unknown as { __v: string[] }).__v)).toEqual([]);
});

test('no paint into a custom element, nor where the row element differs (a data-* attribute, another page)', async ({ context }) => {
  const html = await visitOnce(context);
  // A shop's own element that attaches its shadow root when its module script upgrades it.
  const custom = html
    .replace('<div data-clientele-widget="for-you"', '<reco-box data-clientele-widget="for-you"')
    .replace(/(<reco-box[^>]*>)<\/div>/, '$1</reco-box>')
    .replace('</head>', `<script type="module">customElements.define('reco-box', class extends HTMLElement { constructor() { super(); this.attachShadow({ mode: 'open' }); } });</script></head>`);
  expect(custom).toContain('</reco-box>');
  await context.route('**/demo/custom.html', (route) => route.fulfill({ contentType: 'text/html', body: custom }));
  await context.route('**/demo/h3.html', (route) => route.fulfill({ contentType: 'text/html', body: html.replace('<div data-clientele-widget="for-you"', '<div data-heading-level="3" data-clientele-widget="for-you"') }));
  for (const path of ['/demo/custom.html', '/demo/h3.html']) {
    const releaseWidget = await hold(context, '**/dist/clientele-widget.js');
    const next = await context.newPage();
    const { pageErrors } = watchConsole(next);
    await next.goto(path, { waitUntil: 'domcontentloaded' });
    await next.waitForTimeout(500);
    expect(await forYouCards(next).count(), path).toBe(0);
    releaseWidget();
    await context.unroute('**/dist/clientele-widget.js');
    await ready(next);
    await expect(forYouCards(next).first()).toBeVisible({ timeout: 20_000 });
    expect(pageErrors, path).toEqual([]);
    await next.close();
  }
});

test('a painted card that has the keyboard focus keeps it when the widget takes the row over', async ({ context }) => {
  await visitOnce(context);
  const { next, releaseWidget } = await openPainted(context);
  const href = await forYouCards(next).nth(1).evaluate((a) => ((a as HTMLElement).focus(), a.getAttribute('href')));
  releaseWidget();
  await expect.poll(() => isPainted(next), { timeout: 10_000 }).toBe(false);
  const focused = await forYou(next).evaluate((el) => {
    const a = el.shadowRoot!.activeElement;
    return a ? [a.getAttribute('href'), document.activeElement === el] : null;
  });
  expect(focused).toEqual([href, true]);
});
