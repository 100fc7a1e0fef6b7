// The owner page builds a site model in the browser: a dropped log trains in the build worker (wasm backend),
// the page shows progress and a summary, and the downloaded files are a site model the engine can read.
import { test, expect, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { readModelFiles } from '../../scripts/lib/deployed.ts';
import { FOR_YOU_LIST } from '../../scoring/siteModel/format.ts';
import { watchConsole } from './helpers.ts';

const GROUPS = 4, PER_GROUP = 10, USERS = 50;

/** 50 users x 40 items in 4 groups of 10: each user buys 6..9 items of their own group, so groups co-occur. */
function groupedLog(): { csv: string; groupOf: (item: string) => number } {
  let s = 12345;
  const rand = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
  const lines = ['user,item,ts'];
  const t0 = 1_700_000_000;
  for (let u = 0; u < USERS; u++) {
    const g = u % GROUPS;
    const picks = [...Array(PER_GROUP).keys()].sort(() => rand() - 0.5).slice(0, 6 + (u % 4));
    picks.forEach((k, n) => lines.push(`user${u},item${g * PER_GROUP + k},${t0 + u * 3600 + n * 60}`));
  }
  return { csv: lines.join('\n') + '\n', groupOf: (item) => Math.floor(Number(item.replace('item', '')) / PER_GROUP) };
}

async function download(page: Page, selector: string): Promise<Buffer> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await dl.path())!);
}

