// A page whose own script wraps setTimeout and passes on only the callback and the delay (a naive monitoring or
// throttling wrapper: `window.setTimeout = (fn, ms) => orig(fn, ms)`). Clientele's deadline, `within()` (src/client.ts
// :89), hands its fallback to setTimeout as a third argument (`setTimeout(r, ms, fallback)`), which such a wrapper
// drops: every promise that reaches its deadline then resolves `undefined` instead of its documented fallback.
// recommend() "never rejects: resolves [] on failure" (README, src/client.ts): a shop's `(await recommend()).map(...)`
// throws. Here the worker file never arrives (a stalled CDN), so every call waits for its 10 s deadline.
// Expected: recommend() [], ready() false, forget() false, exportData()/segments()/status() null, within ~10 s.
import { test, expect } from '@playwright/test';
import { watchConsole } from './helpers.ts';

test('a page that wraps setTimeout (callback and delay only) and a worker that never arrives: every promise settles to its documented fallback', async ({ page }) => {
  test.setTimeout(90_000);
  const { pageErrors } = watchConsole(page);
  // NO_WRAP=1: the control, the same page without the wrapper.
  if (!process.env.NO_WRAP) await page.addInitScript(() => {
    const orig = window.setTimeout;
    (window as unknown as { setTimeout: unknown }).setTimeout = (fn: TimerHandler, ms?: number) => orig(fn, ms);
  });
  await page.route('**/dist/clientele-worker.js', () => new Promise(() => undefined));
  await page.goto('/demo/fixtures/blank.html');
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Record<string, (...a: unknown[]) => Promise<unknown>> }).clientele;
    const t0 = performance.now();
    const [ready, recommend, exportData, segments, status, forget] = await Promise.all([c.ready(), c.recommend({ type: 'popular' }), c.exportData(), c.segments(), c.status(), c.forget()]);
    // JSON would turn undefined into nothing: each value as its type shows it.
    const show = (v: unknown) => (v === undefined ? 'undefined' : JSON.stringify(v));
    return { ms: Math.round(performance.now() - t0), ready: show(ready), recommend: show(recommend), exportData: show(exportData), segments: show(segments), status: show(status), forget: show(forget) };
  });
  console.log(JSON.stringify(r));
  expect(pageErrors).toEqual([]);
  expect(r.ms).toBeLessThan(12_000);
  expect({ ...r, ms: 0 }).toEqual({ ms: 0, ready: 'false', recommend: '[]', exportData: 'null', segments: 'null', status: 'null', forget: 'false' });
});
