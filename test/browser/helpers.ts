// Shared steps for browser tests: wait for the real script, read what the engine stored, watch the console.
import { expect, type BrowserContext, type Page, type ConsoleMessage, type CDPSession } from '@playwright/test';
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

/** `n` calls of track(name, { n: i }) in one task of the page. */
export const burst = (page: Page, name: string, n: number) =>
  page.evaluate(([name, n]) => {
    const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
    for (let i = 0; i < n; i++) c.track(name, { n: i });
  }, [name, n] as const);

/** Stored / distinct `n` / distinct message_id of `name`, once the stored count reaches `want` or `timeout` ms pass. */
export async function counts(page: Page, name: string, want: number, timeout = 30_000): Promise<{ stored: number; distinct: number; ids: number }> {
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout }).toBe(want).catch(() => undefined);
  const s = eventsNamed((await exported(page)).events, name);
  return { stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, ids: new Set(s.map((e) => e.message_id)).size };
}

/** What `counts` gives when each of `n` calls was stored exactly once. */
export const once = (n: number) => ({ stored: n, distinct: n, ids: n });

/** `n` events named `name`, each with ~`pad` incompressible characters (IndexedDB compresses what it stores). */
export const paddedBurst = (page: Page, name: string, n: number, pad: number) => page.evaluate(([name, n, pad]) => {
  const c = (window as unknown as { clientele: { track(e: string, p?: object): void } }).clientele;
  const rnd = () => { let s = ''; for (let i = 0; i < pad; i++) s += String.fromCharCode(33 + Math.floor(Math.random() * 90)); return s; };
  for (let i = 0; i < n; i++) c.track(name, { i, pad: rnd() });
}, [name, n, pad] as const);

/** The origin's storage use in bytes, as Chromium counts it against a quota (CDP Storage.getUsageAndQuota). */
export const usage = async (cdp: CDPSession, origin: string): Promise<number> => (await cdp.send('Storage.getUsageAndQuota', { origin })).usage;

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
 * How a test page loads the snippet and configures the script: `stubFile` loads the stub as the file
 * dist/clientele-snippet.js (a shop under a strict CSP) instead of inline; `attrs` are more attributes on the script tag.
 */
export interface SnippetTag { stubFile?: boolean; attrs?: string }

/**
 * Serves `path` to `page` as a page with the snippet, then `calls` (script text), then an async script tag for `src`
 * (autocapture off).
 */
