// A chunk the worker loads with importScripts (the German page's language file clientele-messages.js; the product
// reader clientele-reader.js on a page with product markup) stalls on its way: the server
// accepts the request and never answers. README (Languages): "if the file cannot load, the words stay English and the
// console says so once"; ready() "resolves true once the worker is up and has applied the config (false if it cannot
// start; within 10 s)"; events are stored (issue #8: never lose an event).
import { test, expect } from '@playwright/test';
import { exported, eventsNamed, initBeforeLoad, watchConsole } from './helpers.ts';

type Api = { track(e: string, p?: object): void; ready(): Promise<boolean>; recommend(r: object): Promise<unknown[]> };

for (const [file, url, locale] of [['clientele-messages.js', '/demo/fixtures/blank.html', 'de-DE'], ['clientele-reader.js', '/demo/fixtures/jsonld.html', 'en-GB']] as const)
test(`a worker chunk that never arrives (${file} on ${url}): ready() true, rows, events stored`, async ({ context }) => {
  test.setTimeout(120_000);
  const page = await context.newPage();
  const { pageErrors, warnings } = watchConsole(page);
  await context.route(`**/dist/${file}`, () => new Promise(() => undefined));
  await initBeforeLoad(page, { locale });
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.ready());
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 100; i++) c.track('German Page', { n: i }); });
  await page.waitForTimeout(20_000);
  const recs = await page.evaluate(async () => (await (window as unknown as { clientele: Api }).clientele.recommend({ type: 'popular', limit: 4 })).length);
  const data = await exported(page);
  const stored = data ? eventsNamed(data.events, 'German Page').length : -1;
  console.log(JSON.stringify({ ok, recs, stored, warnings: warnings.map((w) => w.slice(0, 200)) }));
  expect(ok).toBe(true);
  expect(recs).toBe(4);
  expect(stored).toBe(100);
  expect(pageErrors).toEqual([]);
});
