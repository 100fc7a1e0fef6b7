// IndexedDB whose open never answers (no success, no error, no "blocked": a storage backend that hangs, as WebKit's
// and Chromium's have on a damaged profile). The README: "Opening IndexedDB has a 2.5 s deadline and is tried three
// times"; with no usable IndexedDB "the engine runs in memory for the page's life ... status().storage is 'memory'";
// only "while another tab holds an older schema open" is it 'waiting'. Here no other tab exists.
import { test, expect } from '@playwright/test';
import { ready, watchConsole, shimWorker } from './helpers.ts';

// Every open of the site's database is swallowed: a real request on a scratch database, whose events never reach the
// caller. self.__opens counts the attempts.
const HANGING_OPEN = `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;var open=F.open;self.__opens=0;
F.open=function(name){if(!/^clientele:/.test(String(name)))return open.apply(this,arguments);self.__opens++;
var r=open.call(this,'__hang__'+Math.random());var stop=function(e){e.stopImmediatePropagation();if(e.type==='success')try{r.result.close()}catch(x){}};
['success','error','upgradeneeded','blocked'].forEach(function(t){r.addEventListener(t,stop)});return r;};})();\n`;

type Api = {
  track(e: string, p?: object): void;
  forget(): Promise<boolean>;
  status(): Promise<{ storage: string; events: number } | null>;
};

test('IndexedDB open that never answers (no other tab): open tried again, then memory; events kept, forget() true', async ({ page }) => {
  test.setTimeout(90_000);
  const { warnings, pageErrors } = watchConsole(page);
  await shimWorker(page, HANGING_OPEN);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < 100; i++) c.track('Hang Event', { n: i }); });
  // Well past every deadline the README gives (2.5 s open x 3 tries, 10 s for any promise).
  await page.waitForTimeout(15_000);
  const opens = await page.workers().at(-1)!.evaluate(() => (self as unknown as { __opens: number }).__opens);
  const status = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.status());
  const t0 = Date.now();
  const forgot = await page.evaluate(() => (window as unknown as { clientele: Api }).clientele.forget());
  const forgetMs = Date.now() - t0;
  console.log(JSON.stringify({ opens, status, forgot, forgetMs, warnings: warnings.map((w) => w.slice(0, 160)) }));
  expect(opens).toBeGreaterThanOrEqual(2);
  // Not 'waiting' (which the README keeps for another tab holding an older schema, and whose events are never kept).
  expect(status?.storage).toBe('memory');
  expect(forgot).toBe(true);
  expect(pageErrors).toEqual([]);
});
