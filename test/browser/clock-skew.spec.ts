// Clock skew against forget() and identify(), parked snippet queues in memory mode, what fits of a large queue.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

test.setTimeout(120_000);
const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
type Api = { track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean> };

async function parkSnippetQueue(context: BrowserContext, calls: string) {
  const page = await context.newPage();
  await page.route('**/parked/slow.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>slow</title><script>${SNIPPET}</script>
<script>${calls}</script>
<script async src="/dist/clientele.js?never" data-autocapture="false"></script>`,
  }));
  await page.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
  await page.goto('/parked/slow.html', { waitUntil: 'domcontentloaded' });
  await page.waitForTimeout(200);
  return page;
}

const noIndexedDb = (context: BrowserContext) =>
  context.route('**/dist/clientele-worker.js', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, body: `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;F.open=function(){throw new DOMException('no','InvalidStateError')};})();\n` + (await res.text()) });
  });

async function marker(p: Page) {
  await p.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await expect.poll(async () => eventsNamed((await exported(p)).events, 'Marker').length, { timeout: 30_000 }).toBe(1);
}

test('forget() called while the page clock runs 1 h ahead: a track() made after it (clock back to normal) is stored', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const ok = await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real.call(Date) + 3_600_000;
    const p = (window as unknown as { clientele: Api }).clientele.forget();
    Date.now = real;
    return p;
  });
  await page.evaluate(() => { for (let i = 0; i < 5; i++) (window as unknown as { clientele: Api }).clientele.track('After Forget', { n: i }); });
  await page.waitForTimeout(3000);
  await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.track('Marker', {}));
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  console.log('P1', JSON.stringify({ ok, after: eventsNamed(ev, 'After Forget').length, marker: eventsNamed(ev, 'Marker').length }));
  expect(eventsNamed(ev, 'After Forget').length).toBe(5);
});

test('clock moved back 60 s after forget(): track() made after it is stored', async ({ page }) => {
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  const ok = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget());
  await page.evaluate(() => {
    const real = Date.now;
    Date.now = () => real.call(Date) - 60_000;
    for (let i = 0; i < 5; i++) (window as unknown as { clientele: Api }).clientele.track('After Forget', { n: i });
  });
  await page.waitForTimeout(3000);
  const ev = (await exported(page)).events;
  console.log('P2', JSON.stringify({ ok, after: eventsNamed(ev, 'After Forget').length }));
  expect(eventsNamed(ev, 'After Forget').length).toBe(5);
});

test('no IndexedDB: snippet queue made before forget() in another tab, parked after it, is not replayed', async ({ context }) => {
  await noIndexedDb(context);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Secret Before Forget', { n: i });`);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  const mark = await b.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('erased')));
  await a.goto('about:blank');
  const parked = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).length);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await marker(next);
  const data = await exported(next);
  console.log('P3', JSON.stringify({ mark, parked, secret: eventsNamed(data.events, 'Secret Before Forget').length }));
  expect(parked).toBe(1);
  expect(eventsNamed(data.events, 'Secret Before Forget')).toHaveLength(0);
});

test('control with IndexedDB: same sequence', async ({ context }) => {
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);
  const a = await parkSnippetQueue(context, `for (let i = 0; i < 20; i++) clientele.track('Secret Before Forget', { n: i });`);
  expect(await b.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget())).toBe(true);
  await a.goto('about:blank');
  const parked = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele:queue:')).length);
  const next = await context.newPage();
  await next.goto('/demo/fixtures/blank.html');
  await ready(next);
  await marker(next);
  const data = await exported(next);
  console.log('P3c', JSON.stringify({ parked, secret: eventsNamed(data.events, 'Secret Before Forget').length }));
  expect(eventsNamed(data.events, 'Secret Before Forget')).toHaveLength(0);
});

test('hand-built queue item stamped in seconds (not ms): the event is stored', async ({ page }) => {
  const { warnings } = watchConsole(page);
  await page.addInitScript(() => {
    (window as unknown as { clientele: unknown[] }).clientele = [['track', ['Seconds Stamped', { n: 1 }], 0, 0, Math.floor(Date.now() / 1000)]];
  });
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await marker(page);
  const ev = (await exported(page)).events;
  console.log('P5', JSON.stringify({ stored: eventsNamed(ev, 'Seconds Stamped').length, warnings }));
  expect(eventsNamed(ev, 'Seconds Stamped').length).toBe(1);
});

async function fillLocalStorage(page: Page, freeBlocks: number) {
  await page.evaluate((freeBlocks) => {
    const block = 'y'.repeat(100_000);
    try { for (let i = 0; ; i++) localStorage.setItem(`shop:${i}`, block); } catch { /* full */ }
    try { for (let i = 0; ; i++) localStorage.setItem(`shop:s${i}`, 'z'.repeat(1000)); } catch { /* full */ }
    for (let i = 0; i < freeBlocks; i++) localStorage.removeItem(`shop:s${i}`);
  }, freeBlocks);
}

for (const [name, count] of [['larger than the room:', 100], ['control, fits:', 20]] as const) {
  test(`${name} localStorage with ~40 K chars of room, snippet queue of ${count} events of 1 K chars: what fits is parked`, async ({ context }) => {
    const a = await parkSnippetQueue(context, `for (let i = 0; i < ${count}; i++) clientele.track('Queued Big', { n: i, pad: 'p'.repeat(1000) });`);
    await fillLocalStorage(a, 40);
    await a.goto('about:blank');
    const next = await context.newPage();
    await next.goto('/demo/fixtures/blank.html');
    const parkedChars = await next.evaluate(() => 0);
    await ready(next);
    await marker(next);
    const stored = eventsNamed((await exported(next)).events, 'Queued Big').length;
    console.log(name, JSON.stringify({ count, stored, parkedChars }));
    expect(stored).toBeGreaterThanOrEqual(Math.min(count, 25));
  });
}
