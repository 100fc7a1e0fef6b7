// Round 31 (tester A). README, Browser support: "where a worker cannot start (a strict CSP without `worker-src`), it
// logs once and the page is unaffected"; Config/CSP: "the page carries on without recommendations"; API: `ready()`
// resolves "`false` if it cannot start"; Nothing lost: "Every promise the API returns settles within **10 s** with its
// fallback".
// Under `worker-src 'none'` the engine knows at once that it has no worker: ready() resolves false in 0 ms and the
// console says so. Yet a row the page mounts draws four grey skeleton cards under "Popular" with a polite live region
// reading "Loading recommendations" (aria-busy) and keeps them for some 19 s: the row first waits out the 10 s deadline
// of its row request, then another 10 s for recommend(), which also waits its whole deadline although nothing can
// answer it. Expected: with no worker to ask, the row leaves the page (data-clientele-state "empty", no skeletons)
// within a couple of seconds of ready() resolving false, and recommend() answers [] as promptly.
// Observed: skeletons and "Loading recommendations" for ~19 s; recommend() takes 10 s.
import { test, expect } from '@playwright/test';

type C = Record<string, (...a: unknown[]) => Promise<unknown> | unknown>;

test('worker-src \'none\': a mounted row does not sit in its loading skeleton once the engine knows it has no worker', async ({ page }) => {
  await page.route('**/demo/fixtures/blank.html', async (route) => {
    const res = await route.fetch();
    await route.fulfill({ response: res, headers: { ...res.headers(), 'content-security-policy': "worker-src 'none'" } });
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const t = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: C }).clientele;
    const el = document.body.appendChild(document.createElement('div'));
    el.id = 'recs';
    c.mount(el, { type: 'popular', limit: 4 });
    const t0 = performance.now();
    const ok = await c.ready();
    const readyMs = performance.now() - t0;
    const r0 = performance.now();
    const recs = (await c.recommend({ type: 'popular' })) as unknown[];
    return { ok, readyMs, recommendMs: performance.now() - r0, recs: recs.length };
  }).catch(() => null);
  expect(t?.ok).toBe(false);
  // The row: gone (empty) within 3 s of the engine knowing.
  await expect.poll(() => page.evaluate(() => document.getElementById('recs')!.getAttribute('data-clientele-state')), { timeout: 3000 }).toBe('empty');
  expect(t!.recommendMs).toBeLessThan(3000);
  expect(errors).toEqual([]);
});