function serveSnippetPage(page: Page, path: string, title: string, calls: string, src: string, tag: SnippetTag = {}) {
  return page.route(`**${path}`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>${title}</title>${tag.stubFile ? '<script src="/dist/clientele-snippet.js"></script>' : `<script>${SNIPPET}</script>`}
<script>${calls}</script>
<script async src="${src}" data-autocapture="false"${tag.attrs ? ` ${tag.attrs}` : ''}></script>`,
  }));
}

/**
 * Opens a page whose clientele.js never arrives, with the snippet and `calls` (script text) run on it: its calls stay
 * in the snippet's queue, which it parks when it is left. `tag` names the page, for several at once; `snippet` says how
 * the page loads the snippet and configures the script.
 */
export async function parkSnippetQueue(context: BrowserContext, calls: string, tag = 'slow', snippet: SnippetTag = {}): Promise<Page> {
  const page = await context.newPage();
  await serveSnippetPage(page, `/parked/${tag}.html`, 'slow', calls, '/dist/clientele.js?never', snippet);
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
  await serveSnippetPage(page, `/late/${tag}.html`, 'late', calls, '/dist/clientele.js?slow');
  await page.route('**/dist/clientele.js?slow', async (route) => { await held; await route.continue(); });
  await page.goto(`/late/${tag}.html`, { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(300);
  return { page, release };
}

/**
 * Opens /parked/bf.html in `page`, with the snippet and `calls` (script text) run on it, its clientele.js held back
 * until `release()`. The hold is polled every 100 ms, so a page left and gone back to gets its script only after the
 * back navigation has begun.
 */
export async function heldScriptPage(page: Page, calls: string): Promise<{ release(): void }> {
  await serveSnippetPage(page, '/parked/bf.html', 'bf', calls, '/dist/clientele.js?late');
  let hold = true;
  await page.route('**/dist/clientele.js?late', async (route) => {
    while (hold) await new Promise((r) => setTimeout(r, 100));
    await route.continue();
  });
  await page.goto('/parked/bf.html', { waitUntil: 'domcontentloaded' });
  return { release: () => { hold = false; } };
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

/**
 * A page whose first worker's IndexedDB goes bad `shim` (served into that worker only; one a replacement would get is
 * left alone) from some 3 s on: 50 events tracked before (`Early`), `n` named `name` after it, then the page's reads
 * raced against 15 s ('answered', 'null': the documented fallback of a read that waited 10 s, 'rejected', 'none':
 * unsettled), and the next page (IndexedDB sound) stores what waited. round39c-idb-goes-bad, round39c-idb-hangs.
 */
export async function storageGoesBad(page: Page, shim: string, name: string, n: number, settleMs: number) {
  let workers = 0;
  await shimWorker(page, () => (workers++ ? '' : shim));
  await page.goto('/demo/index.html');
  await ready(page);
  await burst(page, 'Early', 50);
  await page.waitForTimeout(3500);
  await burst(page, name, n);
  await page.waitForTimeout(settleMs);
  const here = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]>; status(): Promise<unknown>; segments(): Promise<unknown>; exportData(): Promise<unknown> } }).clientele;
    const t = (p: Promise<unknown>) => Promise.race([p.then((v) => (v === null ? 'null' : 'answered'), () => 'rejected'), new Promise((r) => setTimeout(r, 15_000, 'none'))]);
    return { recs: await t(c.recommend({ type: 'popular', limit: 4 })), status: await t(c.status()), segments: await t(c.segments()), exported: await t(c.exportData()) };
  });
  await page.goto('/demo/index.html?next');
  await ready(page);
  await trackMarker(page, 'Next', 60_000);
  const ev = (await exported(page)).events;
  const later = eventsNamed(ev, name).map((e) => e.properties.n as number);
  return { here, workers, early: eventsNamed(ev, 'Early').length, stored: later.length, distinct: new Set(later).size };
}

/**
 * Opens a new page whose clock and whose worker's clock are `ms` behind the real one (set back by hand, or synced back
 * by NTP after running fast since the earlier pages), with autocapture off, and waits until it is ready.
 */
export async function pageWithClockBehind(context: BrowserContext, ms: number): Promise<Page> {
  const behind = `(function(){var d=Date.now;Date.now=function(){return d()-${ms}}})();\n`;
  await shimWorker(context, behind);
  const page = await context.newPage();
  await page.addInitScript((s) => { (0, eval)(s); }, behind);
  await initBeforeLoad(page, { autocapture: false });
  return page;
}

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
 * Leaves `parked` (if given: its snippet parks its queue; then waits `pause` ms), opens the shop's next page, which
 * replays what is parked, and waits until a marker (`marker`) tracked there is stored. Returns that page and what it
 * exports.
 */
export async function replayOnNextPage(context: BrowserContext, parked?: Page, opts: { pause?: number; marker?: string } = {}): Promise<{ page: Page; data: Awaited<ReturnType<typeof exported>> }> {
  if (parked) await parked.goto('about:blank');
  if (parked && opts.pause) await parked.waitForTimeout(opts.pause);
  const page = await openReady(context);
  await trackMarker(page, opts.marker ?? 'Marker Next');
  return { page, data: await exported(page) };
}

/**
 * Closes a tab as a shopper does: its beforeunload, pagehide and visibilitychange handlers run; resolves once it is
 * closed. Playwright's close({ runBeforeUnload: true }) only asks and does not wait: a page opened just after could
 * start (and take over what was parked) while the tab was still in its pagehide, on a loaded machine.
 */
export async function closeTab(page: Page): Promise<void> {
  const closed = page.waitForEvent('close');
  await page.close({ runBeforeUnload: true });
  // Chromium may drop a close asked for while the page reloads (location.reload() a few ms before, even on a page with
  // no script): the tab stays open, loaded, and 'close' never comes (the chaos specs hung 4 min). Asked again then.
  for (let i = 0; i < 3 && (await Promise.race([closed.then(() => false), new Promise((s) => setTimeout(() => s(true), 5000))])); i++) await page.close({ runBeforeUnload: true }).catch(() => undefined);
  await closed;
}

/**
 * Makes `page` seem hidden or shown (the shopper switched tabs, or back), as the browser would tell it: its
 * visibilityState, then a visibilitychange. A tab hidden leaves what other tabs park to another tab or the next page.
 */
export const seemHidden = (page: Page, hidden: boolean): Promise<void> =>
  page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, hidden);

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

/** The widgets on the page: each one's `by` (its row type, or its element id), state and number of cards. */
export const widgetRows = (page: Page, by: 'type' | 'id') => page.evaluate((by) => Array.from(document.querySelectorAll('[data-clientele-widget]')).map((el) => ({
  [by]: by === 'type' ? el.getAttribute('data-clientele-widget') : el.id,
  state: el.getAttribute('data-clientele-state'),
  cards: (el.shadowRoot ?? el).querySelectorAll('[data-clientele-widget-item]').length,
})), by);

/**
 * Prepares `page` for a worker restart in memory mode: watches its console, makes IndexedDB unusable in the context's
 * workers and keeps the page's workers reachable for killWorker(). Returns what watchConsole() collects.
 */
export async function memoryModeWithWorkers(page: Page, context: BrowserContext): Promise<ReturnType<typeof watchConsole>> {
  const watched = watchConsole(page);
  await noIndexedDb(context);
  await captureWorkers(page);
  return watched;
}

/**
 * Reads `rows()` once the page has settled (2 s), then cuts the network to the catalog feed and the site model (a
 * train, a tunnel), kills the worker, and reads `rows()` again 12 s after the page started a new one.
 */
export async function restartOffline<T>(page: Page, context: BrowserContext, rows: () => Promise<T>): Promise<{ before: T; after: T }> {
  await page.waitForTimeout(2000);
  const before = await rows();
  await context.route(/\/demo\/(data|model)\//, (r) => r.abort('internetdisconnected'));
  await killWorker(page);
  await page.waitForTimeout(12_000);
  return { before, after: await rows() };
}

/** Opens the blank fixture in `page` and waits until it is ready and 1.5 s more, so handlers the page adds now come after the script's. */
export async function openSettled(page: Page): Promise<void> {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.waitForTimeout(1500);
}

/**
 * Waits until the page just opened is ready and 3 s more (what the last page parked is replayed), then counts the
 * stored events: for each key of `names`, how many events are named its value.
 */
export async function countStored<K extends string>(page: Page, names: Record<K, string>): Promise<Record<K, number>> {
  await ready(page);
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  return Object.fromEntries(Object.entries<string>(names).map(([k, name]) => [k, eventsNamed(ev, name).length])) as Record<K, number>;
}

/** Worker prefix: every IndexedDB put is refused for space (an origin whose quota is already full). */
export const QUOTA_FULL = `(function(){var P=IDBObjectStore.prototype;P.put=function(){throw new DOMException('The quota has been exceeded.','QuotaExceededError')};P.add=P.put;})();\n`;

/**
 * Worker prefix: IndexedDB puts are refused for space while the quota is full: `startFull` at first, then as posted on
 * the 'quota-ctl' channel ({ full }, see setQuotaFull()).
 */
export const quotaShim = (startFull: boolean) => `(function(){var full=${startFull};var P=IDBObjectStore.prototype;var put=P.put,add=P.add;
var q=function(){return new DOMException('The quota has been exceeded.','QuotaExceededError')};
P.put=function(){if(full)throw q();return put.apply(this,arguments)};P.add=function(){if(full)throw q();return add.apply(this,arguments)};
new BroadcastChannel('quota-ctl').onmessage=function(e){full=!!e.data.full};})();\n`;

/** Fills (or frees) the quota of every worker served with quotaShim(), and gives them 200 ms to hear it. */
export const setQuotaFull = (page: Page, full: boolean) =>
  page.evaluate(async (f) => { new BroadcastChannel('quota-ctl').postMessage({ full: f }); await new Promise((r) => setTimeout(r, 200)); }, full);

/**
 * Two tabs of the shop, `a` and `b` (`workers`: a's workers kept for killWorker()), on a quota that then fills: b
 * tracks 5 'Before Forget' events (the visitor looks at a product), which wait on b's page. `errs`: both tabs' page errors.
 */
export async function otherTabWaitsOnFullQuota(context: BrowserContext, opts: { workers?: boolean } = {}): Promise<{ a: Page; b: Page; errs: string[][] }> {
  await shimWorker(context, quotaShim(false));
  const a = await openReady(context, { workers: opts.workers });
  const b = await openReady(context);
  const errs = [watchConsole(a).pageErrors, watchConsole(b).pageErrors];
  // a's own first batch (its page view) stored before the quota fills: under load it came after, was refused, and
  // a's forget() waited on its retry.
  await trackMarker(a, 'A Ready');
  await setQuotaFull(a, true);
  await b.evaluate(() => { const c = (window as unknown as { clientele: { track(n: string, p: object): void } }).clientele; for (let i = 0; i < 5; i++) c.track('Before Forget', { i }); });
  await b.waitForTimeout(1500);
  return { a, b, errs };
}

/**
 * Opens `path` as an en-GB shop page (the inline snippet, `calls` (script text) if given, clientele.js with the demo's
 * catalog and site model, autocapture off with `autocapture: false`, then a "popular" row of 4 and `tail` (HTML)) and
 * waits until the real script has replaced the snippet.
 */
export async function openShopPage(page: Page, path: string, o: { calls?: string; autocapture?: false; tail?: string } = {}): Promise<void> {
  await page.route(`**${path}`, (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><html lang="en-GB"><title>Shop</title><script>${SNIPPET}</script>
${o.calls ? `<script>${o.calls}</script>\n` : ''}<script async src="/dist/clientele.js"${o.autocapture === false ? ' data-autocapture="false"' : ''} data-site-model-url="/demo/model/manifest.json" data-catalog-url="/demo/data/catalog.json"></script>
<body><div data-clientele-widget="popular" data-limit="4"></div>${o.tail ?? ''}</body></html>`,
  }));
  await page.goto(path);
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
}

