// Round 39 (tester e), issue 8 item 6 ("strict CSP works ... a browser test serves the demo under it with zero
// violations"). csp.spec puts the README's policy on the HTML pages only: the worker and the chunks it loads came with
// no policy of their own. Many servers send the header with every response (nginx's add_header at server level, a
// CDN's rule), and a worker runs under the policy its own script came with. Here every file under /demo/ and /dist/
// carries the policy: a violation in the page or in the worker (a listener put in the worker reports it) fails, while
// the worker loads its lazy chunks (the product reader, a language, the experiments) and stores events.
import { test, expect, type Page } from '@playwright/test';
import { exported, ready, STRICT_CSP, watchViolations } from './helpers.ts';

// In the worker, before its own code: a violation there is said on the console, which the page's listener hears.
const WORKER_WATCH = `self.addEventListener('securitypolicyviolation', function (e) { console.error('worker CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI); });\n`;

/** Every file under /demo/ and /dist/ served with the policy; the inline snippet as the file; `workerPrefix` run first in the worker. */
const underPolicy = (page: Page, workerPrefix: string) =>
  page.route(/\/(demo|dist)\//, async (route) => {
    const res = await route.fetch();
    const url = route.request().url();
    const body = /\.html(\?|$)/.test(url)
      ? (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>')
      : /\/clientele-worker\.js/.test(url) ? workerPrefix + (await res.text()) : await res.body();
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': STRICT_CSP } });
  });

test('the README\'s strict policy on every response, the worker and its chunks included: no violation in page or worker, chunks load, events stored', async ({ page }) => {
  const said: string[] = [];
  page.on('console', (m) => { if (/violation|Refused to|Content[- ]Security[- ]Policy/i.test(m.text())) said.push(m.text()); });
  page.on('pageerror', (e) => said.push(e.message));
  const violations = await watchViolations(page);
  const chunks = new Set<string>();
  page.on('request', (r) => { const m = /\/dist\/(clientele-[\w-]+\.js)/.exec(r.url()); if (m) chunks.add(m[1]); });
  await underPolicy(page, WORKER_WATCH);
  await page.addInitScript(() => {
    // The experiments chunk: a holdout makes the worker load it.
    (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ holdout: { percent: 50 } }]]];
  });
  for (const path of ['/demo/index.html', '/demo/product.html?id=85123A', '/demo/index.html?lang=fr']) {
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle');
  }
  // A language other than English (the messages chunk), asked of the worker on this page.
  await page.evaluate(() => { document.documentElement.lang = 'fr'; (window as unknown as { clientele: { init(c: object): void } }).clientele.init({ locale: 'fr-FR' }); });
  await page.waitForTimeout(2000);
  await page.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('Under Policy', {}));
  await expect.poll(async () => (await exported(page)).events.some((e) => e.event === 'Under Policy')).toBe(true);
  console.log('chunks loaded:', [...chunks].sort().join(', '));
  expect([...chunks]).toEqual(expect.arrayContaining(['clientele-worker.js', 'clientele-reader.js', 'clientele-messages.js', 'clientele-experiments.js']));
  expect({ said, violations: await violations() }).toEqual({ said: [], violations: [] });
});

test('control: the worker\'s listener does hear a violation made in the worker under that policy', async ({ page }) => {
  const said: string[] = [];
  page.on('console', (m) => { if (/worker CSP violation/.test(m.text())) said.push(m.text()); });
  await underPolicy(page, WORKER_WATCH + `setTimeout(function () { fetch('https://example.invalid/x').catch(function () {}); }, 500);\n`);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await expect.poll(() => said.length).toBeGreaterThan(0);
  expect(said[0]).toMatch(/connect-src/);
});
