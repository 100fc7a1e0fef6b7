// The next page of a visit draws the rows the last one showed at once, before the worker has started, and swaps in
// fresh rows when it answers (src/rowCache.ts). Kept only with consent; forget() and consent(false) remove them;
// exportData() returns them. Built script, real worker and IndexedDB in Chromium.
import { test, expect, type Page, type BrowserContext } from '@playwright/test';
import { initBeforeLoad, ready, watchConsole } from './helpers.ts';

const KEY = 'clientele:clientele-demo:rows';
type Api = { forget(): Promise<boolean>; consent(g: boolean): void; exportData(): Promise<{ shown_rows?: Record<string, unknown> } | null> };

const forYouCards = (page: Page) => page.locator('[data-clientele-widget="for-you"] [data-clientele-widget-item]');
const kept = (page: Page) => page.evaluate((k) => localStorage.getItem(k), KEY);

/** Holds the worker script back until `release()`; `released` tells whether it was let through. */
async function holdWorker(context: BrowserContext) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const state = { released: false };
  await context.route('**/dist/clientele-worker.js', async (route) => {
    await gate;
    state.released = true;
    await route.continue();
  });
  return { release, state };
}

/** Opens the demo home with its worker held back 1.5 s and asserts it draws no row meanwhile; returns the page, worker let through. */
async function nothingKeptBeforeWorker(context: BrowserContext): Promise<Page> {
  const { release, state } = await holdWorker(context);
  const next = await context.newPage();
  await next.goto('/demo/index.html');
  await next.waitForTimeout(1500);
  expect(state.released).toBe(false);
  expect(await forYouCards(next).count()).toBe(0);
  release();
  return next;
}

