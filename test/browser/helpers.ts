// Shared steps for browser tests: wait for the real script, read what the engine stored, watch the console.
import { expect, type BrowserContext, type Page, type ConsoleMessage } from '@playwright/test';
import { readFileSync } from 'node:fs';

export interface StoredEventLike { event: string; message_id: string; properties: Record<string, unknown>; session_id: string; anonymous_id: string; user_id?: string; timestamp: number }

/**
 * Queues `init(config)` before the page's scripts run (the snippet keeps an existing queue), as a site's own
 * snippet would: the config applies from the start. An init() made after the script has started applies
 * later, racing whatever the first config already recorded.
 */
export async function initBeforeLoad(page: Page, config: Record<string, unknown>): Promise<void> {
  await page.addInitScript((c) => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [c]]]; }, config);
}

/** Waits until the real script has replaced the snippet and the worker has applied the config. */
export async function ready(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  if (!ok) throw new Error('clientele.ready() resolved false: the worker did not start');
}

/** Everything stored about the visitor, through the public exportData(). */
export async function exported(page: Page): Promise<{ events: StoredEventLike[]; profile: Record<string, unknown>; anonymous_id: string | null; user_id: string | null; consent: boolean | null }> {
  return page.evaluate(() => (window as unknown as { clientele: { exportData(): Promise<never> } }).clientele.exportData());
}

export const eventsNamed = (events: StoredEventLike[], name: string) => events.filter((e) => e.event === name);

/** Collects console warnings/errors and uncaught page errors from now on. */
export function watchConsole(page: Page) {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m: ConsoleMessage) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { warnings, pageErrors };
}

export interface DemoProduct { product_id: string; name: string; price: number; currency: string; category: string }

/** The demo catalog, read from the repo as the demo serves it. */
export function demoCatalog(): DemoProduct[] {
  const body = JSON.parse(readFileSync(new URL('../../demo/data/catalog.json', import.meta.url), 'utf8')) as { products: DemoProduct[] } | DemoProduct[];
  return Array.isArray(body) ? body : body.products;
}

/**
 * Keeps the page's workers reachable as window.__workers, as an outside kill (a crash, out of memory, the browser
 * reclaiming the worker) would find them: `__workers.at(-1).terminate()`.
 */
export function captureWorkers(page: { addInitScript(script: () => void): Promise<unknown> }): Promise<unknown> {
  return page.addInitScript(() => {
    const w = window as unknown as { __workers: Worker[]; Worker: typeof Worker };
    w.__workers = [];
    const Native = w.Worker;
    w.Worker = class extends Native {
      constructor(url: string | URL, opts?: WorkerOptions) {
        super(url, opts);
        w.__workers.push(this);
      }
    };
  });
}

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

/**
 * Opens a page whose clientele.js never arrives, with the snippet and `calls` (script text) run on it: its calls stay
 * in the snippet's queue, which it parks when it is left. `tag` names the page, for several at once.
 */