/**
 * A burst of `thousands` x 1,000 product views under `retention.maxEvents = max`, then 8 rows each asked 1.2 s after
 * one more view: how many times the worker's counter `counter` (set up by the caller's shimWorker prefix) moved
 * during those 8 rows, and each row's latency in ms.
 */
export async function rowsAfterBurst(page: Page, o: { max: number; thousands: number; counter: string; storedWithin: number }): Promise<{ reads: number; ms: number[]; median: number }> {
  type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]> };
  await openShopPage(page, `/faults/burst${o.max}x${o.thousands}.html`, { autocapture: false, calls: `clientele.push(['init', [{ retention: { maxEvents: ${o.max} } }]]);` });
  await trackMarker(page, 'Start');
  await page.evaluate(async (n) => {
    const c = (window as unknown as { clientele: Api }).clientele;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < 1000; i++) c.track('Product Viewed', { product_id: String(85000 + (i % 200)), b, i });
      await new Promise((r) => setTimeout(r, 10));
    }
  }, o.thousands);
  await trackMarker(page, 'Burst Stored', o.storedWithin);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.recommend({ type: 'recently-viewed', limit: 4 }));
  const worker = page.workers().at(-1)!;
  const read = () => worker.evaluate((k) => (self as unknown as Record<string, number>)[k], o.counter);
  const before = await read();
  // The visit goes on: one product view at a time, each followed by a row.
  const ms = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const lat: number[] = [];
    for (let i = 0; i < 8; i++) {
      c.track('Product Viewed', { product_id: '85123A', n: i });
      await new Promise((r) => setTimeout(r, 1200));
      const t = performance.now();
      await c.recommend({ type: 'recently-viewed', limit: 4 });
      lat.push(Math.round(performance.now() - t));
    }
    return lat;
  });
  const reads = (await read()) - before;
  return { reads, ms, median: [...ms].sort((a, b) => a - b)[ms.length >> 1] };
}