test('the next page draws the rows the last one showed before the worker has started, then fresh ones; exportData returns them', async ({ context }) => {
  const first = await context.newPage();
  const { pageErrors } = watchConsole(first);
  await first.goto('/demo/index.html');
  await expect(forYouCards(first).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(first)).not.toBeNull();
  const shown = await forYouCards(first).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await first.close();

  const { release, state } = await holdWorker(context);
  const next = await context.newPage();
  watchConsole(next).pageErrors.forEach((e) => pageErrors.push(e));
  await next.goto('/demo/index.html');
  // the kept row, while the worker has not even loaded
  await expect(forYouCards(next).first()).toBeVisible({ timeout: 10_000 });
  expect(state.released).toBe(false);
  expect(await forYouCards(next).evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(shown);
  release();
  await ready(next);
  const exported = await next.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData());
  expect(Object.keys(exported?.shown_rows ?? {}).some((k) => k.includes('"for-you"'))).toBe(true);
  await expect(forYouCards(next).first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('the first kept row is painted from its markup before the widget code has run, then the widget takes it over', async ({ context }) => {
  const first = await context.newPage();
  const { pageErrors } = watchConsole(first);
  await first.goto('/demo/index.html');
  await expect(forYouCards(first).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(first).then((k) => (k ?? '').includes('"paint"'))).toBe(true);
  const shown = await forYouCards(first).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  await first.close();

  // Neither the widget code nor the worker arrives until released: only the script tag can draw.
  const { release, state } = await holdWorker(context);
  let releaseWidget!: () => void;
  const widgetGate = new Promise<void>((r) => (releaseWidget = r));
  await context.route('**/dist/clientele-widget.js', async (route) => (await widgetGate, route.continue()));
  const next = await context.newPage();
  watchConsole(next).pageErrors.forEach((e) => pageErrors.push(e));
  // (the held script holds the load event back)
  await next.goto('/demo/index.html', { waitUntil: 'domcontentloaded' });
  await expect(forYouCards(next).first()).toBeVisible({ timeout: 10_000 });
  expect(state.released).toBe(false);
  const painted = await next.locator('[data-clientele-widget="for-you"]').evaluate((el) => {
    const root = el.shadowRoot!;
    root.querySelectorAll('[data-clientele-widget-item]').forEach((a) => ((a as unknown as { __painted: boolean }).__painted = true));
    return {
      hrefs: Array.from(root.querySelectorAll('[data-clientele-widget-item]'), (a) => a.getAttribute('href')),
      display: getComputedStyle(root.querySelector('ul')!).display,
    };
  });
  expect(painted.hrefs).toEqual(shown);
  // styled by the paint's own sheet, as the widget styles them
  expect(painted.display).toBe('grid');
  // the other rows wait for the widget code
  expect(await next.locator('[data-clientele-widget="popular"] [data-clientele-widget-item]').count()).toBe(0);

  releaseWidget();
  release();
  await ready(next);
  // Taken over: the cards are the widget's own (new elements), under its one shared sheet; the paint's is gone.
  await expect.poll(() => next.locator('[data-clientele-widget="for-you"]').evaluate((el) => Array.from(el.shadowRoot!.querySelectorAll('[data-clientele-widget-item]')).some((a) => (a as unknown as { __painted?: boolean }).__painted))).toBe(false);
  const after = await next.locator('[data-clientele-widget="for-you"]').evaluate((el) => ({
    sheets: el.shadowRoot!.adoptedStyleSheets.length,
    paintSheets: el.shadowRoot!.adoptedStyleSheets.filter((s) => '__clientelePaint' in s).length,
    lists: el.shadowRoot!.querySelectorAll('ul').length,
  }));
  expect(after).toEqual({ sheets: 1, paintSheets: 0, lists: 1 });
  await expect(forYouCards(next).first()).toBeVisible();
  expect(pageErrors).toEqual([]);
});

test('kept rows are drawn once the document is parsed, before a slow module script lets DOMContentLoaded fire', async ({ context }) => {
  const first = await context.newPage();
  await first.goto('/demo/index.html');
  await expect(forYouCards(first).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(first)).not.toBeNull();
  // The demo home as it is, with a module script that takes 2.5 s to arrive (a shop's bundle on a slow network).
  const html = await first.evaluate(() => fetch('/demo/index.html').then((r) => r.text()));
  await first.close();
  await context.route('**/demo/slow-module.js', async (route) => {
    await new Promise((r) => setTimeout(r, 2500));
    await route.fulfill({ contentType: 'text/javascript', body: 'window.__moduleRan = true;' });
  });
  await context.route('**/demo/slow-home.html', (route) =>
    route.fulfill({ contentType: 'text/html', body: html.replace('</head>', '<script type="module" src="/demo/slow-module.js"></script></head>') }));
  const next = await context.newPage();
  await next.goto('/demo/slow-home.html', { waitUntil: 'commit' });
  await expect(forYouCards(next).first()).toBeVisible({ timeout: 2000 });
  expect(await next.evaluate(() => [document.readyState, (window as unknown as { __moduleRan?: boolean }).__moduleRan ?? false])).toEqual(['interactive', false]);
  await ready(next);
  await expect(forYouCards(next).first()).toBeVisible();
});

test('forget() and consent(false) remove the kept rows: the next page waits for the worker', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/demo/index.html');
  await expect(forYouCards(page).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(page)).not.toBeNull();
  const before = await page.evaluate(() => Date.now());
  expect(await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  // Gone: what is kept now, if anything, is the rows forget() asked again for the new visitor.
  const after = await kept(page);
  if (after !== null) for (const r of Object.values((JSON.parse(after) as { rows: Record<string, { at: number }> }).rows)) expect(r.at).toBeGreaterThanOrEqual(before);
  // rows shown again after forget() are kept again (a new visitor, who may be kept)...
  await page.reload();
  await expect(forYouCards(page).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(page)).not.toBeNull();
  // ...until consent is withdrawn
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  expect(await kept(page)).toBeNull();
  await page.close();

  const next = await nothingKeptBeforeWorker(context);
  await expect(forYouCards(next).first()).toBeVisible({ timeout: 20_000 });
  expect(await kept(next)).toBeNull();
});

test('with requireConsent and no answer yet, no row is kept', async ({ page }) => {
  await initBeforeLoad(page, { requireConsent: true });
  await page.goto('/demo/index.html');
  await ready(page);
  await expect(forYouCards(page).first()).toBeVisible({ timeout: 20_000 });
  await page.waitForTimeout(500);
  expect(await kept(page)).toBeNull();
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(true));
  await page.reload();
  await expect(forYouCards(page).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(page)).not.toBeNull();
});

test('consent withdrawn in another tab: a tab still open keeps no more rows, and the next page draws none before its worker', async ({ context }) => {
  const a = await context.newPage();
  await a.goto('/demo/index.html');
  await expect(forYouCards(a).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(a)).not.toBeNull();
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.consent(false));
  // localStorage reaches another tab's view a moment later
  await expect.poll(() => kept(a)).toBeNull();
  // tab A, which read consent when it started, mounts another row: it is served, and not kept
  await a.evaluate(() => {
    const el = document.createElement('div');
    document.body.append(el);
    (window as unknown as { clientele: { mount(e: Element, o: object): void } }).clientele.mount(el, { type: 'popular', limit: 4, widgetId: 'late' });
  });
  await a.waitForTimeout(1500);
  expect(await kept(a)).toBeNull();
  await a.close();
  await b.close();

  await nothingKeptBeforeWorker(context);
});

test('consent(false) queued before the config names the site id removes the rows kept for it', async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/demo/index.html');
  await expect(forYouCards(page).first()).toBeVisible({ timeout: 20_000 });
  await expect.poll(() => kept(page)).not.toBeNull();
  // a consent tool that runs before the site's config: consent(false), then init({ siteId })
  await page.addInitScript(() => {
    const w = window as unknown as { clientele: unknown[] };
    w.clientele = [['consent', [false]]];
  });
  await page.reload();
  await ready(page);
  expect(await kept(page)).toBeNull();
  const exported = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData());
  expect(exported?.shown_rows).toEqual({});
});
