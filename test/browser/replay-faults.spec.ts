// parked chunks replayed by the next page, with the worker killed / the page reloaded during the replay.
import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, captureWorkers } from './helpers.ts';

type Api = { track(e: string, p?: object): void; ready(): Promise<boolean> };
const burst = (page: Page, name: string, n: number) =>
  page.evaluate(([name, n]) => { const c = (window as unknown as { clientele: Api }).clientele; for (let i = 0; i < n; i++) c.track(name, { n: i }); }, [name, n] as const);

async function once(page: Page, name: string, n: number) {
  await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], name).length, { timeout: 40_000 }).toBe(n);
  const s = eventsNamed((await exported(page)).events, name);
  expect(new Set(s.map((e) => e.properties.n)).size).toBe(n);
}

test('reload after 10,000 calls, then the worker killed while the next page replays them: all 10,000 once', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await captureWorkers(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'Replay Kill', 10_000);
  await page.reload();
  await page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
  await page.evaluate(async () => {
    const w = window as unknown as { clientele: Api; __workers: Worker[] };
    await w.clientele.ready();
    // The replayed batch goes after FIRST_MS (1 s) unless read; read to send it now, then kill mid-write.
    void (w.clientele as unknown as { status(): Promise<unknown> }).status();
    await new Promise((r) => setTimeout(r, 40));
    w.__workers.at(-1)!.terminate();
  });
  await once(page, 'Replay Kill', 10_000);
  expect(pageErrors).toEqual([]);
});

test('reload after 10,000 calls, then reload again while the next page replays them, twice: all 10,000 once', async ({ page }) => {
  const { pageErrors } = watchConsole(page);
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await burst(page, 'Replay Reload', 10_000);
  await page.reload();
  await ready(page);
  await page.evaluate(() => void (window as unknown as { clientele: { status(): Promise<unknown> } }).clientele.status());
  await page.waitForTimeout(30);
  await page.reload();
  await ready(page);
  await page.evaluate(() => void (window as unknown as { clientele: { status(): Promise<unknown> } }).clientele.status());
  await page.waitForTimeout(60);
  await page.reload();
  await ready(page);
  await once(page, 'Replay Reload', 10_000);
  expect(pageErrors).toEqual([]);
});

test('localStorage whose setItem always throws (removeItem/getItem work): track, consent, forget work, nothing escapes', async ({ page }) => {
  const { pageErrors, warnings } = watchConsole(page);
  await page.addInitScript(() => { Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); }; });
  await page.goto('/demo/index.html');
  await ready(page);
  const r = await page.evaluate(async () => {
    const errors: string[] = [];
    addEventListener('error', (e) => errors.push(e.message));
    addEventListener('unhandledrejection', (e) => errors.push(String(e.reason)));
    const c = (window as unknown as { clientele: Record<string, (...a: unknown[]) => Promise<unknown>> }).clientele;
    for (let i = 0; i < 100; i++) c.track('LS Throws', { n: i });
    c.consent(true);
    const forgot = await c.forget();
    c.track('After', {});
    const data = (await c.exportData()) as { events: Array<{ event: string }> };
    document.dispatchEvent(new Event('visibilitychange'));
    dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    await new Promise((r) => setTimeout(r, 500));
    return { errors, forgot, events: data.events.map((e) => e.event).filter((e) => e !== 'Widget Impression') };
  });
  console.log(JSON.stringify(r), warnings.length);
  expect(r.errors).toEqual([]);
  expect(r.forgot).toBe(true);
  expect(r.events).toEqual(['After']);
  expect(pageErrors).toEqual([]);
});