/** The README's strict Content-Security-Policy (specs add their Trusted Types directives after it). */
export { STRICT_CSP } from '../../scripts/serve.ts';

/**
 * Opens the demo shop served under `policy` (a header), its inline snippet replaced by dist/clientele-snippet.js, and
 * waits for the script to boot. Console warnings/errors, page errors and CSP violations are watched from the first script.
 */
export async function demoUnderCsp(page: Page, policy: string): Promise<{ warnings: string[]; pageErrors: string[]; violations(): Promise<string[]> }> {
  const { warnings, pageErrors } = watchConsole(page);
  const violations = await watchViolations(page);
  await page.route(/\/demo\/[\w-]+\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    const body = (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': policy } });
  });
  await page.goto('/demo/index.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  return { warnings, pageErrors, violations };
}

/** Records the page's CSP violations from its first script on; the function returned reads them ("directive blockedURI"). */
export async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const w = window as unknown as { __violations: string[] };
    w.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
}

/** An experiment on the trending row, its exposures forwarded to a callback the page keeps (window.__fwd). */
export const EXPOSURE_EXPERIMENT = { id: 'trend-layout', target: { rows: 'trending' }, variants: [{ id: 'a' }, { id: 'b' }] };

/**
 * Opens a blank page whose first worker runs `fault` (a worker prefix) and every later one `later`; the page runs
 * EXPOSURE_EXPERIMENT with exposures forwarded to window.__fwd, kills its newest worker when the fault posts to the
 * BroadcastChannel 'kill-now' (unless `kill` is false), and serves the experiment's row once: its exposure is recorded.
 */
