// Round 41 (tester c). Issue #8 (5) and (2): "No exception ever escapes a public method, whatever it is given (...
// huge strings ...)" and "every pending promise settles within a bounded time". A recommend() request is checked in
// the worker; nothing bounded its size. A page's own recommend() calls carrying megabytes (a category list of 50,000
// names, a filters.exclude of every id the shop has, a 1 MB string) kept the worker busy ranking them, and the page's
// other calls waited behind. On main at round 41, 60 such calls (each ranked, at some 0.17 s of the worker's time) held
// a recommend() and a status() made beside them to their fallback at 10 s ([] and null), and 10 of the 60 to theirs;
// a category list of 50,000 names was silent (no category matched), and a 1 MB itemId was told. The 200 track() calls
// beside them were stored. Now a request's key over 64 KB of JSON is refused at once, with one message naming it (down
// to filters.exclude): the two reads answer (in some 1.3 s, the page's own JSON of 60 x 1.7 MB).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type Api = { track(e: string, p: object): void; recommend(r: object): Promise<unknown[]>; status(): Promise<{ storage: string } | null> };

test('sixty recommend() calls of 1 to 1.9 MB each: refused with one message naming the key; the reads made beside them answer, and every track() is stored', async ({ page }) => {
  test.setTimeout(60_000);
  const con = watchConsole(page);
  await page.goto('/demo/index.html');
  await ready(page);
  const r = await page.evaluate(async () => {
    const c = (window as unknown as { clientele: Api }).clientele;
    const big = [
      { type: 'popular', limit: 4, filters: { category: Array.from({ length: 50_000 }, (_, i) => `category ${i} ${'x'.repeat(20)}`) } },
      { type: 'popular', limit: 4, filters: { exclude: Array.from({ length: 50_000 }, (_, i) => `SKU-${i}-${'y'.repeat(20)}`) } },
      { type: 'similar', limit: 4, itemId: 'z'.repeat(1 << 20) },
    ];
    const huge = Array.from({ length: 60 }, (_, i) => c.recommend(big[i % 3]));
    for (let n = 0; n < 200; n++) c.track('Beside', { n });
    // Answered, not their fallbacks ([] and null at 10 s).
    const [recs, status] = await Promise.all([c.recommend({ type: 'popular', limit: 4 }), c.status()]);
    return { recs: recs.length, storage: status?.storage ?? null, huge: (await Promise.all(huge)).map((x) => x.length) };
  });
  await expect.poll(async () => eventsNamed((await exported(page))?.events ?? [], 'Beside').length, { timeout: 20_000 }).toBe(200).catch(() => undefined);
  const s = eventsNamed((await exported(page)).events, 'Beside');
  console.log('HUGE', JSON.stringify(r), JSON.stringify(con.warnings.map((w) => w.slice(0, 160))));
  expect({ ...r, stored: s.length, ids: new Set(s.map((e) => e.message_id)).size, errors: con.pageErrors })
    .toEqual({ recs: 4, storage: 'indexeddb', huge: Array(60).fill(0), stored: 200, ids: 200, errors: [] });
  // One message per key at fault, each naming it.
  expect(con.warnings.filter((w) => /recommend\(request\)\.(filters\.category|filters\.exclude|itemId)/.test(w)).length).toBe(3);
});
