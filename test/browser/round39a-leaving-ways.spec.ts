// Round 39 (tester a). Probe: ways of leaving a page that earlier rounds did not try.
import { test, expect, type Page } from '@playwright/test';
import { openReady, ready, exported, eventsNamed, watchConsole, shimWorker, SLOW_WORKER, slowDown } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void } };

async function count(page: Page, name: string, n: number) {
  await expect.poll(async () => eventsNamed((await exported(page)).events, name).length, { timeout: 15_000 }).toBe(n).catch(() => undefined);
  const s = eventsNamed((await exported(page)).events, name);
  return { stored: s.length, distinct: new Set(s.map((e) => JSON.stringify([e.properties.i, e.properties.n]))).size };
}

for (const at of ['DOMContentLoaded', 'the first task'] as const)
  test(`a reload loop: 10 reloads 50 ms apart, 20 calls on each page, made ${at === 'DOMContentLoaded' ? 'at DOMContentLoaded' : 'before the snippet'}`, async ({ page }) => {
    const { pageErrors } = watchConsole(page);
    await page.addInitScript((at) => {
      const i = Number(sessionStorage.getItem('loop') ?? 0);
      sessionStorage.setItem('loop', String(i + 1));
      if (i > 10) return;
      const calls = () => {
        const c = (window as unknown as C).clientele;
        for (let n = 0; n < 20; n++) c.track('Reload Loop', { i, n });
        if (i < 10) setTimeout(() => location.reload(), 50);
      };
      if (at === 'DOMContentLoaded') return document.addEventListener('DOMContentLoaded', calls);
      // Before the snippet: the queue as the README's stub-free form makes it (the snippet keeps it).
      const q = ((window as unknown as { clientele?: unknown[] }).clientele ??= []);
      for (let n = 0; n < 20; n++) q.push(['track', ['Reload Loop', { i, n }]]);
      if (i < 10) setTimeout(() => location.reload(), 50);
    }, at);
    await page.goto('/demo/fixtures/blank.html');
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('loop')).catch(() => null), { timeout: 20_000 }).toBe('11');
    await ready(page);
    expect({ c: await count(page, 'Reload Loop', 220), pageErrors }).toEqual({ c: { stored: 220, distinct: 220 }, pageErrors: [] });
  });

const LEAVE: Record<string, string> = {
  'location.replace': `location.replace('/demo/fixtures/blank.html?replaced')`,
  'a form submit': `const f = document.createElement('form'); f.action = '/demo/fixtures/blank.html'; f.method = 'get'; const x = document.createElement('input'); x.name = 'q'; x.value = '1'; f.append(x); document.body.append(f); f.submit()`,
  'location.href': `location.href = '/demo/fixtures/blank.html?href'`,
};
for (const [how, go] of Object.entries(LEAVE))
  for (const when of ['ready', 'loading'] as const)
    test(`left by ${how} right after 300 calls, the page ${when}`, async ({ page }) => {
      const { pageErrors } = watchConsole(page);
      if (when === 'loading') {
        await page.addInitScript(({ go }) => {
          if (location.search) return;
          document.addEventListener('DOMContentLoaded', () => {
            const c = (window as unknown as C).clientele;
            for (let n = 0; n < 300; n++) c.track('Left', { i: 0, n });
            (0, eval)(go);
          });
        }, { go });
        await page.goto('/demo/fixtures/blank.html');
      } else {
        await page.goto('/demo/fixtures/blank.html');
        await ready(page);
        await page.evaluate((go) => {
          const c = (window as unknown as C).clientele;
          for (let n = 0; n < 300; n++) c.track('Left', { i: 0, n });
          (0, eval)(go);
        }, go).catch(() => undefined);
      }
      await page.waitForURL(/\?/);
      await ready(page);
      expect({ c: await count(page, 'Left', 300), pageErrors }).toEqual({ c: { stored: 300, distinct: 300 }, pageErrors: [] });
    });

for (const when of ['ready', 'loading'] as const)
  test(`an iframe shop page removed from its parent right after 300 calls, the frame ${when}`, async ({ page, context }) => {
    await page.route('**/parent.html', (r) => r.fulfill({ contentType: 'text/html', body: '<!doctype html><title>p</title><iframe id="f" src="/demo/fixtures/blank.html"></iframe>' }));
    await page.goto('/demo/data/parent.html');
    const frame = page.frame({ url: /blank\.html/ })!;
    if (when === 'ready') await frame.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true), await frame.evaluate(() => (window as any).clientele.ready());
    await frame.evaluate(() => {
      const c = (window as unknown as C).clientele;
      for (let n = 0; n < 300; n++) c.track('Framed', { i: 0, n });
    });
    await page.evaluate(() => document.getElementById('f')!.remove());
    const next = await openReady(context);
    expect(await count(next, 'Framed', 300)).toEqual({ stored: 300, distinct: 300 });
  });

// A page put in the back-forward cache (pagehide with persisted: true) and then evicted from it (the cache full, or
// memory short: a discard, no further event), its worker not having stored its calls: the next page stores them once.
// Also with its script not yet arrived (the snippet's queue).
for (const stage of ['ready', 'its script not yet arrived'])
  test(`pagehide persisted, then discarded, ${stage}: the next page stores every call once`, async ({ context }) => {
    test.setTimeout(90_000);
    const a = await context.newPage();
    const { pageErrors } = watchConsole(a);
    await shimWorker(a, SLOW_WORKER);
    if (stage === 'ready') {
      await a.goto('/demo/fixtures/blank.html');
      await ready(a);
      await slowDown(a);
    } else {
      await a.route('**/demo/fixtures/blank.html', async (r) => {
        const res = await r.fetch();
        await r.fulfill({ response: res, body: (await res.text()).replace('/dist/clientele.js', '/dist/clientele.js?never') });
      });
      await a.route('**/dist/clientele.js?never', () => new Promise(() => undefined));
      await a.goto('/demo/fixtures/blank.html', { waitUntil: 'domcontentloaded' });
    }
    await a.evaluate(() => {
      const c = (window as unknown as C).clientele;
      for (let n = 0; n < 300; n++) c.track('Cached Then Gone', { i: 0, n });
      dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true }));
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
      document.dispatchEvent(new Event('freeze'));
    });
    const cdp = await context.newCDPSession(a);
    void cdp.send('Page.crash').catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    await a.close().catch(() => undefined);
    const next = await openReady(context);
    expect({ c: await count(next, 'Cached Then Gone', 300), pageErrors }).toEqual({ c: { stored: 300, distinct: 300 }, pageErrors: [] });
  });
