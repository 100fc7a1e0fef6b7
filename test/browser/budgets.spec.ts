import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ready } from './helpers.ts';

const dist = (f: string) => readFileSync(new URL(`../../dist/${f}`, import.meta.url));
const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

// Budgets in gzip bytes for every script a page loads on its main thread.
const BUDGETS: Record<string, number> = {
  // 6 KB until the worker was told the page's first row at its start (src/client.ts firstAsk: 60 ms sooner on a first
  // visit) and rows learnt to wait for the product a page's markup describes (showsProduct); 6.5 KB until consent
  // answers were shared by the origin's tabs, reads waited for a worker to take the calls before them, and kept rows
  // were drawn at the parse; 6.75 KB until the first kept row was painted from its markup by this script
  // (src/paint.ts: on the demo, the repeat visit's first row 60-120 ms sooner), rebuilt element by element from the
  // tags a row uses so that a tampered entry cannot run script; 7.5 KB until forget() reached what the page itself
  // holds of the visitor (the dwell, rows on screen, the forwarding queue, other tabs, ops a closed tab parked:
  // test/browser/forget.spec.ts); 8 KB until the calls the snippet parked kept their time and their events' ids (a
  // forget(), a "no" or a newer identify() made since stands against them; tabs that open at once store them once:
  // test/browser/snippet-queue.spec.ts), and ops too large for the room left in localStorage stopped the rest from
  // being parked (test/browser/park-room.spec.ts)
  // 8.5 KB until it kept a copy of the batches a worker in memory (no IndexedDB) had stored, for the worker that replaces
  // it (test/browser/round9-memory-restart.spec.ts), and took parked chunks over one a task instead of all in one
  // (test/browser/round9-unpark-longtask.spec.ts); 8.75 KB until it parked what the page's own leave handlers track
  // after its park, kept a forget() made after a "no", put a forget() parked by another page after this page's older
  // calls, weighed a replayed consent() against the answer given since, and gave a page back from the back-forward
  // cache its queued events' parked ids (test/browser/round14-*.spec.ts); 9 KB until exportData() asked again behind
  // a batch refused while storage waited, rows kept their cards when asked again after a restart, and the calls of
  // the page's own leave handlers were parked in one chunk (test/browser/round15-*.spec.ts); 9.25 KB until it loaded
  // its files under Trusted Types through a 'clientele' policy, wrote lists as lists on a page whose
  // Array.prototype.toJSON is its own (Prototype.js 1.6) and read back what the snippet parked there
  // (test/browser/round20-trusted-types.spec.ts, round20-prototype-array-tojson.spec.ts); 9.75 KB until a page that
  // locked window.clientele and included it twice started one engine, and its microtasks were the browser's own on
  // pages without queueMicrotask or with a Promise polyfill (round25a-*.spec.ts, round26a-*.spec.ts); 10 KB until a
  // page that rewrote itself with document.open() kept its leave and cross-tab listeners, a recommend() request key
  // that is not plain data was left out alone, and consent() asked the rows on screen again (round30a-*.spec.ts);
  // 10.25 KB until the options it passes to the browser had no prototype for a polluted Object.prototype to lend keys
  // to (round32a-polluted-prototype.spec.ts), and a page chunk answered with an HTML page was refused before it could
  // run (round32b-chunk-answered-with-page.spec.ts); 10.375 KB until a tab already open took over what another tab
  // parked as it parked it (the outbox's and the snippet's queues), and a tab closed before its page had loaded
  // parked on beforeunload, and a call replayed from before the latest forget() was left out on the page
  // (round34-open-tab-takes-late-park.spec.ts, round34-closed-while-loading.spec.ts, clock-skew.spec.ts); 10.625 KB
  // until a tab frozen while hidden parked on `freeze`, a localStorage whose methods throw no longer stopped it, a
  // consent answer was applied by its time across tabs, a take-over kept call order and left parked consent ops out,
  // a hidden page left the snippet's queues to a shown one, chunks carried the page's nonce, and identify()'s and
  // data-clientele-product's bad values were told on the page (round35a-*, round35b-*, test/unit/round35c-*); 10.75 KB
  // until a call queued under a "no" was left out when replayed after a yes given since, and calls past the 20,000 held
  // for the visitor's answer were told on the page (test/unit/round35c-queued-while-refused, round36c-held-cap-silent);
  // 10.875 KB until a page whose document always says it is visible kept what it parked on leaving
  // (round36a-always-visible-close.spec.ts), relative URLs followed the page's <base href>
  // (round36b-base-href-relative-urls.spec.ts) and createClientele() on a server settled at once with one message
  // (test/unit/round36b-ssr-create.test.ts); 11 KB until round 38: a single-page app's new route stopped seeding its
  // rows (and recommend()) with the previous route's product (round38a-spa-row-previous-product.spec.ts), a
  // client-rendered product page seeded the rows its markup came with (round38a-client-rendered-row.spec.ts), a worker
  // killed before it took its life lock was found some 6 s on, not by the 15 s hang check, and one whose script did
  // not load after a worker of the page had run was tried again (round38b-killed-before-lock.spec.ts,
  // round38b-restart-offline.spec.ts), and a hostile page could not stop the engine: a throwing crypto.getRandomValues
  // lost every event, a broken Promise / performance API threw out of the read methods, a revoked Proxy in the
  // snippet's queue stopped the start (round38c-hostile-builtins, round38c-queue-junk). 11,619 B with all of
  // them; 11.375 KB until round 39: a function nested in a config value was told as "got true" or switched a boolean
  // key on (round39e-config-function, 11,642 B), and a page whose Date.now() gives no number (NaN, a Date, a string)
  // lost every event and forget() (round39e-broken-clock): 11,668 B; a page whose worker stored in memory parks what it
  // stored for a next page with IndexedDB (round39c-memory-then-idb.spec.ts), and a page whose localStorage is full
  // with the shop's own data parks in the tab's sessionStorage (round39c-local-storage-full.spec.ts: 200 of 200 lost
  // before): 11,766 B; a worker silent for 13 s is pinged before it is taken for dead, so one whose writes
  // wait on another tab's transaction is not replaced five times over and the page given up
  // (round39a-reads-behind-hung-write.spec.ts: 11,657 B), and a worker killed before its file was fetched gets a
  // second beside it at 6 s (round38b-killed-before-lock.spec.ts, round39a-slow-first-worker.spec.ts: 11,731 B on its own);
  // a page that broke its clocks (a Date.now that throws, performance removed) or builtins
  // after load (JSON.stringify, JSON.parse, Array.prototype methods, clearTimeout, a moment's Promise.prototype.then,
  // an Object.prototype.toJSON, an Object.prototype.then) still had its events stored and nothing thrown into it
  // (round39d-*.spec.ts, round38c-hostile-builtins-known.spec.ts): 11,832 B on its own). 11.625 KB until all of round 39 came
  // together with round 39b's rows in swapped bodies: 11,970 B; 11.75 KB until what a page takes over (another tab's
  // parked chunks, the snippet's parked queues) stayed parked until its worker had stored it: a page killed meanwhile
  // lost it (round40a-killed-mid-takeover.spec.ts, round40a-killed-after-queue-takeover.spec.ts: 12,100 B on its own),
  // a page's Object.prototype.then no longer held reads and rows (round40c-polluted-then-reads), a clock that throws was
  // met (round40c-stub-hostile-clocks) and a widget's item id was checked for length in recommend() too
  // (round40e-hostile-widgets): 12,033 B on their own; 11.875 KB until both came together: 12,167 B, and init() calls
  // made while one is applied went to the worker as one config (round40-init-burst): 12,186 B; 12 KB until round 41's
  // outbox (a hidden page in memory parking only what is new, a dropped op's waiters moved to the op before:
  // round41d-*) and exposures a full quota refused kept in the page's outbox (round41c-exposure-retry-time) came
  // together, 12,251 B, with a worker's uncaught errors kept off the page's window (round42c-foreign-old-db) and a late
  // product read from the route before no longer taken as the new route's (round39b-swapped-body-rows, round 42d):
  // 12,291 B
  'clientele.js': 12.125 * 1024,
  // the snippet as a file, for pages whose Content-Security-Policy refuses inline scripts (README "Strict CSP")
  'clientele-snippet.js': 1024,
  // autocapture and the widget scan, loaded by every page while its worker starts; 3 KB until it kept the first
  // row's markup (src/paint.ts); 3.25 KB until its kept rows wrote lists as lists on a Prototype.js page; 3.375 KB
  // until one widget the page refuses a shadow root was given up alone, and an SPA view took its own route's URL
  // (round27-attach-shadow-refused.spec.ts, round27a-*, round28a-*); 3.5 KB until a problem message read a huge value
  // only as far as it shows it (src/contract/widgetCheck.ts show(), test/unit/show.test.ts); 3.625 KB until autocapture
  // recorded a page back from the back-forward cache as viewed again (round32a-bfcache-restore-views.spec.ts: 3,723 B);
  // 3.75 KB until rows in a body swapped in by Turbo, htmx, PJAX or Barba were drawn, a replaceState redirect was one
  // view and a Turbo visit's view waited for its render (round39b-swapped-body-rows, round39b-spa-redirect-once: 3,965 B);
  // 3.875 KB until the page's JSON.stringify was kept as at load and Object.prototype.toJSON hidden for each write
  // (round38c-hostile-builtins-known: 4,020 B with round 39b); 4 KB until a variant picked was no second view, a
  // dropped widget drawn afresh when put back, and a widget whose data-item-id an app patched in place asked again
  // (round40b-variant-picker, round40b-late-widgets, round40b-widget-attrs-in-place: 4,153 B); 4.125 KB until an
  // add-to-cart read its product form's quantity, content swapped in before its URL kept its product on its route and a
  // middle click on a product link was a click (round41b-cart-quantity, -spa-swap-before-push, -middle-click: 4,257 B;
  // 4,281 B with round41b-navigation-api-slow and -add-before-read)
  'clientele-page.js': 4.25 * 1024,
  // the rows and slots; 12 KB until a row asked again after a worker restart kept its cards, fallback and all
  // (test/browser/round15-restart-empties-fine-rows.spec.ts, round16-restart-empties-fallback-row.spec.ts); 12.25 KB
  // until Preact's vnode copy was rewritten for pages that froze Object.prototype (round36b-frozen-object-prototype.spec.ts)
  // and BigInts inside values were shown as 10n (test/unit/round37f-show-nested-bigint.test.ts); 12.375 KB until a widget
  // refused <body>, <html>, what is in <head> and void or script elements, where a row hid the page or showed nothing
  // (round40e-hostile-widgets: 12,749 B); 12.5 KB until, beside those, round 40b's rows dropped by a single-page app
  // were taken down and a forget() still asked a mount() row kept off the page (round40b-late-widgets,
  // round40-keepalive-forget): 12,875 B
  'clientele-widget.js': 12.625 * 1024,
  // microdata/RDFa reader, loaded only by pages that carry such markup
  'clientele-markup.js': 4 * 1024,
  // loaded only once the worker hands over events to forward (config.forward)
  'clientele-forward.js': 2 * 1024,
  // onSegments() and config.dataLayer: loaded only by pages that use them
  'clientele-segments.js': 1024,
  // the owner page's report (statistics and Vega charts); shops never load it
  'clientele-report.js': 320 * 1024,
};
const TFJS_MARKERS = [/tfjs/i, /registerKernel/, /getBackend/];

