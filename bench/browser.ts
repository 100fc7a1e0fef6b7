// Benchmarks that need a real browser: the built script in Debian's Chromium, served by the demo server.
import { chromium, type Browser, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath } from '../test/browser/chromium.ts';
import { startServer } from '../scripts/serve.ts';
import { summarize, type Summary } from './stats.ts';

export interface BrowserBench {
  url: string;
  browser: Browser;
  newPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/** Starts the static server and Chromium; every page gets a fresh context (fresh IndexedDB). */
export async function openBrowserBench(root: string): Promise<BrowserBench> {
  const server = await startServer({ root, port: 0 });
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs });
  return {
    url: server.url,
    browser,
    async newPage(path) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      page.on('pageerror', (e) => console.error(`  page error: ${e.message}`));
      await page.goto(new URL(path, server.url).href);
      return page;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export async function waitReady(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
}

/** Milliseconds from the script's arrival to the first product card on `path`, in one page load of `ctx`. */
async function firstCard(ctx: import('playwright-core').BrowserContext, url: string): Promise<number> {
  const page = await ctx.newPage();
  // The page tells when it sees the card (a binding, set up before the page loads), rather than being polled: each
  // poll is a task on the page's main thread and work in the browser, inside the very window measured. (Nor
  // waitForFunction: it would inject Playwright's utility script, whose compile takes up to 45 ms of main thread.)
  let seen!: () => void;
  const card = new Promise<void>((r) => (seen = r));
  await page.exposeBinding('__cardSeen', () => seen());
  // tsx compiles this file with esbuild's keepNames, whose __name helper does not exist in the page.
  await page.addInitScript('window.__name = (f) => f;');
  await page.addInitScript(() => {
    const w = window as unknown as { __firstCard?: number; __cardSeen(): void };
    const tick = () => {
      for (const el of Array.from(document.querySelectorAll('[data-clientele-widget]'))) {
        if (el.shadowRoot?.querySelector('[data-clientele-widget-item]')) { w.__firstCard = performance.now(); w.__cardSeen(); return; }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.goto(url);
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([card, new Promise((_, fail) => (timer = setTimeout(() => fail(new Error(`no product card on ${url} within 30 s`)), 30_000)))]);
  clearTimeout(timer);
  const t = await page.evaluate(() => {
    const script = performance.getEntriesByType('resource').find((e) => /\/dist\/clientele\.js$/.test(e.name)) as PerformanceResourceTiming;
    return (window as unknown as { __firstCard: number }).__firstCard - script.responseEnd;
  });
  await page.close();
  return t;
}

/**
 * From the moment the script has arrived to the first product card on screen, on the demo home: a first visit (fresh
 * browser profile: nothing cached, the site model's head downloads) and a repeat visit (same profile: the head and
 * shards come from IndexedDB and the HTTP cache, and the rows the first visit showed are kept: src/rowCache.ts).
 * Chromium runs with its address bar's WebUI popup off (test/browser/chromium.ts says why).
 * @example const { first_visit, repeat_visit } = await timeToFirstWidget(b);
 */
export async function timeToFirstWidget(b: BrowserBench, runs = 11): Promise<{ first_visit: Summary; repeat_visit: Summary }> {
  const first: number[] = [], repeat: number[] = [];
  const url = new URL('/demo/index.html', b.url).href;
  for (let i = 0; i < runs; i++) {
    const ctx = await b.browser.newContext();
    first.push(await firstCard(ctx, url));
    repeat.push(await firstCard(ctx, url));
    await ctx.close();
  }
  return { first_visit: summarize(first), repeat_visit: summarize(repeat) };
}