test('a dropped log trains in the worker on wasm and downloads a site model the engine can read', async ({ page }) => {
  test.setTimeout(120_000);
  const { pageErrors } = watchConsole(page);
  const { csv, groupOf } = groupedLog();
  await page.goto('/demo/owner.html');
  const fractions: number[] = [];
  await page.exposeFunction('__sawProgress', (v: number) => { fractions.push(v); });
  await page.evaluate(() => {
    const bar = document.querySelector('#progress') as HTMLProgressElement;
    new MutationObserver(() => (window as unknown as { __sawProgress(v: number): void }).__sawProgress(bar.value)).observe(bar, { attributes: true });
    // progress's value is a property; mirror it into an attribute change the observer sees
    const desc = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value')!;
    Object.defineProperty(bar, 'value', { get: () => desc.get!.call(bar), set: (v: number) => { desc.set!.call(bar, v); bar.setAttribute('data-seen', String(v)); } });
  });

  await page.setInputFiles('#drop input[type=file]', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('#build-model')).toHaveAttribute('data-state', 'done', { timeout: 90_000 });

  expect(await page.locator('#progress').evaluate((el) => (el as HTMLProgressElement).value)).toBe(1);
  expect(fractions.length).toBeGreaterThan(1);
  for (let k = 1; k < fractions.length; k++) expect(fractions[k]).toBeGreaterThanOrEqual(fractions[k - 1]);
  await expect(page.locator('#percent')).toHaveText('100%');
  await expect(page.locator('[data-stat=users] dd')).toHaveText(String(USERS));
  await expect(page.locator('[data-stat=items] dd')).toHaveText(String(GROUPS * PER_GROUP));
  await expect(page.locator('[data-stat=backend] dd')).toContainText('wasm');
  await expect(page.locator('#build-model')).toHaveAttribute('data-backend', 'wasm');
  // holdout is on by default: every model row carries a measured NDCG@10
  const ndcgs = await page.locator('.model-table tbody tr:not(.blend):not([data-model=coVisitation]) td:nth-child(3)').allTextContents();
  expect(ndcgs.length).toBeGreaterThanOrEqual(2);
  for (const t of ndcgs) expect(Number(t)).toBeGreaterThanOrEqual(0);
  await expect(page.locator('#log')).not.toHaveClass(/error/);

  // one download: the folder to publish, zipped
  const zip = unzipSync(new Uint8Array(await download(page, '#download-model')));
  const files = Object.entries(zip).map(([path, bytes]) => ({ path: path.replace(/^model\//, ''), bytes }));
  expect(files.map((f) => f.path)).toContain('manifest.json');
  expect(files.some((f) => /^shards\/[0-9a-f]{16}\.bin$/.test(f.path))).toBe(true);
  const parsed = readModelFiles(files);
  if (!parsed.ok) throw new Error(parsed.message);
  const model = parsed.value;
  expect(model.items.length).toBe(GROUPS * PER_GROUP);
  // the co-purchase structure was learned: an item's for-you row leads into its own group
  let same = 0, total = 0;
  for (const id of ['item3', 'item14', 'item27', 'item35']) {
    const row = model.row(FOR_YOU_LIST, model.index.get(id)!)!;
    for (const i of row.items.subarray(0, 5)) { total++; if (groupOf(model.items[i]) === groupOf(id)) same++; }
  }
  expect(total).toBeGreaterThan(0);
  expect(same / total).toBeGreaterThan(0.9);
  expect(pageErrors).toEqual([]);
});

test('a log with the wrong columns shows a clear message and nothing throws', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/owner.html');
  await page.setInputFiles('#drop input[type=file]', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from('name,email,age\nAda,ada@example.com,36\n') });
  await expect(page.locator('#build-model')).toHaveAttribute('data-state', 'error');
  const message = await page.locator('#log').textContent();
  expect(message).toMatch(/^\[clientele\] "people\.csv" has columns \["name","email","age"\]/);
  expect(message).toContain('user,item,ts');
  await expect(page.locator('#log')).toHaveClass(/error/);
  await expect(page.locator('#download')).toBeHidden();
  await expect(page.locator('#summary')).toBeHidden();

  // the page recovers: a good file afterwards builds
  const { csv } = groupedLog();
  await page.uncheck('#holdout');
  await page.setInputFiles('#drop input[type=file]', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(page.locator('#build-model')).toHaveAttribute('data-state', 'done', { timeout: 60_000 });
  await expect(page.locator('#log')).not.toHaveClass(/error/);
  expect(pageErrors).toEqual([]);
});

test('a catalog that is not JSON is refused with the fix, before any training', async ({ page }) => {
  await page.goto('/demo/owner.html');
  await page.setInputFiles('#catalog-file', { name: 'catalog.json', mimeType: 'application/json', buffer: Buffer.from('{ not json') });
  await page.setInputFiles('#drop input[type=file]', { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from('user,item,ts\nu1,a,1700000000\n') });
  await expect(page.locator('#build-model')).toHaveAttribute('data-state', 'error');
  await expect(page.locator('#log')).toContainText('[clientele] the catalog "catalog.json" is not valid JSON');
});

test('bundled pages can drive the build worker over comlink, with progress through a proxy', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  const { csv } = groupedLog();
  const r = await page.evaluate(async (text) => {
    // the repo root is served, so the page can load comlink's own ESM build as a bundled page would include it
    const Comlink = await import('/node_modules/comlink/dist/esm/comlink.mjs' as string);
    const api = Comlink.wrap(new Worker('/dist/clientele-build-worker.js'));
    const seen: number[] = [];
    const res = await api.build(new Blob([text]), { holdout: false }, Comlink.proxy((p: { fraction: number }) => { seen.push(p.fraction); }));
    const bad = await api.build('sku,qty\nA,1\n', {}, Comlink.proxy(() => {}));
    return {
      ok: res.ok, backend: res.backend, users: res.summary?.users, zip: res.zip instanceof ArrayBuffer ? res.zip.byteLength : -1,
      format: res.manifest?.format, last: seen[seen.length - 1], bad,
    };
  }, csv);
  expect(r).toMatchObject({ ok: true, backend: 'wasm', users: USERS, last: 1 });
  expect(r.zip).toBeGreaterThan(0);
  expect(typeof r.format).toBe('string');
  expect(r.bad.ok).toBe(false);
  expect(r.bad.message).toMatch(/^\[clientele\] the log file has columns \["sku","qty"\]/);
});