// Workers load off the main thread, but they are still downloads. The engine worker only scores
// (typed arrays), so it carries no tfjs; the build worker, loaded by the owner page, trains with it.
const WORKER_BUDGETS: Record<string, { budget: number; tfjs: boolean }> = {
  // durable storage (events in chunks, retention in the write, quota policy), the in-memory store and supervision
  // (44 KB until an erasure kept what is dated after it, for a forget() applied late, and a worker in memory that
  // replaces one that died went on as its visitor; 44.5 KB until an IndexedDB open that never answers was retried and
  // then run in memory, a chunk, a site model or a catalog feed that never arrives was done without after a deadline,
  // a full quota kept the engine up and never evicted events for a cache, and a late erasure re-stamped what it keeps:
  // test/browser/round14-*.spec.ts, late-forget-ids.spec.ts; 45.5 KB until its chunks loaded under Trusted Types, its
  // copy of the events dropped what retention evicted, and a batch's evictions were bounded on a quota that gives no
  // room back: test/browser/trusted-types-worker.spec.ts, round20-*.spec.ts; 46 KB until what it hands on to
  // forwarding was leased until its answer had left, and every batch looked for what other tabs' workers left waiting:
  // round24b-*.spec.ts, round25b-*.spec.ts; 46.5 KB until arms were read for every row and merged when stored (another
  // tab's login switched them), a worker in memory handed its arms to the next, and a "no" dropped what waited to be
  // forwarded and made no new visitor: round26b-*.spec.ts, round26c-*.spec.ts)
  // (47 KB until a database that opens and then fails a transaction at the worker's start was opened afresh, then
  // run in memory: round30b-boot-tx-once.spec.ts)
  // (47.5 KB until records read back from storage were checked for their shape, so that one record of another shape
  // is left out alone instead of failing every read and write, and a profile's mistyped fields are read empty:
  // round32b-corrupt-stored-records.spec.ts; a site-model file that could not be had is not asked for again for
  // 30 s: round32b-stalled-shard-retried.spec.ts; and an experiment whose arms name two families of the one
  // combined for-you row got a message that they rank alike: round32c-experiment-same-row.test.ts; the last two
  // together took it 23 bytes past 48 KB; 48.25 KB until config.debug logged what the engine does (it was read by
  // nothing: round34c-debug-logs.spec.ts), a stored forwarding list of another shape was left out alone
  // (round34b-corrupt-forward-list.spec.ts) and a cached model file was checked against its hash
  // (round34b-damaged-model-file.spec.ts)); 48.5 KB until a database of the site's name missing stores or indexes was
  // deleted and made again (round36a-db-missing-stores.spec.ts), exportData(), status() and segments() waited for the
  // writes received (test/unit/round36c-memory-keep-big-batch.test.ts) and an unconfigured slot's message gave its fix
  // (round36b-slot-markup-two-messages.spec.ts); 48.625 KB until a round of eviction on a full quota was counted by
  // every tab of the site, so that two tabs meeting a quota that gives no room back evict one round, not one each
  // (round38d-real-quota.spec.ts); 48.75 KB until a transaction the browser aborts no longer left an "Uncaught (in
  // promise) AbortError" in the shop's console for each read (round38d-tx-aborts.spec.ts); 48.875 KB until an event dated earlier by a worker whose clock was behind its page's, sent again, was stored
  // once (the ids stored clamped: test/unit/store-contract.test.ts): 50,086 B; 49 KB until a page whose clock runs
  // years behind (fake timers) was told once that the age limit refused its events (round39e-clock-years-behind): 50,222 B; 49.125 KB until the events a full quota refused were
  // read beside the store by this page's rows (round38d-real-quota "recently viewed"), and an exposure a full quota refused was made again after the next batch (round23-quota-pending-exposure): 50,361 B; 49.25 KB until a write IndexedDB
  // left hanging for good no longer held every read to its fallback for the page's life: the engine waits in memory, as for
  // an older schema (round40c-idb-writes-hang): 50,528 B; 49.375 KB once round 40d's one retry path for the worker's
  // refused writes (50,418 B on its own) met it, with the full disk's upgrade told as such (round40c-upgrade-full-disk):
  // 50,633 B; 49.5 KB until, beside those, round 40e's checks came in: a content slot's href or image that is not
  // http(s) or relative refused with a message (round40e-hostile-slot), a catalog feed's entries with no usable id told
  // (round40e-hostile-catalog), recommend()'s itemId checked for length (round40e-hostile-widgets), the head's own
  // warnings told (round40e-hostile-model) and a data-clientele-product whose id cannot be a product id told
  // (round40e-hostile-product-attr): 50,592 B on their own, 50,864 B with rounds 40c and 40d; 50,938 B once tabs that
  // met a damaged database together remade it one at a time (round37f-db-remade-race). Round 41, each step its own
  // commit: a batch of writes slow but each ending no longer taken for hung, answered "not kept" and sent again
  // (round41c-slow-writes): 50,984 B; a recommend() request's key over 64 KB refused, named, before it was ranked
  // (round41c-huge-requests): 51,084 B; an order counted once per order_id in the rows (a thank-you page reloaded) and an
  // order or cart over 16,384 characters kept its lines' main keys where it was refused whole (round41b-orders):
  // 51,050 B on its own; a message in config.messages with braces it cannot fill (an ICU plural, a placeholder of the
  // owner's own name) refused with its message, where shoppers saw it raw, a chunk the worker file's own policy refused
  // (a nonce policy sent on every response) told as such, and the owner's wording looked up for a language with no
  // catalogue (round41e-messages, round41e-worker-csp): 51,054 B on their own; rounds of eviction on a full quota going on
  // while navigator.storage.estimate() showed they gave room back, exportData() holding the events a full quota refused,
  // and those from before another tab's forget() left out (round41a-quota-room-back, round38d-real-quota): 51,064 B on
  // their own. All of round 41 together: 51,514 B. 50.375 KB until a call the store cannot hold for its data
  // (identify() traits nested 2,500 levels, a value its clone refuses, a DataError) was refused alone, where its batch
  // was sent again for good and held back every call after it on every page, an Identify event's user id was held to
  // identify()'s rule, and the visitor's traits kept under 64 KB together (round42a-deep-identify): 51,646 B; 51,670 B
  // with a foreign older database made again in its upgrade (round42c-foreign-old-db)
  'clientele-worker.js': { budget: 50.5 * 1024, tfjs: false },
  // loaded into the engine worker only when a page's markup may describe a product
  'clientele-reader.js': { budget: 12 * 1024, tfjs: false },
  // loaded into the engine worker only when the page's language is not English
  'clientele-messages.js': { budget: 4 * 1024, tfjs: false },
  // loaded into the engine worker only when the config runs a holdout, an experiment or a slot bandit
  'clientele-experiments.js': { budget: 6 * 1024, tfjs: false },
  'clientele-build-worker.js': { budget: 160 * 1024, tfjs: true },
};

