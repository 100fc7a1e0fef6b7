// The npm package as an adopter gets it: `npm pack`, installed with `npm ci` into a Vite app and a webpack 5
// app (test/bundlers), built with no Clientele-specific bundler config, served, and a row seen in Chromium;
// then the installed `npx clientele` commands on the repository's sample log.
import { test, expect } from '@playwright/test';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, type ServerHandle } from '../../scripts/serve.ts';
import { modelFolderFiles, readModelFiles } from '../../scripts/lib/deployed.ts';
import { installFixture, packTarball, packedFiles, ROOT, runIn, WORK } from './packageFixture.ts';
import { STRICT_CSP, watchConsole, watchViolations } from './helpers.ts';

test.describe.configure({ mode: 'serial' });

let tarball = '';
/** The fixture apps installed from this run's tarball (a folder left by an earlier run holds an older build). */
const installed = new Set<string>();
/** Installs a fixture app from this run's tarball unless an earlier test of this run did. */
const installOnce = (app: string) => void (installed.has(app) || (installFixture(app, tarball), installed.add(app)));
const servers: ServerHandle[] = [];

test.beforeAll(() => {
  tarball = packTarball();
});
test.afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

test('the tarball holds the built files, the CLI and the types, and nothing from the source tree', () => {
  const files = packedFiles(tarball);
  for (const f of ['dist/clientele.js', 'dist/clientele-worker.js', 'dist/clientele-widget.js', 'dist/esm/index.js', 'dist/esm/bundlerAssets.js', 'dist/cli/clientele.js', 'dist/types/src/index.d.ts', 'bin/clientele.mjs', 'package.json', 'README.md']) {
    expect(files, f).toContain(f);
  }
  expect(files.some((f) => f.endsWith('.wasm'))).toBe(true);
  expect(files.filter((f) => /^(src|worker|widget|scripts|test|demo)\//.test(f))).toEqual([]);
  // The ESM build names its worker the way bundlers recognise, and starts it as the script tag does (src/loadAssets.ts
  // startWorker: through the page's Trusted Types policy, through a blob from a CDN origin).
  expect(readFileSync(join(ROOT, 'dist/esm/bundlerAssets.js'), 'utf8')).toContain("start(new URL('../clientele-worker.js', import.meta.url).href, 'clientele-worker')");
});

/** Builds one fixture app, serves its output and waits for the popular row the app mounts. */
async function seeRow(page: import('@playwright/test').Page, app: string, build: (dir: string) => void) {
  const dir = installFixture(app, tarball);
  installed.add(app);
  expect(existsSync(join(dir, 'node_modules/clientele/dist/esm/index.js'))).toBe(true);
  build(dir);
  const server = await startServer({ root: join(dir, 'dist'), port: 0 });
  servers.push(server);
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(server.url + '/index.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  const cards = page.locator('#recs [data-clientele-widget-item]');
  await expect(cards.first()).toBeVisible({ timeout: 20_000 });
  const ids = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-product-id')));
  expect(ids.length).toBeGreaterThanOrEqual(3);
  const catalog = (JSON.parse(readFileSync(join(ROOT, 'test/bundlers/catalog.json'), 'utf8')) as { products: Array<{ product_id: string }> }).products.map((p) => p.product_id);
  for (const id of ids) expect(catalog).toContain(id);
  // The worker came from the app's own build output, not from a guessed /clientele-worker.js.
  expect(workers.length).toBe(1);
  expect(workers[0].startsWith(server.url + '/')).toBe(true);
  // The page's schema.org Product was read by the worker's product reader, which the bundler emitted too.
  await expect.poll(() => page.evaluate(async () => {
    const data = await (window as unknown as { clientele: { exportData(): Promise<{ events: Array<{ event: string; properties: { product_id?: string } }> }> } }).clientele.exportData();
    return data.events.filter((e) => e.event === 'Product Viewed').map((e) => e.properties.product_id).sort();
  }), { timeout: 15_000 }).toEqual(['MUG-1', 'TIN-1']);
  expect(problems).toEqual([]);
  return dir;
}

test('Vite: the installed package type-checks, builds with no config and renders a row', async ({ page }) => {
  test.setTimeout(180_000);
  await seeRow(page, 'vite-app', (dir) => {
    // main.ts holds @ts-expect-error lines for a misspelt and a mistyped key: tsc fails if they compile.
    runIn(dir, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json']);
    runIn(dir, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
    expect(readdirSync(join(dir, 'dist/assets')).some((f) => /clientele-worker.*\.js$/.test(f))).toBe(true);
  });
});

test('Vite: createClientele() called again returns the running instance; one worker, each event stored once', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = join(WORK, 'vite-app');
  installOnce('vite-app');
  if (!existsSync(join(dir, 'dist/index.html'))) runIn(dir, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn']);
  const server = await startServer({ root: join(dir, 'dist'), port: 0 });
  servers.push(server);
  const { warnings, pageErrors } = watchConsole(page);
  const workers: string[] = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(server.url + '/index.html');
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
  type Api = { track(e: string, p: object): void; ready(): Promise<boolean>; exportData(): Promise<{ events: Array<{ event: string }> }> };
  const same = await page.evaluate(async () => {
    const w = window as unknown as { clientele: Api; createClientele(c: object): Api };
    // What React 18 StrictMode does to an effect that creates it, in development: twice more.
    const cfg = { siteId: 'bundler-fixture', catalogUrl: '/catalog.json', locale: 'en-GB', currency: 'GBP' };
    const [a, b] = [w.createClientele(cfg), w.createClientele(cfg)];
    await Promise.all([a.ready(), b.ready()]);
    a.track('Marker', {});
    return a === w.clientele && b === w.clientele;
  });
  expect(same).toBe(true);
  await expect.poll(async () => (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).events.filter((e) => e.event === 'Marker').length, { timeout: 15_000 }).toBe(1);
  await page.waitForTimeout(1500);
  const names = (await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData())).events.map((e) => e.event);
  expect(names.filter((n) => n === 'Page Viewed')).toHaveLength(1);
  expect(workers).toHaveLength(1);
  expect(warnings).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('Vite dev server: the same app renders a row with the worker served from the package', async ({ page }) => {
  test.setTimeout(120_000);
  const dir = join(WORK, 'vite-app');
  installOnce('vite-app');
  const port = await new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as AddressInfo).port;
      s.close(() => ok(p));
    });
  });
  const dev = spawn(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { cwd: dir, stdio: 'ignore' });
  try {
    const workers: string[] = [];
    page.on('worker', (w) => workers.push(w.url()));
    await expect.poll(() => fetch(`http://127.0.0.1:${port}/`).then((r) => r.status, () => 0), { timeout: 30_000 }).toBe(200);
    await page.goto(`http://127.0.0.1:${port}/index.html`);
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    await expect(page.locator('#recs [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
    expect(workers.some((u) => u.includes('clientele-worker'))).toBe(true);
    await expect.poll(() => page.evaluate(async () => {
      const data = await (window as unknown as { clientele: { exportData(): Promise<{ events: Array<{ event: string; properties: { product_id?: string } }> }> } }).clientele.exportData();
      return data.events.some((e) => e.event === 'Product Viewed' && e.properties.product_id === 'TIN-1');
    }), { timeout: 15_000 }).toBe(true);
  } finally {
    dev.kill();
  }
});

// README "Bundlers": the bundler copies the worker with the app's files; "A script served from another origin (a CDN)
// starts its worker through a small blob". A shop whose build puts its assets on a CDN (Vite's `base`, webpack's
// `publicPath`: an origin of their own) got a worker URL on that origin, and `new Worker()` refuses a cross-origin
// script: ready() was false and no row ever rendered. Expected: the worker starts (through a blob, as the script tag's
// does), a row renders, nothing is said.
test('Vite, the app\'s assets on a CDN origin (base): the worker starts and a row renders', async ({ page }) => {
  test.setTimeout(180_000);
  const dir = join(WORK, 'vite-app');
  installOnce('vite-app');
  // The CDN: another origin (localhost against the page's 127.0.0.1) that allows CORS, as CDNs serving module scripts do.
  const cdn = createHttpServer((req, res) => {
    const file = join(dir, 'dist-cdn', decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (!existsSync(file) || !file.startsWith(join(dir, 'dist-cdn'))) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : 'application/octet-stream', 'access-control-allow-origin': '*' }).end(readFileSync(file));
  });
  await new Promise<void>((ok) => cdn.listen(0, '127.0.0.1', ok));
  try {
    const base = `http://localhost:${(cdn.address() as AddressInfo).port}/`;
    runIn(dir, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--base', base, '--outDir', 'dist-cdn', '--emptyOutDir']);
    const server = await startServer({ root: join(dir, 'dist-cdn'), port: 0 });
    servers.push(server);
    const { warnings, pageErrors } = watchConsole(page);
    await page.goto(server.url + '/index.html');
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    await expect(page.locator('#recs [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
    // The worker loaded its product reader from the CDN too: the page's JSON-LD product was read.
    await expect.poll(() => page.evaluate(async () => {
      const data = await (window as unknown as { clientele: { exportData(): Promise<{ events: Array<{ event: string; properties: { product_id?: string } }> }> } }).clientele.exportData();
      return data.events.filter((e) => e.event === 'Product Viewed').map((e) => e.properties.product_id).sort();
    }), { timeout: 15_000 }).toEqual(['MUG-1', 'TIN-1']);
    expect(warnings).toEqual([]);
    expect(pageErrors).toEqual([]);
  } finally {
    await new Promise((ok) => cdn.close(ok));
  }
});

/** What webpack-app's dist/ was last built with (WEBPACK_TRUSTED_TYPES), or null before a build. */
let webpackPolicy: string | null = null;

test('webpack 5: the installed package builds with no loaders or plugins and renders a row', async ({ page }) => {
  test.setTimeout(180_000);
  await seeRow(page, 'webpack-app', (dir) => {
    runIn(dir, ['build.mjs']);
    webpackPolicy = '';
  });
});

test('webpack 5 under Trusted Types: without a webpack policy nothing is thrown, ready() is true and one message names the fix; with output.trustedTypes in the directive a row renders, no violation', async ({ browser }) => {
  test.setTimeout(180_000);
  const dir = join(WORK, 'webpack-app');
  installOnce('webpack-app');
  const csp = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types clientele shop`;
  for (const policy of ['', 'shop']) {
    // The build without a policy is the one the test above served (some 20 s of CI saved).
    if (webpackPolicy !== policy) runIn(dir, ['build.mjs'], { WEBPACK_TRUSTED_TYPES: policy });
    webpackPolicy = policy;
    const server = await startServer({ root: join(dir, 'dist'), port: 0 });
    servers.push(server);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.route('**/*', async (route) => {
      const res = await route.fetch();
      await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': csp } });
    });
    const { warnings, pageErrors } = watchConsole(page);
    const violations = await watchViolations(page);
    await page.goto(server.url + '/index.html');
    // ready() answers whether the engine started: it does either way (its worker goes through Clientele's policy).
    await expect(page.locator('body')).toHaveAttribute('data-ready', 'true', { timeout: 20_000 });
    if (policy) {
      await expect(page.locator('#recs [data-clientele-widget-item]').first()).toBeVisible({ timeout: 20_000 });
      expect(await violations()).toEqual([]);
      expect(warnings).toEqual([]);
    } else {
      await expect.poll(() => warnings.filter((w) => w.startsWith('[clientele]')).length, { timeout: 10_000 }).toBeGreaterThan(0);
      await page.waitForTimeout(1000);
      const ours = warnings.filter((w) => w.startsWith('[clientele]'));
      expect(ours).toHaveLength(1);
      expect(ours[0]).toContain('output.trustedTypes');
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  }
});

// README "Bundlers": "Importing the package on a server (server-side rendering) touches no window". A server that loads
// it with require() (a CommonJS server bundle, Jest's default module system) got ERR_PACKAGE_PATH_NOT_EXPORTED: the
// package's exports named only the "import" condition. Node 20.19+ requires an ES module that has no top-level await.
test('server-side: the installed package loads in plain Node by import and by require, and createClientele() there settles at once', () => {
  const dir = join(WORK, 'vite-app');
  installOnce('vite-app');
  const probe = `const c = m.createClientele({ siteId: 'ssr' }); c.track('X', {}); c.mount('#x', { type: 'popular' });
Promise.all([c.ready(), c.recommend({ type: 'popular' }), c.exportData()]).then((r) => console.log(JSON.stringify(r)));`;
  for (const [kind, args] of [['import', ['--input-type=module', '-e', `const m = await import('clientele');\n${probe}`]], ['require', ['-e', `const m = require('clientele');\n${probe}`]]] as const) {
    const r = spawnSync(process.execPath, [...args], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr, kind).not.toMatch(/Error|ERR_/);
    expect(r.status, `${kind}: ${r.stderr}`).toBe(0);
    expect(r.stdout.trim(), kind).toBe('[false,[],null]');
    expect(r.stderr, kind).toMatch(/^\[clientele\] createClientele\(\) was called where there is no page/);
  }
});

test('npx clientele build-model, segments and report run from the installed tarball', () => {
  test.setTimeout(180_000);
  const dir = join(WORK, 'vite-app');
  installOnce('vite-app');
  const out = join(WORK, 'cli-out');
  rmSync(out, { recursive: true, force: true });
  const npx = (args: string[]) => spawnSync('npx', ['--offline', '--no-install', 'clientele', ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });

  const model = npx(['build-model', '--events', join(ROOT, 'demo/data/sample-log.csv'), '--out', join(out, 'model')]);
  expect(model.status, model.stderr).toBe(0);
  expect(model.stdout).toMatch(/Site model written to/);
  // 70-odd holdout users: the scores come with a warning and their interval.
  expect(model.stdout).toMatch(/warning +the holdout has only \d+ users, so its scores are rough: HitRate@10 [\d.]+ ± [\d.]+/);
  expect(model.stderr + model.stdout).not.toMatch(/Hi, looks like you are running TensorFlow\.js|tfjs-node/);
  const parsed = readModelFiles(modelFolderFiles(join(out, 'model')));
  expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);

  const seg = npx(['segments', '--events', join(ROOT, 'demo/data/sample-log.csv'), '--out', join(out, 'crm/segments.csv')]);
  expect(seg.status, seg.stderr).toBe(0);
  expect(seg.stderr).not.toMatch(/Hi, looks like you are running TensorFlow\.js|tfjs-node/);
  const rows = readFileSync(join(out, 'crm/segments.csv'), 'utf8').trim().split('\n');
  expect(rows[0]).toMatch(/^customer,orders,monetary/);
  expect(rows.length).toBeGreaterThan(50);

  // Output paths are checked before any work: a file where a folder should be is refused at once.
  const refused = npx(['segments', '--events', join(ROOT, 'demo/data/sample-log.csv'), '--out', join(out, 'model/manifest.json/x.csv')]);
  expect(refused.status).toBe(1);
  expect(refused.stderr).toMatch(/^\[clientele\] --out ".*" is inside ".*", which is a file; pass a path in a folder/);
  expect(refused.stderr).not.toMatch(/reading log|training/);
  const unknown = npx(['build-model', '--event', 'x.csv']);
  expect(unknown.status).toBe(2);
  expect(unknown.stderr).toMatch(/^\[clientele\] build-model does not know the option "--event"/);

  // report, on forwarded events of a holdout: 40 visitors, every third one orders after a widget click.
  mkdirSync(join(out, 'loop'), { recursive: true });
  const lines: string[] = [];
  const t0 = Date.parse('2026-03-01T10:00:00Z');
  for (let i = 0; i < 40; i++) {
    const send = (event: string, properties: Record<string, unknown>, dt = 0) =>
      lines.push(JSON.stringify({ type: 'track', event, properties, message_id: `v${i}:${event}`, anonymous_id: `v${i}`, user_id: null, session_id: `s${i}`, timestamp: new Date(t0 + i * 60_000 + dt).toISOString() }));
    const arm = i % 2 ? 'personalized' : 'holdout';
    send('Experiment Viewed', { experiment_id: 'holdout', experiment_name: 'Personalization holdout', variation_id: arm, variation_name: arm, variation_share: 0.5 });
    send('Widget Impression', { widget_id: 'for-you', widget_type: 'for-you', product_id: `P${i % 5}`, position: 1 }, 1000);
    if (i % 3 === 0) {
      send('Widget Clicked', { widget_id: 'for-you', widget_type: 'for-you', product_id: `P${i % 5}`, position: 1 }, 2000);
      send('Order Completed', { order_id: `o${i}`, total: 10 + i, products: [{ product_id: `P${i % 5}`, price: 10 + i, quantity: 1 }] }, 3000);
    }
  }
  writeFileSync(join(out, 'loop/events.ndjson'), lines.join('\n') + '\n');
  const report = npx(['report', '--events', join(out, 'loop/events.ndjson'), '--json', join(out, 'loop/report/report.json'), '--out', join(out, 'loop/report/report.html')]);
  expect(report.status, report.stderr).toBe(0);
  expect(report.stdout).toMatch(/^Personalization holdout \(holdout\): holdout 20, personalized 20; SRM p = /m);
  const json = JSON.parse(readFileSync(join(out, 'loop/report/report.json'), 'utf8')) as { experiments: Array<{ id: string; variants: Array<{ id: string; visitors: number }> }> };
  expect(json.experiments[0].variants.map((v) => [v.id, v.visitors])).toEqual([['holdout', 20], ['personalized', 20]]);
  expect(readFileSync(join(out, 'loop/report/report.html'), 'utf8')).toMatch(/<svg/);
  const missing = npx(['report', '--events', join(out, 'loop/none.ndjson')]);
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(/^\[clientele\] --events ".*none\.ndjson" does not exist/);
});
