// recommend() latency in real Chromium: a page with the snippet and the built script, a site model and a
// catalog feed, a visitor with ~50 product views and an order; each call is timed from the page, so the
// figure includes the postMessage round trip to the worker, the IndexedDB read of new events and the ranking.
import { createReadStream, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from 'playwright-core';
import { REC_TYPES } from '../src/contract/types.ts';
import { buildCatalog, parseCsvLine, type RetailRow } from '../scripts/make-demo-catalog.ts';
import { catalogFor, writeLog } from '../scripts/gen-log.ts';
import { waitReady, type BrowserBench } from './browser.ts';
import { lastMessage, runTsChild } from './node.ts';
import { summarize, type Summary } from './stats.ts';

/** A site model and catalog feed under .tmp/ (served at /.tmp/...), and the products a visitor may touch. */
export interface VisitorFixture {
  name: string;
  /** Folder under the repo root holding catalog.json, model/ and page.html. */
  dir: string;
  catalogItems: number;
  modelItems: number;
  /** Products the model knows, most popular first (the visitor's history is drawn from them). */
  productIds: string[];
  build: { command: string; wall_s: number; peak_rss_mb: number | null };
}

type Made = { ok: true; value: VisitorFixture } | { ok: false; message: string };

// The snippet the README gives, as a shop pastes it.
const SNIPPET = readFileSync(new URL('../src/snippet.js', import.meta.url), 'utf8');

/** Builds the site model with the real CLI and writes the bench page that loads it. */
async function finish(root: string, name: string, dir: string, events: string, catalogItems: number, extra: string[]): Promise<Made> {
  const args = ['--events', events, '--catalog', join(dir, 'catalog.json'), '--out', join(dir, 'model'), '--no-holdout', '--json', ...extra];
  const r = await runTsChild(root, 'scripts/build-model.ts', args);
  if (r.code !== 0) return { ok: false, message: `build-model failed for the ${name} fixture: ${lastMessage(r)}` };
  const manifest = JSON.parse(readFileSync(join(root, dir, 'model', 'manifest.json'), 'utf8')) as { items: string[] };
  const html = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>bench: ${name}</title>
<script>${SNIPPET}</script>
<script async src="/dist/clientele.js" data-site-id="bench-${name}" data-site-model-url="/${dir}/model/manifest.json" data-catalog-url="/${dir}/catalog.json"></script>
</head><body><h1>recommend() and segments() bench: ${name}</h1></body></html>
`;
  writeFileSync(join(root, dir, 'page.html'), html);
  return {
    ok: true,
    value: {
      name,
      dir,
      catalogItems,
      modelItems: manifest.items.length,
      productIds: manifest.items.slice(0, 3000),
      build: { command: `node --import tsx scripts/build-model.ts ${args.join(' ')}`, wall_s: Math.round(r.wallMs / 10) / 100, peak_rss_mb: r.maxRssMb },
    },
  };
}

/**
 * The Online Retail fixture: every product of online_retail.csv as a catalog feed, and its site model.
 * @example
 * const fx = await onlineRetailFixture('/repo', '../shared/data/online-retail/online_retail.csv');
 */
export async function onlineRetailFixture(root: string, csv: string): Promise<Made> {
  const dir = '.tmp/bench/online-retail';
  rmSync(join(root, dir), { recursive: true, force: true });
  mkdirSync(join(root, dir), { recursive: true });
  const rows: RetailRow[] = [];
  let header = true;
  for await (const line of createInterface({ input: createReadStream(csv), crlfDelay: Infinity })) {
    if (header) { header = false; continue; }
    const f = parseCsvLine(line);
    if (f.length >= 8) rows.push({ invoice: f[0], stockCode: f[1], description: f[2], quantity: Number(f[3]), unitPrice: Number(f[5]), customerId: f[6] });
  }
  const catalog = buildCatalog(rows, { limit: Infinity });
  writeFileSync(join(root, dir, 'catalog.json'), JSON.stringify({ products: catalog.products }));
  return finish(root, 'online-retail', dir, csv, catalog.products.length, []);
}

/**
 * A generated shop of `items` products: log (from scripts/gen-log.ts), catalog feed and site model.
 * @example
 * const fx = await generatedFixture('/repo', 100_000, 500_000);
 */
export async function generatedFixture(root: string, items: number, rows: number): Promise<Made> {
  const name = `generated-${Math.round(items / 1000)}k`;
  const dir = `.tmp/bench/${name}`;
  rmSync(join(root, dir), { recursive: true, force: true });
  mkdirSync(join(root, dir), { recursive: true });
  const opts = { rows, items, seed: 11 };
  writeLog(join(root, dir, 'log.csv'), opts);
  writeFileSync(join(root, dir, 'catalog.json'), JSON.stringify(catalogFor(opts)));
  // the factor model is the slow one to build on a big log and adds little to latency: leave it out
  return finish(root, name, dir, join(dir, 'log.csv'), items, ['--models', 'popularity,itemKnn,coVisitation']);
}

interface Clientele {
  track(e: string, p: object): void;
  recommend(r: object): Promise<Array<{ product_id: string }>>;
  segments(): Promise<unknown>;
  status(): Promise<{ events: number; catalog: number; siteModel: { items: number } | null } | null>;
}

/** A page for the fixture with a fresh IndexedDB, once the catalog and site model are in and the visitor has a history. */
export interface VisitorPage {
  page: Page;
  fixture: VisitorFixture;
  /** Seconds from navigation to the worker holding the catalog and the site model. */
  loadS: number;
  /** The last viewed product (seed for similar and bought-together rows). */
  seed: string;
  /** Further products for views made during the timing (known to the model, not in the first history). */
  moreViews: string[];
  close(): Promise<void>;
}

/**
 * Opens the fixture's page, waits for the catalog feed and site model, and gives the visitor 50 views, 3 adds and an order.
 * @example
 * const v = await openVisitor(bench, fx); await recommendLatency(v); await v.close();
 */
export async function openVisitor(b: BrowserBench, fixture: VisitorFixture): Promise<VisitorPage> {
  const t = performance.now();
  const page = await b.newPage(`/${fixture.dir}/page.html`);
  await waitReady(page);
  await page.waitForFunction(async (want) => {
    const s = await (window as unknown as { clientele: Clientele }).clientele.status();
    return !!s && !!s.siteModel && s.catalog >= want;
  }, Math.floor(fixture.catalogItems * 0.95), { timeout: 300_000, polling: 250 });
  const loadS = (performance.now() - t) / 1000;
  // a spread of popular and long-tail products the model knows, deterministic
  const ids = fixture.productIds;
  const viewed = Array.from({ length: 50 }, (_, k) => ids[Math.floor(((k * 2654435761) % 2 ** 32) / 2 ** 32 * Math.min(ids.length, 2000))]);
  await page.evaluate(async (viewed) => {
    const c = (window as unknown as { clientele: Clientele }).clientele;
    const base = (await c.status())?.events ?? 0;
    for (const id of viewed) c.track('Product Viewed', { product_id: id, price: 3.5 });
    const bought = viewed.slice(-3);
    for (const id of bought) c.track('Product Added', { product_id: id, price: 3.5, quantity: 1 });
    c.track('Order Completed', { order_id: 'bench-1', revenue: 21, currency: 'GBP', products: bought.map((id) => ({ product_id: id, price: 3.5, quantity: 2 })) });
    for (;;) {
      if (((await c.status())?.events ?? 0) - base >= viewed.length + 4) return;
      await new Promise((r) => setTimeout(r, 20));
    }
  }, viewed);
  const moreViews = ids.slice(0, 600).filter((id) => !viewed.includes(id));
  return { page, fixture, loadS, seed: viewed[viewed.length - 1], moreViews, close: () => page.context().close() };
}

/**
 * Times calls from the page: one first call, then up to `reps` calls (stopping past `budgetMs`, after at least `minReps`).
 * With `newViews`, each timed call follows a fresh `Product Viewed` (as on a new page), so the worker stores it and
 * digests the visitor again instead of reusing the cached fold-in.
 * @example
 * const r = await timeInPage(page, { kind: 'segments' }, 100, 5000); summarize(r.samples).median
 */
export async function timeInPage(page: Page, what: { kind: 'recommend'; request: object } | { kind: 'segments' }, reps: number, budgetMs: number, newViews: string[] = [], minReps = 10): Promise<{ firstMs: number; samples: number[]; size: number }> {
  // no named functions inside: tsx would wrap them in a __name() helper the page does not have
  return page.evaluate(async ({ what, reps, budgetMs, minReps, newViews }) => {
    const c = (window as unknown as { clientele: Clientele }).clientele;
    let t = performance.now();
    const first = await (what.kind === 'recommend' ? c.recommend(what.request) : c.segments());
    const firstMs = performance.now() - t;
    const samples: number[] = [];
    const start = performance.now();
    for (let r = 0; r < reps && (r < minReps || performance.now() - start < budgetMs); r++) {
      if (newViews.length) c.track('Product Viewed', { product_id: newViews[r % newViews.length], price: 3.5 });
      t = performance.now();
      await (what.kind === 'recommend' ? c.recommend(what.request) : c.segments());
      samples.push(performance.now() - t);
    }
    return { firstMs, samples, size: Array.isArray(first) ? first.length : first ? 1 : 0 };
  }, { what, reps, budgetMs, minReps, newViews });
}

export interface LatencyResult {
  catalog_items: number;
  model_items: number;
  /** The history at the start; every call timed `after_new_view` adds one more view. */
  history: string;
  measured: string;
  /** The first recommend() after the page loaded (the worker builds its candidate universe and content index). */
  first_call_ms: number;
  /** Repeated calls with no new event in between (the worker reuses the visitor's fold-in). */
  by_type: Record<string, Summary & { items: number }>;
  overall: Summary;
  /** Each call right after a new product view (stored, then the visitor digested and folded in again): a page load's cost. */
  after_new_view: { by_type: Record<string, Summary>; overall: Summary };
}

/**
 * recommend() latency per row type (median, p99) for a visitor page, timed from the page.
 * @example
 * const r = await recommendLatency(await openVisitor(b, fx)); r.by_type['for-you'].median
 */
export async function recommendLatency(v: VisitorPage, reps = 200, budgetMs = 4000): Promise<LatencyResult> {
  const by_type: LatencyResult['by_type'] = {};
  const fresh: Record<string, Summary> = {};
  const all: number[] = [], allFresh: number[] = [];
  let first_call_ms = -1;
  for (const type of REC_TYPES) {
    const request = { type, limit: 10, ...(type === 'similar' || type === 'bought-together' ? { itemId: v.seed } : {}) };
    const r = await timeInPage(v.page, { kind: 'recommend', request }, reps, budgetMs);
    if (first_call_ms < 0) first_call_ms = Math.round(r.firstMs * 10) / 10;
    by_type[type] = { ...summarize(r.samples), items: r.size };
    all.push(...r.samples);
    // slow on big catalogs (each new view can mean a catalog re-read): a shorter budget and fewer minimum calls
    const n = await timeInPage(v.page, { kind: 'recommend', request }, 60, 3000, v.moreViews, 6);
    fresh[type] = summarize(n.samples);
    allFresh.push(...n.samples);
  }
  return {
    catalog_items: v.fixture.catalogItems,
    model_items: v.fixture.modelItems,
    history: '50 Product Viewed, 3 Product Added, 1 Order Completed',
    measured: 'ms per `await clientele.recommend({ type, limit: 10 })` from the page: includes the postMessage round trip to the worker',
    first_call_ms,
    by_type,
    overall: summarize(all),
    after_new_view: { by_type: fresh, overall: summarize(allFresh) },
  };
}
