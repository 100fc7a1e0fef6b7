// The shop in a third-party iframe (a marketplace or a blog embedding it): Chromium partitions its storage by the top
// site (IndexedDB, localStorage, BroadcastChannel, Web Locks). It runs there, stores what the frame tracks, and the
// frame's next page (same top site) stores what the last one parked.
import { test, expect, type Frame } from '@playwright/test';

test.setTimeout(90_000);
type Api = { track(e: string, p?: object): void; ready(): Promise<boolean>; status(): Promise<{ storage: string } | null>; exportData(): Promise<{ events: { event: string; properties: { i?: number } }[] } | null> };

test('a shop in a cross-site iframe: ready, IndexedDB, and a page of it left at once has its calls stored by the next', async ({ context, baseURL }) => {
  const errors: string[] = [];
  await context.route('http://shop.test/**', async (route) => {
    const url = route.request().url().replace('http://shop.test', baseURL!);
    await route.fulfill({ response: await route.fetch({ url }) });
  });
  await context.route('http://top.test/**', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>top</title><iframe id="f" src="http://shop.test/demo/fixtures/blank.html" width="800" height="600"></iframe>' }));
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto('http://top.test/');
  const frame = async (): Promise<Frame> => {
    await expect.poll(() => page.frames().some((f) => f.url().startsWith('http://shop.test/') && f.url().includes('blank'))).toBe(true);
    return page.frames().find((f) => f.url().startsWith('http://shop.test/'))!;
  };
  let f = await frame();
  await expect.poll(() => f.evaluate(() => (window as unknown as { clientele: Api }).clientele?.ready?.() ?? false), { timeout: 20_000 }).toBe(true);
  const storage = (await f.evaluate(() => (window as unknown as { clientele: Api }).clientele.status()))?.storage;
  // Left in the same task as the calls: the frame's next page stores them.
  await f.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 100; i++) c.track('Framed', { i }); location.href = '/demo/fixtures/blank.html?next'; });
  await expect.poll(() => page.frames().some((x) => x.url().includes('?next'))).toBe(true);
  f = page.frames().find((x) => x.url().includes('?next'))!;
  await expect.poll(() => f.evaluate(() => (window as unknown as { clientele: Api }).clientele?.ready?.() ?? false), { timeout: 20_000 }).toBe(true);
  await expect.poll(async () => (await f.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()))?.events.filter((e) => e.event === 'Framed').length, { timeout: 20_000 }).toBe(100);
  const is = (await f.evaluate(() => (window as unknown as { clientele: Api }).clientele.exportData()))!.events.filter((e) => e.event === 'Framed').map((e) => e.properties.i);
  console.log('FRAME', storage, is.length, new Set(is).size);
  expect({ storage, distinct: new Set(is).size }).toEqual({ storage: 'indexeddb', distinct: 100 });
  expect(errors).toEqual([]);
});