for (const [file, { budget, tfjs }] of Object.entries(WORKER_BUDGETS)) {
  test(`size budget: dist/${file} is at most ${budget / 1024} KB gzip${tfjs ? '' : ' and has no tfjs'}`, () => {
    const buf = dist(file);
    const size = gz(buf);
    console.log(`${file}: ${size} bytes gzip (budget ${budget})`);
    expect(size).toBeLessThanOrEqual(budget);
    expect(/tfjs/.test(buf.toString("utf8"))).toBe(tfjs);
  });
}

// The README's table of what dist/ holds quotes each file's gzip size: a new user sizes their CDN and budgets by it. It
// said 48.9 KB for the worker at 50,361 B (49.2 KB) after round 39 (round 40e). Each single figure must be the measured
// size to the 0.1 KB it is written in (a tenth either way, as a rounding of 1.55 may go to 1.5 or 1.6).
test('the README quotes each dist file\'s gzip size as measured here', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(clientele[\w-]*\.js)` \|[^|\n]*\| ([\d.]+) KB \|$/gm)].map((m) => [m[1], Number(m[2])] as const);
  expect(rows.map(([f]) => f)).toEqual(expect.arrayContaining(['clientele.js', 'clientele-worker.js', 'clientele-page.js', 'clientele-widget.js']));
  const off = rows.map(([f, kb]) => [f, kb, Math.round(gz(dist(f)) / 102.4) / 10] as const).filter(([, kb, real]) => Math.abs(kb - real) > 0.1 + 1e-9);
  expect(off).toEqual([]);
  // Elsewhere in the text: "(`clientele-markup.js`, 1.5 KB)", "a 2.4 KB chunk (`clientele-experiments.js`)", and the
  // architecture's "clientele-worker.js (idb, scoring; 49.2 KB)", "widgets (lazy, Preact, 12.5 KB)", "worker/ ... (49.2 KB gzip".
  const inText = [
    ...[...readme.matchAll(/`(clientele[\w-]*\.js)`, ([\d.]+) KB\)/g)].map((m) => [m[1], m[2]]),
    ...[...readme.matchAll(/a ([\d.]+) KB chunk\s+\(`(clientele[\w-]*\.js)`\)/g)].map((m) => [m[2], m[1]]),
    ['clientele-worker.js', /clientele-worker\.js \(idb, scoring; ([\d.]+) KB\)/.exec(readme)?.[1]],
    ['clientele-widget.js', /widgets \(lazy, Preact, ([\d.]+) KB\)/.exec(readme)?.[1]],
    ['clientele-worker.js', /shopper's worker \(([\d.]+) KB gzip/.exec(readme)?.[1]],
    // The architecture's diagram names each file with its size, "clientele-page.js (lazy, 3.9 KB)": four of them had
    // drifted (clientele.js 11.7, page 3.9, markup 1.5, reader 9.3 KB at 11.9, 4.1, 1.7, 9.6) unchecked (round 41e).
    ...[...readme.matchAll(/(clientele[\w-]*\.js)>?\s+\([\w ,;]*?([\d.]+) KB\)/g)].map((m) => [m[1], m[2]]),
    ['clientele-markup.js', /clientele-markup\.js[^\n]*\n\s+\(lazy, ([\d.]+) KB\)/.exec(readme)?.[1]],
  ].map(([f, kb]) => [f, Number(kb), Math.round(gz(dist(f!)) / 102.4) / 10] as const);
  expect(inText.length).toBeGreaterThanOrEqual(12);
  expect(inText.filter(([, kb, real]) => !(Math.abs(kb - real) <= 0.1 + 1e-9))).toEqual([]);
  const intro = /the\s+script\s+the\s+page\s+loads\s+is\s+([\d.]+)\s+KB\s+gzip/.exec(readme);
  expect(Number(intro?.[1])).toBeCloseTo(gz(dist('clientele.js')) / 1024, 1);
});

for (const [file, budget] of Object.entries(BUDGETS)) {
  test(`size budget: dist/${file} is at most ${budget / 1024} KB gzip and has no tfjs`, () => {
    const buf = dist(file);
    const size = gz(buf);
    console.log(`${file}: ${size} bytes gzip (budget ${budget})`);
    expect(size).toBeLessThanOrEqual(budget);
    for (const m of TFJS_MARKERS) expect(buf.toString('utf8')).not.toMatch(m);
  });
}

test('the main thread of a demo page with widgets loads only budgeted scripts, none with tfjs', async ({ page }) => {
  await page.goto('/demo/index.html');
  await ready(page);
  await page.locator('[data-clientele-widget] [data-clientele-widget-item]').first().waitFor({ timeout: 20_000 });
  const scripts = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => (e as PerformanceResourceTiming).initiatorType === 'script').map((e) => e.name));
  const ours = scripts.filter((s) => /\/dist\//.test(s)).map((s) => new URL(s).pathname.replace('/dist/', ''));
  expect(ours.sort()).toEqual(['clientele-page.js', 'clientele-widget.js', 'clientele.js']);
  expect(await page.evaluate(() => 'tf' in window || Object.keys(window).some((k) => /tfjs/i.test(k)))).toBe(false);
});

test('the demo downloads at most 30 KB gzip of its site model for a new visitor viewing one product', async ({ page, context }) => {
  const model = new Map<string, number>();
  context.on('response', async (res) => {
    const path = new URL(res.url()).pathname;
    if (!path.startsWith('/demo/model/')) return;
    try {
      model.set(path, gz(await res.body()));
    } catch {
      // a response the page dropped (navigation) has no body to measure
    }
  });
  await page.goto('/demo/product.html?id=85123A');
  await ready(page);
  // the product page's rows (similar, bought together) are personalized by this one view
  await page.locator('#row-similar [data-clientele-widget-item]').first().waitFor({ timeout: 20_000 });
  await expect.poll(async () => page.evaluate(async () => ((await (window as unknown as { clientele: { recommend(r: unknown): Promise<unknown[]> } }).clientele.recommend({ type: 'for-you', limit: 6 })).length))).toBe(6);
  await expect.poll(() => [...model.keys()].some((p) => p.includes('/shards/'))).toBe(true);
  const total = [...model.values()].reduce((a, b) => a + b, 0);
  console.log(`demo model fetched after one product view: ${(total / 1024).toFixed(1)} KB gzip in ${model.size} files (${[...model.keys()].map((p) => p.replace('/demo/model/', '')).join(', ')})`);
  expect(model.has('/demo/model/manifest.json')).toBe(true);
  expect([...model.keys()].some((p) => p.includes('/meta/')), 'the catalog feed names every product, so no metadata file is needed').toBe(false);
  expect(total).toBeLessThanOrEqual(30 * 1024);
});
