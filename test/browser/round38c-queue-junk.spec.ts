// Round 38 (tester C). Issue #8: "no exception ever escapes a public method, whatever it is given" and the README
// ("Or call the queue directly from your own scripts ... the script replays the array in order when it loads"). The
// snippet's queue is an array the page can push anything onto before the script arrives. Before the fix, one item that
// cannot be read (a revoked Proxy, whose Array.isArray throws; a list proxy whose elements throw when read) made the
// script's start throw while it dated the queue's calls (callTimes): "could not start", no engine for the page, and
// every call before and after it lost. Expected: such items are skipped alone (with thousands of other malformed
// ones: not lists, unknown or inherited method names, args that are not a list, times that are not numbers, a resolve
// that throws), and the good calls around them are stored in order.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exported, eventsNamed, ready, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

for (const junk of ['a revoked Proxy', 'a list proxy whose elements throw', 'thousands of malformed calls']) {
  test(`the snippet's queue holding ${junk}: the script starts and stores the good calls around it`, async ({ page }) => {
    const con = watchConsole(page);
    const make = {
      'a revoked Proxy': `var r = Proxy.revocable([], {}); r.revoke(); clientele.push(r.proxy);`,
      'a list proxy whose elements throw': `clientele.push(new Proxy(['track', ['Never', {}]], { get: function (t, k) { if (k === 'length') return 5; throw new Error('element trap'); } }));`,
      'thousands of malformed calls': `var t = Date.now(), bad = [1, 'track', null, undefined, {}, [], [42], [null, []], ['nope', []], ['__proto__', []], ['constructor', []], ['toString', []], ['hasOwnProperty', ['x']], ['push', [['track', ['Nested', {}]]]], ['track', 'not a list'], ['track', null, 0, 0, 'yesterday'], ['track', ['T', {}], 0, 0, { valueOf: function () { throw 1; } }], ['ready', [], function () { throw new Error('resolve threw'); }, 0, t], ['track', [Symbol('s')]], [Symbol('m'), []]];
        for (var i = 0; i < 5000; i++) clientele.push(bad[i % bad.length]);
        for (var j = 0; j < 2000; j++) clientele.push(['m' + j, [j]]);`,
    }[junk];
    await page.route('**/hostile38c/queue.html', (route) => route.fulfill({
      contentType: 'text/html',
      body: `<!doctype html><title>q</title><script>${SNIPPET}</script>
<script>clientele.track('Good Before', { n: 1 }); ${make} clientele.track('Good After', { n: 2 });</script>
<script async src="/dist/clientele.js" data-autocapture="false"></script>`,
    }));
    await page.goto('/hostile38c/queue.html');
    await ready(page);
    await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Good Later', { n: 3 }));
    await expect.poll(async () => eventsNamed((await exported(page)).events, 'Good Later').length, { timeout: 15_000 }).toBe(1);
    const names = (await exported(page)).events.map((e) => e.event).filter((n) => n.startsWith('Good'));
    expect(names).toEqual(['Good Before', 'Good After', 'Good Later']);
    expect(con.warnings.filter((w) => /could not start/.test(w))).toEqual([]);
    expect(con.pageErrors).toEqual([]);
  });
}