export async function exposurePage(page: Page, o: { fault: string; later?: string; kill?: boolean }): Promise<void> {
  const kill = o.kill !== false;
  let first = true;
  await shimWorker(page, () => (first ? ((first = false), o.fault) : o.later ?? ''));
  await captureWorkers(page);
  await page.addInitScript(([exp, kill]) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Array<{ event: string }>; __workers: Worker[] };
    w.__fwd = [];
    w.clientele = [['init', [{ experiments: [exp], forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: Array<{ event: string }>) => w.__fwd.push(...l) } }]]];
    if (kill) new BroadcastChannel('kill-now').onmessage = () => w.__workers.at(-1)!.terminate();
  }, [EXPOSURE_EXPERIMENT, kill] as const);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await trackMarker(page, 'First');
  const recs = await page.evaluate(() => (window as unknown as { clientele: { recommend(r: object): Promise<unknown[]> } }).clientele.recommend({ type: 'trending', limit: 4 }));
  expect(recs.length).toBeGreaterThan(0);
}

/** Waits for `n` workers to have started on an exposurePage (the killed one's successor). */
export const workersStarted = (page: Page, n: number, timeout = 30_000) =>
  expect.poll(() => page.evaluate(() => (window as unknown as { __workers: Worker[] }).__workers.length), { timeout }).toBe(n);

/**
 * After the fault: a few more batches (which carry what waits to forwarding), then how many `Experiment Viewed` are
 * stored and forwarded, and how many `name` events are stored.
 */
export async function exposuresSettled(page: Page, name = 'After'): Promise<{ stored: number; forwarded: number; after: number }> {
  await trackMarker(page, 'After restart');
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Later', {}));
  await page.waitForTimeout(3000);
  await trackMarker(page, 'Last');
  const data = await exported(page);
  const stored = eventsNamed(data.events, 'Experiment Viewed').length;
  const after = eventsNamed(data.events, name).length;
  const forwarded = await page.evaluate(() => (window as unknown as { __fwd: Array<{ event: string }> }).__fwd.filter((e) => e.event === 'Experiment Viewed').length);
  return { stored, forwarded, after };
}

