// Trusted Types beyond the page's own sinks (test/browser/round20-trusted-types.spec.ts): a CSP whose trusted-types
// directive leaves clientele out gets one message naming the fix and nothing thrown; a worker that requires Trusted
// Types itself (served with the header, or started from a CDN through a blob, which inherits the page's policy) loads
// its chunks (here the language file of a zh-CN page) through its own 'clientele' policy (worker/chunkLoader.ts).
import { test, expect, type Page } from '@playwright/test';
import { exported } from './helpers.ts';

const CDN = 'http://cdn.test';
const POLICY = `default-src 'self'; script-src 'self' ${CDN}; worker-src 'self' blob: ${CDN}; style-src 'self'; img-src 'self' data:; connect-src 'self' ${CDN}; object-src 'none'; base-uri 'self'; require-trusted-types-for 'script'`;

/** Opens `path` under `policy`: the inline snippet as its file, clientele.js from the CDN if `cdn`, the worker under `policy` too if `workerCsp`. */
async function open(page: Page, path: string, policy: string, opts: { cdn?: boolean; workerCsp?: boolean } = {}) {
  const warnings: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'warning' || m.type() === 'error') warnings.push(m.text()); });
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.route(/\/demo\/([\w-]+\/)?[\w-]+\.html(\?.*)?$/, async (route) => {
    const res = await route.fetch();
    let body = (await res.text()).replace(/<script>\s*!function\(w\)\{var c=w\.clientele[\s\S]*?<\/script>/, '<script src="/dist/clientele-snippet.js"></script>');
    if (opts.cdn) body = body.replace('src="/dist/clientele.js"', `src="${CDN}/dist/clientele.js"`);
    await route.fulfill({ response: res, body, headers: { ...res.headers(), 'content-security-policy': policy } });
  });
  await page.context().route(/^http:\/\/cdn\.test\//, async (route) => {
    const res = await route.fetch({ url: route.request().url().replace(CDN, new URL(test.info().project.use.baseURL!).origin) });
    await route.fulfill({ response: res, headers: { ...res.headers(), 'access-control-allow-origin': '*' } });
  });
  if (opts.workerCsp) await page.route(/clientele-worker\.js/, async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': policy } });
  });
  await page.goto(path);
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const ok = await page.evaluate(() => (window as unknown as { clientele: { ready(): Promise<boolean> } }).clientele.ready());
  return { ok, warnings, pageErrors };
}

test('a trusted-types directive without clientele: one message naming the fix, nothing thrown, the page unaffected', async ({ page }) => {
  const r = await open(page, '/demo/index.html', POLICY + '; trusted-types shop');
  expect(r.pageErrors).toEqual([]);
  expect(r.warnings.filter((w) => w.includes('add clientele to the trusted-types directive'))).toHaveLength(1);
  expect(r.ok).toBe(false);
});

for (const [name, opts] of [['served with the same policy', { workerCsp: true }], ['started from a CDN through a blob', { cdn: true }]] as const) {
  test(`a worker ${name} loads its chunks through its own policy`, async ({ page }) => {
    const r = await open(page, '/demo/zh-CN/index.html', POLICY + '; trusted-types clientele', opts);
    expect(r.ok).toBe(true);
    await expect.poll(async () => (await exported(page)).events.filter((e) => e.event === 'Page Viewed').length).toBeGreaterThan(0);
    await expect.poll(() => page.locator('[data-clientele-widget][data-clientele-state="ready"]').count()).toBeGreaterThan(0);
    expect(r.warnings.filter((w) => /clientele|TrustedScriptURL/.test(w))).toEqual([]);
    expect(r.pageErrors).toEqual([]);
  });
}
