// Round 39 (tester a). Probe: every public read while a write hangs (another tab holds a readwrite transaction on
// the site's database open).
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole } from './helpers.ts';

type C = { clientele: Record<string, (...a: unknown[]) => Promise<unknown>> & { track(e: string, p: object): void } };

test('reads while another tab holds a write open', async ({ context }) => {
  test.setTimeout(120_000);
  const a = await context.newPage();
  const w = watchConsole(a);
  await a.goto('/demo/fixtures/blank.html');
  await ready(a);
  const holder = await context.newPage();
  await holder.goto('/demo/data/catalog.json');
  await holder.evaluate(() => new Promise<void>((resolve) => {
    const o = indexedDB.open('clientele:default');
    o.onsuccess = () => {
      const db = o.result;
      const tx = db.transaction(db.objectStoreNames, 'readwrite');
      const store = tx.objectStore('meta');
      const spin = () => { (window as unknown as { k: number }).k = ((window as unknown as { k: number }).k | 0) + 1; if (!(window as unknown as { __stop?: boolean }).__stop) store.get('x').onsuccess = spin; };
      spin();
      tx.oncomplete = () => ((window as unknown as { done: string }).done = 'complete');
      tx.onabort = () => ((window as unknown as { done: string }).done = 'abort ' + tx.error);
      (window as unknown as { n: () => string }).n = () => Array.from(db.objectStoreNames).join() + ' ' + (window as unknown as { done: string }).done + ' ' + db.version + ' ' + (window as unknown as { k: number }).k;
      resolve();
    };
  }));
  await a.evaluate(() => { const c = (window as unknown as C).clientele; for (let k = 0; k < 100; k++) c.track('Held', { n: k }); });
  await a.waitForTimeout(1500);
  const r = await a.evaluate(async () => {
    const c = (window as unknown as C).clientele;
    const t = (name: string, p: Promise<unknown>) => { const t0 = performance.now(); return p.then((v) => [name, Math.round(performance.now() - t0), v === null ? 'null' : Array.isArray(v) ? `list ${v.length}` : typeof v === 'object' ? 'object' : v]); };
    return Promise.all([t('status', c.status()), t('recommend', c.recommend({ type: 'popular', limit: 4 })), t('segments', c.segments()), t('ready', c.ready()), t('exportData', c.exportData().then((d) => (d as { events: { event: string }[] } | null)?.events.filter((e) => e.event === 'Held').length ?? null))]);
  });
  console.log(JSON.stringify(r), await holder.evaluate(() => (window as unknown as { n: () => string }).n()));
  await holder.evaluate(() => { (window as unknown as { __stop: boolean }).__stop = true; });
  await expect.poll(async () => eventsNamed((await exported(a))?.events ?? [], 'Held').length, { timeout: 30_000 }).toBe(100);
  console.log(JSON.stringify(w));
});