/** Opens an SPA shell at /spa/home (snippet and script, title "Shop") and waits a settled first view. */
export async function spaHome(page: Page): Promise<void> {
  await page.route(/\/spa\/.*/, (r) => r.fulfill({ contentType: 'text/html', body: `<!doctype html><title>Shop</title><script>${SNIPPET}</script>
<script async src="/dist/clientele.js"></script><body><div id="app"></div></body>` }));
  await page.goto('/spa/home');
  await ready(page);
  await page.waitForTimeout(1500);
}

/** The SPA's page views in time order, once a marker tracked after them is stored. */
export async function spaViews(page: Page): Promise<StoredEventLike[]> {
  await trackMarker(page, 'Marker', 15_000);
  return eventsNamed((await exported(page)).events, 'Page Viewed').sort((x, y) => x.timestamp - y.timestamp);
}

/** Opens `n` blank pages of the demo site in `context`, one after the other, each ready. */
export async function readyTabs(context: BrowserContext, n: number): Promise<Page[]> {
  const tabs: Page[] = [];
  for (let i = 0; i < n; i++) tabs.push(await openReady(context));
  return tabs;
}

/**
 * Two ready tabs, `other` healthy and `slow` whose worker answers late: after its first 4 s (its start, which it
 * answers at once) every message waits 20 s (a busy or throttled worker). Returns once `slow` is past those 4 s.
 */
export async function slowWorkerTabs(context: BrowserContext): Promise<{ other: Page; slow: Page }> {
  const [other] = await readyTabs(context, 1);
  const slow = await context.newPage();
  await shimWorker(slow, `(function(){var A=self.addEventListener;self.addEventListener=function(t,f,o){if(t==='message'){var t0=Date.now();return A.call(self,t,function(e){Date.now()-t0>4000?setTimeout(function(){f(e)},20000):f(e)},o)}return A.call(self,t,f,o)};})();\n`);
  await slow.goto('/demo/fixtures/blank.html');
  await ready(slow);
  await slow.waitForTimeout(4500);
  return { other, slow };
}

/** The localStorage keys (seen from `page`) whose value matches `pattern`, each with how many times it does. */
export const localStorageHolding = (page: Page, pattern: RegExp): Promise<Array<[string, number]>> =>
  page.evaluate(([src, flags]) => {
    const re = new RegExp(src, flags.includes('g') ? flags : `${flags}g`);
    return Object.keys(localStorage).filter((k) => (localStorage.getItem(k) ?? '').match(re)).map((k) => [k, (localStorage.getItem(k)!.match(re) ?? []).length] as [string, number]);
  }, [pattern.source, pattern.flags] as const);

/**
 * Snippet only, the script never arrives: the page (`prefix` runs first) queues 'Queued' and its own pagehide handler
 * tracks 'Page Left' after the snippet's park. Counts each as stored by the next page, and what was thrown there.
 */
export async function leaveHandlerKept(context: BrowserContext, prefix: string, tag: string): Promise<{ queued: number; left: number; errors: string[] }> {
  const a = await parkSnippetQueue(context, `${prefix} clientele.track('Queued', {}); addEventListener('pagehide', function () { clientele.track('Page Left', {}); });`, tag);
  const errors: string[] = [];
  a.on('pageerror', (e) => errors.push(e.message));
  const { data } = await replayOnNextPage(context, a, { pause: 300 });
  const counts = { queued: eventsNamed(data.events, 'Queued').length, left: eventsNamed(data.events, 'Page Left').length, errors };
  console.log(JSON.stringify(counts));
  return counts;
}

/**
 * Two tabs of a site running EXPOSURE_EXPERIMENT with exposures forwarded to window.__fwd: `b` opened first, then `a`,
 * each with a stored marker; `a` has not served the experiment's row yet. `pageErrors` are b's.
 */
export async function exposureTabs(context: BrowserContext): Promise<{ a: Page; b: Page; pageErrors: string[] }> {
  await context.addInitScript((exp) => {
    const w = window as unknown as { clientele: unknown[]; __fwd: Array<{ event: string }> };
    w.__fwd = [];
    w.clientele = [['init', [{ experiments: [exp], forward: { events: ['exposures'], consent: 'unless-refused', callback: (l: Array<{ event: string }>) => w.__fwd.push(...l) } }]]];
  }, EXPOSURE_EXPERIMENT);
  const b = await openReady(context);
  const { pageErrors } = watchConsole(b);
  await trackMarker(b, 'B first');
  const a = await openReady(context);
  await trackMarker(a, 'A first');
  return { a, b, pageErrors };
}

