// Round 40 (tester a). A page that takes over another tab's park removed each chunk from localStorage as it read it
// (src/outbox.ts take), long before its worker had stored the calls: a page killed in between (a renderer crash, an
// out-of-memory kill, a hidden tab discarded) lost the whole park. Hiding first did not save it: the park the hidden
// page wrote is sent to Chromium's storage service, a process of its own, and a page killed a few ms later can die with
// some of those writes still unsent, while the removals, sent earlier, had arrived (round39a-left-mid-takeover lost
// 4,000 of 5,000 so, about 1 run in 40 under CPU load). Here the page's worker never answers the batch, and the page is
// killed while shown (no park at all), or after hiding with its localStorage writes refused (as if lost on the way).
// Fixed: a chunk taken over is removed once the worker has stored what it held.
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, shimWorker, seemHidden, watchConsole } from './helpers.ts';

// Tab A's worker: busy from its 4th second on (every message waits 20 s), so what A tracks then is only parked.
const SLOW = `(function(){var A=self.addEventListener;self.addEventListener=function(t,f,o){if(t==='message'){var t0=Date.now();return A.call(self,t,function(e){Date.now()-t0>4000?setTimeout(function(){f(e)},20000):f(e)},o)}return A.call(self,t,f,o)};})();\n`;
// Tab B's worker: never answers a batch holding A's calls (stuck), and tells the page it has it.
const MUTE = `(function(){var A=self.addEventListener,bc=new BroadcastChannel('round40a');self.addEventListener=function(t,f,o){if(t==='message')return A.call(self,t,function(e){var s='';try{s=JSON.stringify(e.data)}catch(x){}if(s.indexOf('Took Over')<0)return f(e);bc.postMessage(1)},o);return A.call(self,t,f,o)};})();\n`;

async function parkedByKilledTab(context: BrowserContext): Promise<void> {
  const a = await context.newPage();
  await shimWorker(a, SLOW);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  await a.waitForTimeout(4200);
  await a.evaluate(() => { const c = (window as any).clientele; for (let n = 0; n < 3000; n++) c.track('Took Over', { n }); });
  await seemHidden(a, true);
  await crash(context, a);
}

async function crash(context: BrowserContext, p: Page): Promise<void> {
  const cdp = await context.newCDPSession(p);
  const crashed = p.waitForEvent('crash').catch(() => undefined);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await p.close().catch(() => undefined);
}

for (const how of ['while shown', 'after hiding, its park refused'])
  test(`a page killed ${how} after it took over a 3,000-call park, before its worker stored it: none lost`, async ({ context }) => {
    test.setTimeout(120_000);
    await parkedByKilledTab(context);
    const b = await context.newPage();
    const { pageErrors } = watchConsole(b);
    await shimWorker(b, MUTE);
    await b.addInitScript(() => { new BroadcastChannel('round40a').onmessage = () => ((window as any).__got = true); });
    await b.goto('/demo/fixtures/blank.html');
    await ready(b);
    // Every chunk is taken over (nothing is sent until the last is), and the batch is with the worker.
    await b.waitForFunction(() => (window as any).__got === true);
    if (how !== 'while shown') {
      await b.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('lost', 'QuotaExceededError'); }; });
      await seemHidden(b, true);
    }
    await crash(context, b);
    const c = await context.newPage();
    await c.goto('/demo/fixtures/blank.html');
    await ready(c);
    await expect.poll(async () => eventsNamed((await exported(c)).events, 'Took Over').length, { timeout: 20_000 }).toBe(3000).catch(() => undefined);
    const s = eventsNamed((await exported(c)).events, 'Took Over');
    expect({ stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, pageErrors }).toEqual({ stored: 3000, distinct: 3000, pageErrors: [] });
  });
