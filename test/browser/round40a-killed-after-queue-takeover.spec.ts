// Round 40 (tester a). The same fault as round40a-killed-mid-takeover, for the snippet's parked queues: a page whose
// script takes over a queue another page parked (clientele:queue:*, src/takeOver.ts) removed it from localStorage as
// it read it, before its worker had stored the calls in it (its first batch goes a second after the worker is up). A
// page killed in between (a renderer crash, an out-of-memory kill) lost them: 0 of 50 stored. Here the page's worker
// never answers the batch holding them, and the page is killed while shown, or after hiding with its storage writes
// refused (its own park lost on the way).
import { test, expect, type BrowserContext, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, shimWorker, seemHidden, watchConsole, parkSnippetQueue } from './helpers.ts';

// The worker never answers a batch holding the queued calls (stuck), and tells the page it has it.
const MUTE = `(function(){var A=self.addEventListener,bc=new BroadcastChannel('round40a');self.addEventListener=function(t,f,o){if(t==='message')return A.call(self,t,function(e){var s='';try{s=JSON.stringify(e.data)}catch(x){}if(s.indexOf('Queued There')<0)return f(e);bc.postMessage(1)},o);return A.call(self,t,f,o)};})();\n`;

async function crash(context: BrowserContext, p: Page): Promise<void> {
  const cdp = await context.newCDPSession(p);
  const crashed = p.waitForEvent('crash').catch(() => undefined);
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  await p.close().catch(() => undefined);
}

for (const how of ['while shown', 'after hiding, its park refused'])
  test(`a page killed ${how} after its script took over another page's parked queue, before its worker stored it: none lost`, async ({ context }) => {
    test.setTimeout(90_000);
    // Left before its script came: the snippet parks the 50 calls.
    const a = await parkSnippetQueue(context, `for (var n = 0; n < 50; n++) clientele.track('Queued There', { n });`, 'queued-there');
    await a.goto('about:blank');
    await a.close();
    const b = await context.newPage();
    const { pageErrors } = watchConsole(b);
    await shimWorker(b, MUTE);
    await b.addInitScript(() => { new BroadcastChannel('round40a').onmessage = () => ((window as any).__got = true); });
    await b.goto('/demo/fixtures/blank.html');
    await ready(b);
    await b.waitForFunction(() => (window as any).__got === true);
    if (how !== 'while shown') {
      await b.evaluate(() => { Storage.prototype.setItem = () => { throw new DOMException('lost', 'QuotaExceededError'); }; });
      await seemHidden(b, true);
    }
    await crash(context, b);
    const c = await context.newPage();
    await c.goto('/demo/fixtures/blank.html');
    await ready(c);
    await expect.poll(async () => eventsNamed((await exported(c)).events, 'Queued There').length, { timeout: 15_000 }).toBe(50).catch(() => undefined);
    const s = eventsNamed((await exported(c)).events, 'Queued There');
    expect({ stored: s.length, distinct: new Set(s.map((e) => e.properties.n)).size, pageErrors }).toEqual({ stored: 50, distinct: 50, pageErrors: [] });
  });
