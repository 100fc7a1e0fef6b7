// Round 40 (tester c). Issue #8 (2, 7): forget() is total and ordered, and every promise settles, while the worker is
// being restarted; consent(false) then consent(true) while a batch is in flight stores each call once. Both held on
// main at round 40 (500 unsent and 300 stored before the forget(): 0 left; 200 after: 200 stored once; 3,000 in flight:
// stored once; the call made during the "no": not stored; the same with the worker killed as the batch left).
import { test, expect } from '@playwright/test';
import { openReady, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { status(): Promise<unknown>; track(e: string, p?: object): void; identify(u: string, t?: object): void; forget(): Promise<boolean>; consent(g: boolean): void };

test('forget() while the worker restarts (its file held 3 s): it resolves true, erases every call before it, keeps every call after it once', async ({ context }) => {
  test.setTimeout(90_000);
  const page = await openReady(context, { workers: true });
  const con = watchConsole(page);
  await page.evaluate(() => { const c = (window as unknown as { clientele: C }).clientele; c.identify('before-40c'); for (let i = 0; i < 300; i++) c.track('Stored Before', { i }); });
  await expect.poll(async () => eventsNamed((await exported(page)).events, 'Stored Before').length).toBe(300);
  let hold = true;
  await page.route('**/dist/clientele-worker.js', async (route) => { while (hold) await new Promise((r) => setTimeout(r, 100)); await route.fallback(); });
  const forgot = page.evaluate(async () => {
    const w = window as unknown as { clientele: C; __workers: Worker[] };
    const c = w.clientele;
    for (let i = 0; i < 500; i++) c.track('Unsent Before', { i });
    w.__workers.at(-1)!.terminate();
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    const p = c.forget();
    for (let i = 0; i < 200; i++) c.track('After', { i });
    c.identify('after-40c');
    const ok = await p;
    return { ok, inTime: performance.now() - t0 < 10_500 };
  });
  await page.waitForTimeout(3000);
  hold = false;
  const f = await forgot;
  await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'After').length, { timeout: 30_000 }).toBe(200).catch(() => undefined);
  const d = await exported(page);
  const after = eventsNamed(d.events, 'After');
  expect({ ...f, before: eventsNamed(d.events, 'Stored Before').length, unsent: eventsNamed(d.events, 'Unsent Before').length, after: after.length, ids: new Set(after.map((e) => e.message_id)).size, user: d.user_id, errors: con.pageErrors })
    .toEqual({ ok: true, inTime: true, before: 0, unsent: 0, after: 200, ids: 200, user: 'after-40c', errors: [] });
});

// A "no" and a yes while a batch of 3,000 is in flight, with the worker alive or killed as the batch left (before the
// new one is up). The two run at once, each in a browser context of its own: each mostly waits for late duplicates.
test('consent(false) then consent(true) while a batch of 3,000 is in flight, the worker alive or killed before the new one is up: each call stored at most once, every call after the yes stored', async ({ browser }) => {
  test.setTimeout(90_000);
  const one = async (kill: boolean) => {
    const context = await browser.newContext();
    const page = await openReady(context, { workers: kill });
    const con = watchConsole(page);
    await page.evaluate((kill) => {
      const w = window as unknown as { clientele: C; __workers: Worker[] };
      const c = w.clientele;
      c.consent(true);
      for (let i = 0; i < 3000; i++) c.track('In Flight', { i, pad: 'x'.repeat(200) });
      // A read sends what waits at once: the answers come while the batch is out.
      void c.status();
      if (kill) w.__workers.at(-1)!.terminate();
      c.consent(false);
      c.track('While No', { i: 0 });
      c.consent(true);
      for (let i = 0; i < 100; i++) c.track('After Yes', { i });
    }, kill);
    await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'After Yes').length, { timeout: 30_000 }).toBe(100).catch(() => undefined);
    await page.waitForTimeout(1500);
    const d = await exported(page);
    const ids = (n: string) => { const s = eventsNamed(d.events, n); return [s.length, new Set(s.map((e) => e.message_id)).size]; };
    console.log(kill ? 'KILLED CONSENT' : 'CONSENT', JSON.stringify({ inFlight: ids('In Flight'), whileNo: ids('While No'), after: ids('After Yes'), consent: d.consent }));
    const [n, distinct] = ids('In Flight');
    await context.close();
    return { kill, dup: n - distinct, whileNo: ids('While No')[0], after: ids('After Yes'), consent: d.consent, errors: con.pageErrors };
  };
  const got = await Promise.all([false, true].map(one));
  expect(got).toEqual([false, true].map((kill) => ({ kill, dup: 0, whileNo: 0, after: [100, 100], consent: true, errors: [] })));
});
