import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, captureWorkers, closeTab } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void } };
const rng = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

// Seeded schedules over up to 6 tabs of one site: bursts, and in the same task a worker killed, a reload, a navigation, a
// hide or a close; tabs opened, reloaded and closed; at the end every event is stored once. It found the always-visible
// fault (round36a-always-visible-close): a tab whose document said 'visible' after a hide lost what it parked on leaving.
// CHAOS_SEEDS=1,2,3 runs more schedules; CI runs one.
for (const seed of (process.env.CHAOS_SEEDS ?? '11').split(',').map(Number)) {
  test(`seed ${seed}: tabs open, track, lose workers, reload and close at random: every event stored once`, async ({ context }) => {
    test.setTimeout(180_000);
    const r = rng(seed);
    const tabs: Page[] = [];
    const errors: string[] = [];
    const warns: string[] = [];
    let n = 0;
    const open = async () => {
      const p = await context.newPage();
      const w = watchConsole(p);
      p.on('close', () => { errors.push(...w.pageErrors); warns.push(...w.warnings); });
      await captureWorkers(p);
      await p.goto('/demo/fixtures/blank.html');
      tabs.push(p);
      id.set(p, ids++);
      return p;
    };
    const log: string[] = [];
    const steps: string[] = [];
    const id = new WeakMap<Page, number>();
    let ids = 0;
    for (let i = 0; i < 3; i++) await open();
    for (let step = 0; step < 50; step++) {
      const x = r();
      const t = tabs[Math.floor(r() * tabs.length)];
      if (x < 0.15 && tabs.length < 6) { log.push('open'); await open(); }
      else if (x < 0.3 && tabs.length > 1) { log.push('close'); tabs.splice(tabs.indexOf(t), 1); await closeTab(t); }
      else if (x < 0.4) { log.push('reload'); await t.reload({ waitUntil: 'commit' }).catch(() => undefined); }
      else if (x < 0.5) { log.push('kill'); await t.evaluate(() => (window as unknown as { __workers?: Worker[] }).__workers?.at(-1)?.terminate()).catch(() => undefined); }
      else if (x < 0.75) {
        // A burst and, in the same task, the worker killed, the page reloaded, hidden, or closed.
        const k = 1 + Math.floor(r() * 300);
        const how = ['kill', 'reload', 'hide', 'close', 'nav'][Math.floor(r() * 5)];
        if (how === 'close' && tabs.length < 2) continue;
        log.push(`burst+${how} ${k}`);
        const from = n;
        n += k;
        await t.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
        const closed = how === 'close' ? t.waitForEvent('close') : null;
        await t.evaluate(({ from, k, how }) => {
          const c = (window as unknown as C).clientele;
          for (let i = from; i < from + k; i++) c.track('Chaos', { n: i });
          if (how === 'kill') (window as unknown as { __workers?: Worker[] }).__workers?.at(-1)?.terminate();
          if (how === 'reload') location.reload();
          if (how === 'nav') location.href = '/demo/fixtures/blank.html?next';
          // Hidden for 300 ms, as a tab switched away from and back: the document says so, then the browser's getter again.
          if (how === 'hide') {
            Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
            document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
            setTimeout(() => { delete (document as { visibilityState?: string }).visibilityState; document.dispatchEvent(new Event('visibilitychange', { bubbles: true })); }, 300);
          }
        }, { from, k, how }).catch(() => undefined);
        if (closed) { tabs.splice(tabs.indexOf(t), 1); await t.close({ runBeforeUnload: true }); await closed; }
      }
      else {
        const k = 1 + Math.floor(r() * 300);
        log.push(`track ${k}`);
        const from = n;
        n += k;
        // Made whether or not the script has come (the snippet is not on this fixture: the script may not be there yet).
        await t.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
        await t.evaluate(({ from, k }) => { const c = (window as unknown as C).clientele; for (let i = from; i < from + k; i++) c.track('Chaos', { n: i }); }, { from, k });
      }
      steps.push(`${step}:t${id.get(t)}:${log.at(-1)}@${n}`);
      await tabs[0].waitForTimeout(Math.floor(r() * 400));
    }
    for (const t of tabs.splice(0)) await closeTab(t);
    const dump = (p: Page) => p.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('clientele')).map((k) => { const v = localStorage.getItem(k) ?? ''; const ns = (v.match(/"n\\?":(\d+)/g) ?? []).map((m) => Number(m.replace(/\D/g, ''))); return `${k}=${v.length}:${ns.length ? `${Math.min(...ns)}-${Math.max(...ns)}` : v.slice(0, 80)}`; }));
    const probe = await context.newPage();
    await probe.goto('/demo/data/catalog.json');
    const before = await dump(probe);
    const last = await context.newPage();
    await last.goto('/demo/fixtures/blank.html');
    await ready(last);
    await expect.poll(async () => eventsNamed((await exported(last)).events, 'Chaos').length, { timeout: 40_000 }).toBeGreaterThanOrEqual(n).catch(() => undefined);
    await last.waitForTimeout(2000);
    const ns = eventsNamed((await exported(last)).events, 'Chaos').map((e) => e.properties.n as number);
    const have = new Set(ns);
    const lost = Array.from({ length: n }, (_, i) => i).filter((i) => !have.has(i));
    const ranges: string[] = [];
    for (const i of lost) { const l = ranges.at(-1)?.split('-'); if (l && Number(l[1]) === i - 1) ranges[ranges.length - 1] = `${l[0]}-${i}`; else ranges.push(`${i}-${i}`); }
    if (lost.length) console.log(JSON.stringify({ before, after: await dump(probe) }));
    console.log(JSON.stringify({ ranges, steps: steps.join(' | ') }));
    console.log(JSON.stringify({ seed, n, stored: ns.length, lost: lost.length, dup: ns.length - have.size, log: log.join(','), errors, warns: [...new Set(warns)] }));
    expect(lost).toEqual([]);
    expect(ns.length).toBe(n);
    expect(errors).toEqual([]);
  });
}
