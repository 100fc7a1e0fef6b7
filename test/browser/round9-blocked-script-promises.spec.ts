// Round 9: clientele.js never arrives (an ad or tracking blocker, a CDN outage, a CSP that refuses it). The snippet's
// stub hands out promises for recommend(), ready(), forget()...; the README promises every method is safe "before or
// after the script has loaded" and that "every promise settles within 10 s" with its fallback.
import { test, expect } from '@playwright/test';

test('clientele.js blocked by the browser: the promises the snippet returned settle within 10 s with their fallbacks', async ({ page }) => {
  test.setTimeout(60_000);
  await page.route('**/dist/clientele.js', (route) => route.abort('blockedbyclient'));
  await page.goto('/demo/fixtures/blank.html');
  const settled = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Record<string, (...a: unknown[]) => Promise<unknown>> }).clientele;
    const t0 = performance.now();
    const out: Record<string, [unknown, number]> = {};
    const calls: Record<string, () => Promise<unknown>> = {
      ready: () => c.ready(),
      recommend: () => c.recommend({ type: 'popular', limit: 4 }),
      exportData: () => c.exportData(),
      segments: () => c.segments(),
      status: () => c.status(),
      forget: () => c.forget(),
      setClock: () => c.setClock(null),
    };
    const all = Object.entries(calls).map(([n, f]) => f().then((v) => (out[n] = [v ?? null, Math.round(performance.now() - t0)]), () => (out[n] = ['rejected', Math.round(performance.now() - t0)])));
    await Promise.race([Promise.all(all), new Promise((r) => setTimeout(r, 12_000))]);
    return out;
  });
  console.log(JSON.stringify(settled));
  for (const name of ['ready', 'recommend', 'exportData', 'segments', 'status', 'forget', 'setClock']) {
    expect(settled[name], `${name}() settled within 10 s`).toBeDefined();
    expect(settled[name][1]).toBeLessThanOrEqual(10_500);
  }
  expect(settled.ready[0]).toBe(false);
  expect(settled.recommend[0]).toEqual([]);
  expect(settled.forget[0]).toBe(false);
});
