// Round 40 (tester E). Widgets the page asks for with hostile values: data-clientele-* attributes of a megabyte, and
// config.widgets selectors that match the page's own frame (<body>, <html>, what is in <head>, void elements).
// Issue 8: "never disturb the page", "0 thrown into the page", "one clear message each".
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
const MB = 'M'.repeat(1_000_000);

/** Collects what escaped into the page: uncaught errors and unhandled rejections. */
const catchEscapes = (page: Page) => page.addInitScript(() => {
  const w = window as unknown as { __escaped: string[] };
  w.__escaped = [];
  addEventListener('unhandledrejection', () => w.__escaped.push('rejection'));
  addEventListener('error', (e) => w.__escaped.push('error: ' + e.message));
});

const shop = (page: Page, path: string, head: string, body: string) => page.route(`**${path}`, (route) => route.fulfill({
  contentType: 'text/html',
  body: `<!doctype html><html lang="en"><head><title>W</title><script>${SNIPPET}</script>${head}
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script></head><body>${body}</body></html>`,
}));

test('a megabyte in data-clientele-widget or data-clientele-slot: one message each, of a readable length, nothing thrown', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, '/round40e/big-attrs.html', '', `<div data-clientele-widget="${MB}"></div><div data-clientele-slot="${MB}"></div><div id="ok" data-clientele-widget="popular" data-limit="2"></div>`);
  await page.goto('/round40e/big-attrs.html');
  // The good row beside them is drawn.
  await expect.poll(() => page.evaluate(() => document.getElementById('ok')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')).length, { timeout: 10_000 }).toBe(2);
  await page.waitForTimeout(1000);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  // On main: 1,000,232 and 1,000,116 characters (the attribute written out whole, twice in the first).
  expect(ours.map((w) => w.length).filter((n) => n > 1000)).toEqual([]);
  expect(ours.filter((w) => /data-clientele-widget=.*must be one of/.test(w))).toHaveLength(1);
  expect(ours.filter((w) => /content slot .* is not in config\.slots/.test(w))).toHaveLength(1);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('config.widgets selectors that match <body>, <html>, <head> and void elements: the page stays as it was, one message per element kind', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  const widgets = [{ selector: '*', type: 'popular', limit: 1 }, { selector: 'body', type: 'trending', limit: 1 }];
  await shop(page, '/round40e/star.html', `<script>clientele.init(${JSON.stringify({ widgets })})</script>`,
    `<p id="own">The shop's own text</p><div class="w"></div><img alt="" src="data:,"><input>`);
  await page.goto('/round40e/star.html');
  await expect.poll(() => page.evaluate(() => document.querySelector('.w')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  await page.waitForTimeout(1500);
  const seen = await page.evaluate(() => ({
    // On main, <body> got a shadow root holding a row, and the page's own content was no longer drawn.
    bodyShadow: !!document.body.shadowRoot,
    ownShown: (document.getElementById('own') as HTMLElement).getClientRects().length > 0,
    // On main, a row's host <div> was put into <html>, <head>, <title>, each <script>, <img> and <input>.
    strays: Array.from(document.querySelectorAll('[data-clientele-root]')).map((d) => d.parentElement?.localName),
  }));
  expect(seen).toEqual({ bodyShadow: false, ownShown: true, strays: [] });
  // html, head, title, meta? (none here), script, body, img, input: one message for each kind of element refused.
  const refused = warnings.filter((w) => /cannot show a widget/.test(w));
  expect(refused.map((w) => /<(\w+)>/.exec(w)?.[1]).sort()).toEqual(['body', 'head', 'html', 'img', 'input', 'script', 'title']);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('mount(document.body) and <body data-clientele-widget>: refused with one message, the page stays drawn', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  await page.route('**/round40e/body-attr.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en"><head><title>W</title><script>${SNIPPET}</script><script>clientele.mount(document.documentElement, { type: 'popular' })</script>
<script async src="/dist/clientele.js" data-catalog-url="/demo/data/catalog.json" data-autocapture="false"></script></head>
<body data-clientele-widget="popular"><p id="own">The shop's own text</p><div id="ok" data-clientele-widget="popular" data-limit="2"></div></body></html>`,
  }));
  await page.goto('/round40e/body-attr.html');
  await expect.poll(() => page.evaluate(() => document.getElementById('ok')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  const off = await page.evaluate(() => (window as unknown as { clientele: { mount(e: Element, o: object): unknown } }).clientele.mount(document.body, { type: 'trending' }));
  expect(off).toBeUndefined(); // a function does not cross evaluate(): the call returned and threw nothing
  await page.waitForTimeout(1500);
  expect(await page.evaluate(() => ({ bodyShadow: !!document.body.shadowRoot, own: document.getElementById('own')!.getClientRects().length > 0, strays: document.querySelectorAll('[data-clientele-root]').length })))
    .toEqual({ bodyShadow: false, own: true, strays: 0 });
  expect(warnings.filter((w) => /cannot show a widget/.test(w)).map((w) => /<(\w+)>/.exec(w)?.[1]).sort()).toEqual(['body', 'html']);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('bad data-fallback and data-heading-level attributes: one message each naming the row, the row still drawn', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, '/round40e/bad-attrs.html', '',
    `<div id="a" data-clientele-widget="recently-viewed" data-fallback="javascript:alert(1)" data-limit="2"></div>
<div id="b" data-clientele-widget="popular" data-heading-level="99" data-limit="2"></div>
<div id="c" data-clientele-widget="recently-viewed" data-fallback="trending" data-fallback-title="Hot" data-heading-level="3" data-limit="2"></div>`);
  await page.goto('/round40e/bad-attrs.html');
  await expect.poll(() => page.evaluate(() => ['b', 'c'].map((id) => document.getElementById(id)?.getAttribute('data-clientele-state'))), { timeout: 15_000 }).toEqual(['ready', 'ready']);
  await page.waitForTimeout(1500);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  // On main: none about either attribute; the bad fallback went to the worker as recommend({ type: "javascript:alert(1)" }).
  expect(ours.filter((w) => /#1\.fallback must be another row type.*javascript:alert\(1\)/.test(w))).toHaveLength(1);
  expect(ours.filter((w) => /#2\.headingLevel must be a heading level from 1 to 6, got 99/.test(w))).toHaveLength(1);
  expect(ours).toHaveLength(2);
  // The good attributes still apply: the fallback row under its title, at level 3; the bad level falls back to 2.
  expect(await page.evaluate(() => ['b', 'c'].map((id) => { const h = document.getElementById(id)!.shadowRoot!.querySelector('h1,h2,h3,h4,h5,h6')!; return `${h.localName} ${h.textContent}`; })))
    .toEqual(['h2 Popular', 'h3 Hot']);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('a data-item-id of 1 MB: one message, the row still drawn, and the rows kept for the next page stay small in localStorage', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, '/round40e/big-item-id.html', '', `<div id="s" data-clientele-widget="similar" data-item-id="${MB}" data-limit="2"></div><div id="p" data-clientele-widget="popular" data-limit="2"></div>`);
  await page.goto('/round40e/big-item-id.html');
  await expect.poll(() => page.evaluate(() => ['s', 'p'].map((id) => document.getElementById(id)?.getAttribute('data-clientele-state'))), { timeout: 15_000 }).toEqual(['ready', 'ready']);
  // The rows are kept in a task after they are drawn (src/mountWidgets.ts).
  await expect.poll(() => page.evaluate(() => Object.keys(localStorage).some((k) => k.endsWith(':rows'))), { timeout: 10_000 }).toBe(true);
  await page.waitForTimeout(1000);
  // On main: 2,026,130 characters under clientele:default:rows (the id, twice), written again by every page, in the room
  // the outbox parks a closing page's calls in.
  const stored = await page.evaluate(() => Object.keys(localStorage).reduce((n, k) => n + k.length + localStorage.getItem(k)!.length, 0));
  expect(stored).toBeLessThan(100_000);
  const ours = warnings.filter((w) => w.startsWith('[clientele]'));
  expect(ours.filter((w) => /#1\.itemId must be a product id of at most 200 characters/.test(w))).toHaveLength(1);
  expect(ours.every((w) => w.length < 1000)).toBe(true);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('a data-title of 1 MB: the row draws it, and no page value of megabytes is kept in localStorage for the next page', async ({ page }) => {
  await catchEscapes(page);
  const { pageErrors } = watchConsole(page);
  await shop(page, '/round40e/big-title.html', '', `<div id="p" data-clientele-widget="popular" data-title="${MB}" data-limit="2"></div>`);
  await page.goto('/round40e/big-title.html');
  await expect.poll(() => page.evaluate(() => document.getElementById('p')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  await page.waitForTimeout(2000);
  // On main: the row with its title and its painted tree, some 2 million characters, written by every page.
  const stored = await page.evaluate(() => Object.keys(localStorage).reduce((n, k) => n + k.length + localStorage.getItem(k)!.length, 0));
  expect(stored).toBeLessThan(200_000);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('recommend() with an itemId of 300 characters or 1 MB: one message each, settles with []', async ({ page }) => {
  await catchEscapes(page);
  const { warnings, pageErrors } = watchConsole(page);
  await shop(page, '/round40e/rec-item-id.html', '', '');
  await page.goto('/round40e/rec-item-id.html');
  await expect.poll(() => page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready()), { timeout: 15_000 }).toBe(true);
  const got = await page.evaluate(async (mb) => {
    const c = (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele;
    return [(await c.recommend({ type: 'similar', itemId: 'y'.repeat(300) })).length, (await c.recommend({ type: 'similar', itemId: mb })).length];
  }, MB);
  // On main: 4 and 4, with no message: the id was dropped in silence and the row was for no product.
  expect(got).toEqual([0, 0]);
  // The 1 MB one is refused before it is read, as every request key over 64 KB is (round 41c), naming the same key.
  const ours = warnings.filter((w) => /recommend\(request\)\.itemId (must be a product id of at most 200 characters|must be under 64 KB)/.test(w));
  expect(ours).toHaveLength(2);
  expect(ours.every((w) => w.length < 1000)).toBe(true);
  expect(pageErrors).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __escaped: string[] }).__escaped)).toEqual([]);
});

test('config.messages naming {constructor}, {toString} or a key a page left on Object.prototype: refused with a message, never filled from the prototype', async ({ page }) => {
  await catchEscapes(page);
  const { pageErrors, warnings } = watchConsole(page);
  const messages = { 'row.popular': 'Top {constructor} {toString} {name}' };
  await shop(page, '/round40e/label-proto.html', `<script>Object.prototype.name = 'Polluted'; clientele.init(${JSON.stringify({ messages })})</script>`,
    '<div id="p" data-clientele-widget="popular" data-limit="2"></div>');
  await page.goto('/round40e/label-proto.html');
  await expect.poll(() => page.evaluate(() => document.getElementById('p')?.getAttribute('data-clientele-state')), { timeout: 15_000 }).toBe('ready');
  // On main: "Top function Object() { [native code] } function toString() { [native code] } Polluted". Since round 41e
  // a message with braces no message fills is refused (round41e-messages): the catalogue's wording, and one message.
  expect(await page.evaluate(() => document.getElementById('p')!.shadowRoot!.querySelector('h2')!.textContent)).toBe('Popular');
  expect(warnings.filter((w) => w.includes('config.messages["row.popular"] must be text'))).toHaveLength(1);
  expect(pageErrors).toEqual([]);
});