export async function parkSnippetQueue(context: BrowserContext, calls: string, tag = 'slow'): Promise<Page> {
  const page = await context.newPage();
  await page.route(`**/parked/${tag}.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>slow</title><script>${SNIPPET}</script>
<script>${calls}</script>
<script async src="/dist/clientele.js?never" data-autocapture="false"></script>`,
  }));
  await page.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await page.goto(`/parked/${tag}.html`, { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(200);
  return page;
}

/**
 * Opens a page whose clientele.js is held back until `release()` (a slow CDN), with the snippet and `calls` (script
 * text) run on it: its calls wait in the snippet's queue, dated when they were made.
 */
export async function slowScriptPage(context: BrowserContext, calls: string, tag = 'n'): Promise<{ page: Page; release(): void }> {
  const page = await context.newPage();
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route(`**/late/${tag}.html`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>late</title><script>${SNIPPET}</script>
<script>${calls}</script>
<script async src="/dist/clientele.js?slow" data-autocapture="false"></script>`,
  }));
  await page.route('**/dist/clientele.js?slow', async (route) => { await held; await route.continue(); });
  await page.goto(`/late/${tag}.html`, { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(300);
  return { page, release };
}

/** Fills localStorage with the shop's own data, then frees `freeBlocks` entries of 1,000 characters. */
export async function fillLocalStorage(page: Page, freeBlocks: number): Promise<void> {
  await page.evaluate((freeBlocks) => {
    const block = 'y'.repeat(100_000);
    try { for (let i = 0; ; i++) localStorage.setItem(`shop:${i}`, block); } catch { /* full */ }
    try { for (let i = 0; ; i++) localStorage.setItem(`shop:s${i}`, 'z'.repeat(1000)); } catch { /* full */ }
    for (let i = 0; i < freeBlocks; i++) localStorage.removeItem(`shop:s${i}`);
  }, freeBlocks);
}

/** Tracks `name` and waits until it is stored: every call made before it on the page has been stored or refused. */
export async function trackMarker(page: Page, name = 'Marker', timeout = 30_000): Promise<void> {
  await page.evaluate((n) => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track(n, {}), name);
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout }).toBe(1);
}

/**
 * Serves the worker with `prefix` run first inside it (a fault the browser itself would cause); a function gives the
 * prefix for each worker served (say, only the first).
 */
export const shimWorker = (target: Page | BrowserContext, prefix: string | (() => string)) =>
  target.route('**/dist/clientele-worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: (typeof prefix === 'string' ? prefix : prefix()) + (await res.text()) });
  });

/** Makes IndexedDB unusable in the workers (private modes, storage disabled by policy). */
export const noIndexedDb = (target: Page | BrowserContext) =>
  shimWorker(target, `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;F.open=function(){throw new DOMException('no','InvalidStateError')};})();\n`);

/**
 * Opens a new page of the shop (`url`, the blank fixture by default) and waits until it is ready. With
 * `workers: true` its workers are kept reachable for `killWorker()`.
 */
export async function openReady(context: BrowserContext, opts: { url?: string; workers?: boolean } = {}): Promise<Page> {
  const page = await context.newPage();
  if (opts.workers) await captureWorkers(page);
  await page.goto(opts.url ?? '/demo/fixtures/blank.html');
  await ready(page);
  return page;
}

/** Kills the page's newest worker (as a crash or an out-of-memory kill would) and waits until the page starts another. */
export async function killWorker(page: Page): Promise<void> {
  const before = await page.evaluate(() => {
    const ws = (window as unknown as { __workers: Worker[] }).__workers;
    ws.at(-1)!.terminate();
    return ws.length;
  });
  await expect.poll(() => page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length)).toBe(before + 1);
}

/** A page whose clientele.js never arrives calls forget() (the snippet queues it); returns the page and the call's time. */
export async function parkForget(context: BrowserContext): Promise<{ page: Page; forgetAt: number }> {
  const page = await parkSnippetQueue(context, `window.__forgetAt = Date.now(); clientele.forget();`, 'forget');
  return { page, forgetAt: await page.evaluate(() => (window as unknown as { __forgetAt: number }).__forgetAt) };
}

/**
 * Leaves `parked` (if given: its snippet parks its queue), opens the shop's next page, which replays what is parked,
 * and waits until a marker tracked there is stored. Returns that page and what it exports.
 */
export async function replayOnNextPage(context: BrowserContext, parked?: Page): Promise<{ page: Page; data: Awaited<ReturnType<typeof exported>> }> {
  if (parked) await parked.goto('about:blank');
  const page = await openReady(context);
  await trackMarker(page, 'Marker Next');
  return { page, data: await exported(page) };
}

/** How many snippet queues are parked in the origin's localStorage (keys `clientele:queue:*`). */
export const parkedQueues = (page: Page): Promise<number> =>
  page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).length);

/**
 * Opens a tab of an older build that holds the site's database open at schema v3 and ignores versionchange, so it
 * blocks every upgrade while open (`release()` closes it). Its page loads no Clientele: a current worker there could
 * create the v4 store first and the v3 open would then fail. `seed`: what that build had stored (events by
 * message_id, and the profile), written before it holds on.
 */
export async function olderSchemaTab(context: BrowserContext, seed?: { events: object[]; profile: object }): Promise<{ page: Page; release(): Promise<void> }> {
  const page = await context.newPage();
  await page.route('**/faults/old-tab.html', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>Old tab</title>' }));
  await page.goto('/faults/old-tab.html');
  await page.evaluate((seed) => new Promise<void>((resolve, reject) => {
    const req = indexedDB.open('clientele:default', 3);
    req.onupgradeneeded = () => {
      const db = req.result;
      db.createObjectStore('events', { keyPath: 'message_id' }).createIndex('by-timestamp', 'timestamp');
      db.createObjectStore('profile');
      db.createObjectStore('meta');
      db.createObjectStore('catalog', { keyPath: 'product_id' });
      db.createObjectStore('models', { keyPath: 'key' });
    };
    req.onsuccess = () => {
      const db = req.result;
      const hold = () => { (window as unknown as { held: IDBDatabase }).held = db; resolve(); };
      if (!seed) return hold();
      const tx = db.transaction(['events', 'profile'], 'readwrite');
      for (const e of seed.events) tx.objectStore('events').put(e);
      tx.objectStore('profile').put(seed.profile, 'visitor');
      tx.oncomplete = hold;
      tx.onerror = () => reject(tx.error);
    };
    req.onerror = () => reject(req.error);
  }), seed ?? null);
  return { page, release: () => page.evaluate(() => (window as unknown as { held: IDBDatabase }).held.close()) };
}