/**
 * Counts the page's calls of worker method `method` (comlink messages whose path starts with it) in
 * `window.__workerCalls`; read it with `workerCalls(page)`. Added before the page loads.
 * @example await countWorkerCalls(page, 'row'); ... expect(await workerCalls(page)).toBe(1);
 */
export const countWorkerCalls = (page: Page, method: string) =>
  page.addInitScript((method) => {
    const w = window as unknown as { __workerCalls: number };
    w.__workerCalls = 0;
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (this: Worker, m: unknown, ...rest: never[]) {
      if ((m as { path?: string[] })?.path?.[0] === method) w.__workerCalls++;
      return post.call(this, m, ...rest);
    };
  }, method);
export const workerCalls = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __workerCalls: number }).__workerCalls);

/**
 * A worker prefix (shimWorker): from its 4th second on, or from when a page of the origin calls slowDown(), every
 * message the worker gets waits 20 s (a busy or throttled worker), so what its page tracks then is only parked.
 */
export const SLOW_WORKER = `(function(){var A=self.addEventListener,slow=0,bc=new BroadcastChannel('test-slow-worker');bc.onmessage=function(e){if(e.data==='slow')slow=1,bc.postMessage('ok')};self.addEventListener=function(t,f,o){if(t==='message'){var t0=Date.now();return A.call(self,t,function(e){slow||Date.now()-t0>4000?setTimeout(function(){f(e)},20000):f(e)},o)}return A.call(self,t,f,o)};})();\n`;

/**
 * Makes the origin's SLOW_WORKER workers slow now, not from their 4th second (a sleep of 4.2-4.5 s each test did
 * before); resolves once `workers` of them have said so.
 */
export const slowDown = (page: Page, workers = 1): Promise<void> =>
  page.evaluate((n) => new Promise<void>((r) => {
    const bc = new BroadcastChannel('test-slow-worker');
    bc.onmessage = (e) => e.data === 'ok' && !--n && (bc.close(), r());
    bc.postMessage('slow');
  }), workers);

/** Kills a page as a renderer crash, an out-of-memory kill or a discard would (no pagehide), and closes its tab. */
export async function crash(context: BrowserContext, p: Page): Promise<void> {
  const cdp = await context.newCDPSession(p);
  const crashed = p.waitForEvent('crash').catch(() => undefined);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await p.close().catch(() => undefined);
}

/**
 * Tab A tracks 5,000 calls named `name` while its worker is busy (SLOW_WORKER: none stored), is hidden (it parks them)
 * and killed once its park is stored: it waits for another tab (round39a-left-mid-takeover, round40a-killed-mid-takeover).
 */
export async function parkedByKilledTab(context: BrowserContext, name: string): Promise<void> {
  const a = await context.newPage();
  await shimWorker(a, SLOW_WORKER);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await slowDown(a);
  await a.evaluate((name) => { const c = (window as any).clientele; for (let n = 0; n < 5000; n++) c.track(name, { n, pad: 'x'.repeat(40) }); }, name);
  await seemHidden(a, true);
  // Its whole park in the origin's storage (Chromium's storage service), as another page reads it, before it is killed:
  // a page killed at once can take some of its localStorage writes with it, which no later page can bring back (under
  // load, 4,001 of 5,000 once: every chunk after the first). A page of the origin with no Clientele on it reads.
  const r = await context.newPage();
  await r.goto('/demo/data/catalog.json');
  await expect.poll(() => r.evaluate((name) => Object.keys(localStorage).filter((k) => k.includes(':unsent:')).reduce((n, k) => n + (localStorage.getItem(k)!.split(`"${name}"`).length - 1), 0), name)).toBe(5000);
  await r.close();
  await crash(context, a);
}
