import { test, expect, type Page } from '@playwright/test';
import { ready, exported, eventsNamed, watchConsole, captureWorkers, closeTab, type StoredEventLike } from './helpers.ts';

type C = { clientele: { track(e: string, p: object): void; consent(g: boolean): void; forget(): Promise<boolean>; identify(u: string): void } };
const rng = (seed: number) => () => ((seed = (seed * 16807) % 2147483647) / 2147483647);

/** One tab's make-up: requireConsent, no IndexedDB (memory), the script arriving late, its clock ahead or behind. */
interface Tab { page: Page; id: number; rc: boolean; mem: boolean; late: number; skew: number }
/** One track(): where and when it was made, and what the visitor's answers and forgets say it must come to. */
interface Ev { n: number; seq: number; tab: number; at: number; fate: 'store' | 'never' | 'may' | 'pending'; why: string }

// Seeded schedules over up to 5 tabs of one site, where round36a-chaos only tracked: consent given and withdrawn and
// forget() in random tabs, requireConsent pages, pages with no IndexedDB, identify() with a new user id each time, the
// snippet with clientele.js arriving late, reloads in the middle of a burst, and clocks up to 3 s apart. At the end:
// nothing tracked while the visitor's latest answer was no is stored, nothing tracked before a forget() survives it,
// no stored event carries a user id given before a forget() made before it, and every event tracked under a yes (or
// no answer, on a page that does not require one) that no later "no" or forget() may drop is stored once.
// CHAOS_SEEDS=1,2,3 runs more schedules (CHAOS_STEPS their length); CI runs seed 8 (7 found round37e-memory-tab-forget) and seed 3 (below).
const STEPS = Number(process.env.CHAOS_STEPS ?? 40);
// The engine orders a forget() and what other tabs do around it by their clocks (Date.now), and the clocks here are set
// per tab: a call made in a tab whose clock runs ahead of the forgetting tab's, a little before the forget(), is dated
// after it and rightly kept (seed 3 found this: with the clocks left alone it passes). The rules below allow for that
// by the two tabs' skews; tabs with no skew are held to the strict order.
const KNOWN = new Set<number>([]);
for (const seed of (process.env.CHAOS_SEEDS ?? '8,3').split(',').map(Number)) {
  (KNOWN.has(seed) ? test.fail : test)(`seed ${seed}: consent, forget, identify, memory, late scripts and skewed clocks across tabs: the privacy rules hold and nothing under a yes is lost`, async ({ context }) => {
    test.setTimeout(240_000);
    const r = rng(seed);
    const pick = <T,>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    const tabs: Tab[] = [];
    const errors: string[] = [];
    const evs: Ev[] = [];
    const steps: string[] = [];
    const forgets: { at: number; seq: number; tab: number }[] = [];
    const uids: { uid: string; seq: number; at: number; tab: number }[] = [];
    const skewOf = new Map<number, number>();
    /** True when a call made at `at` in tab `tab` may be dated after a forget() made at `f.at` in tab `f.tab`. */
    const datedAfter = (at: number, tab: number, f: { at: number; tab: number }) => {
      const d = (skewOf.get(tab) ?? 0) - (skewOf.get(f.tab) ?? 0);
      return d > 0 && at + d > f.at - 1000;
    };
    let seq = 0;
    let answer: 'none' | 'yes' | 'no' = 'none';
    let ids = 0;
    let maxSkew = 0;
    const open = async () => {
      const t: Tab = { page: await context.newPage(), id: ids++, rc: r() < 0.3, mem: r() < 0.15, late: r() < 0.3 ? 300 + Math.floor(r() * 2000) : 0, skew: r() < 0.3 ? Math.round((r() * 2 - 1) * 3000) : 0 };
      maxSkew = Math.max(maxSkew, Math.abs(t.skew));
      skewOf.set(t.id, t.skew);
      const p = t.page;
      const w = watchConsole(p);
      p.on('close', () => errors.push(...w.pageErrors));
      await captureWorkers(p);
      const clock = t.skew ? `(function(){var d=Date.now;Date.now=function(){return d()+(${t.skew})}})();\n` : '';
      const noIdb = t.mem ? `(function(){var F=self.IDBFactory&&self.IDBFactory.prototype;if(!F)return;F.open=function(){throw new DOMException('no','InvalidStateError')};})();\n` : '';
      if (clock) await p.addInitScript((s) => { (0, eval)(s); }, clock);
      if (t.rc) await p.addInitScript(() => { (window as unknown as { clientele: unknown[] }).clientele = [['init', [{ requireConsent: true }]]]; });
      if (clock || noIdb) await p.route('**/dist/clientele-worker.js', async (route) => { const res = await route.fetch(); await route.fulfill({ response: res, body: clock + noIdb + (await res.text()) }); });
      if (t.late) await p.route('**/dist/clientele.js', async (route) => { await new Promise((s) => setTimeout(s, t.late)); await route.continue().catch(() => undefined); });
      await p.goto('/demo/fixtures/blank.html', { waitUntil: 'domcontentloaded' });
      tabs.push(t);
      return t;
    };
    /** The requireConsent tab's calls waiting for an answer: dropped when it closes or reloads, or on a "no". */
    const dropPending = (tab: number, why: string) => { for (const e of evs) if (e.tab === tab && e.fate === 'pending') { e.fate = 'never'; e.why = why; } };
    const gone = (t: Tab) => { tabs.splice(tabs.indexOf(t), 1); dropPending(t.id, 'closed before a yes'); };
    /** Waits until every tab reads the answer in localStorage, and a little for its storage event. */
    const settle = async (value: string | null) => {
      for (const t of tabs) await t.page.waitForFunction((v) => localStorage.getItem('clientele:consent') === v, value, { timeout: 5000 }).catch(() => undefined);
      await tabs[0]?.page.waitForTimeout(150);
    };
    const track = async (t: Tab, k: number, then = '') => {
      if (!t.late) await t.page.waitForFunction(() => (window as unknown as { clientele?: { __real?: boolean } }).clientele?.__real === true);
      const from = evs.length;
      const at = Date.now();
      const sinceForget = forgets.length ? at - forgets.at(-1)!.at : Infinity;
      for (let i = 0; i < k; i++) {
        let fate: Ev['fate'] = 'store';
        let why = 'yes';
        if (answer === 'no') { fate = 'never'; why = 'under no'; }
        else if (answer === 'none' && t.rc) { fate = 'pending'; why = 'waiting for an answer'; }
        else if (t.mem) { fate = 'may'; why = 'memory tab'; }
        else if (sinceForget < maxSkew + 1000) { fate = 'may'; why = 'within the clocks\' skew of a forget'; }
        evs.push({ n: from + i, seq, tab: t.id, at, fate, why });
      }
      await t.page.evaluate(({ from, k, then }) => {
        const c = (window as unknown as C).clientele;
        for (let i = from; i < from + k; i++) c.track('Chaos', { n: i });
        if (then === 'reload') location.reload();
      }, { from, k, then }).catch(() => undefined);
      if (then === 'reload') dropPending(t.id, 'reloaded before a yes');
    };
    for (let i = 0; i < 3; i++) await open();
    for (let step = 0; step < STEPS; step++) {
      seq = step;
      const x = r();
      const t = pick(tabs);
      let what: string;
      if (x < 0.1 && tabs.length < 5) { const o = await open(); what = `open t${o.id}${o.rc ? ' rc' : ''}${o.mem ? ' mem' : ''}${o.late ? ` late${o.late}` : ''}${o.skew ? ` clock${o.skew}` : ''}`; }
      else if (x < 0.18 && tabs.length > 1) { what = `close t${t.id}`; gone(t); await closeTab(t.page); }
      else if (x < 0.24) { what = `reload t${t.id}`; dropPending(t.id, 'reloaded before a yes'); await t.page.reload({ waitUntil: 'commit' }).catch(() => undefined); }
      else if (x < 0.33) {
        const g = r() < 0.6;
        what = `consent(${g}) t${t.id}`;
        await t.page.evaluate((g) => (window as unknown as C).clientele.consent(g), g).catch(() => undefined);
        answer = g ? 'yes' : 'no';
        // A yes stores what waits in open requireConsent tabs; a no drops it, and whatever waits unstored under a yes may go.
        for (const e of evs) {
          if (e.fate === 'pending') { if (g && tabs.some((o) => o.id === e.tab)) { e.fate = 'store'; e.why = 'waited, then yes'; } else { e.fate = 'never'; e.why = 'waited, then no'; } }
          else if (!g && e.fate === 'store') { e.fate = 'may'; e.why = 'yes, then no'; }
        }
        await settle(g ? '1' : '0');
      }
      else if (x < 0.39) {
        what = `forget t${t.id}`;
        const at = Date.now();
        await t.page.evaluate(() => { void (window as unknown as C).clientele.forget(); }).catch(() => undefined);
        forgets.push({ at, seq, tab: t.id });
        for (const e of evs) {
          if (e.fate === 'never') continue;
          if (datedAfter(e.at, e.tab, forgets.at(-1)!)) { e.fate = 'may'; e.why = 'before a forget, by a clock ahead of its tab\'s'; }
          else { e.fate = 'never'; e.why = 'before a forget'; }
        }
        await t.page.waitForTimeout(300);
      }
      else if (x < 0.47) {
        const uid = `u${uids.length}`;
        what = `identify(${uid}) t${t.id}`;
        uids.push({ uid, seq, at: Date.now(), tab: t.id });
        await t.page.evaluate((u) => (window as unknown as C).clientele.identify(u), uid).catch(() => undefined);
      }
      else if (x < 0.6) { const k = 1 + Math.floor(r() * 200); what = `burst+reload t${t.id} ${k}`; await track(t, k, 'reload'); }
      else { const k = 1 + Math.floor(r() * 150); what = `track t${t.id} ${k}`; await track(t, k); }
      steps.push(`${step}:${what}@${evs.length}:${answer}`);
      await tabs[0].page.waitForTimeout(Math.floor(r() * 300));
    }
    for (const t of tabs.splice(0)) { dropPending(t.id, 'closed before a yes'); await closeTab(t.page); }
    const last = await context.newPage();
    const lw = watchConsole(last);
    await last.goto('/demo/fixtures/blank.html');
    await ready(last);
    const must = evs.filter((e) => e.fate === 'store').map((e) => e.n);
    const mustSet = new Set(must);
    const stored = async () => eventsNamed((await exported(last)).events, 'Chaos');
    await expect.poll(async () => (await stored()).filter((e) => mustSet.has(e.properties.n as number)).length, { timeout: 40_000 }).toBeGreaterThanOrEqual(must.length).catch(() => undefined);
    await last.waitForTimeout(2000);
    const got: StoredEventLike[] = await stored();
    const ns = got.map((e) => e.properties.n as number);
    const have = new Set(ns);
    const lost = must.filter((n) => !have.has(n));
    const forbidden = evs.filter((e) => e.fate === 'never' && have.has(e.n)).map((e) => `${e.n}(t${e.tab}: ${e.why})`);
    // A user id given before a forget() made before the event: the forget() lost it.
    const seqOf = new Map(evs.map((e) => [e.n, e.seq]));
    const staleIds = got.filter((e) => e.user_id && forgets.some((f) => { const u = uids.find((x) => x.uid === e.user_id); return u && u.seq < f.seq && f.seq < seqOf.get(e.properties.n as number)! && !datedAfter(u.at, u.tab, f); })).map((e) => `${e.properties.n}:${e.user_id}`);
    if (staleIds.length) console.log(JSON.stringify({ forgets, uids, stale: got.filter((e) => staleIds.includes(`${e.properties.n}:${e.user_id}`)).slice(0, 3).map((e) => ({ n: e.properties.n, ts: e.timestamp, anon: e.anonymous_id, sid: e.session_id })), others: got.filter((e) => !e.user_id).slice(0, 2).map((e) => ({ n: e.properties.n, ts: e.timestamp, anon: e.anonymous_id })), profile: (await exported(last)).user_id }));
    const count = (f: Ev['fate']) => evs.filter((e) => e.fate === f).length;
    console.log(JSON.stringify({ seed, steps: steps.join(' | ') }));
    console.log(JSON.stringify({ seed, made: evs.length, store: count('store'), never: count('never'), may: count('may'), stored: ns.length, lost: lost.length, lostSome: lost.slice(0, 10), forbidden: forbidden.slice(0, 10), forbiddenCount: forbidden.length, dup: ns.length - have.size, dupSome: ns.filter((n, i) => ns.indexOf(n) !== i).slice(0, 5).map((n) => got.filter((e) => e.properties.n === n).map((e) => `${n}:${e.message_id.slice(0, 8)}:${e.anonymous_id.slice(0, 6)}:${e.user_id ?? ''}`)), staleIds: staleIds.slice(0, 10), errors }));
    expect(forbidden).toEqual([]);
    expect(staleIds).toEqual([]);
    expect(lost).toEqual([]);
    expect(ns.length - have.size).toBe(0);
    expect([...errors, ...lw.pageErrors]).toEqual([]);
  });
}
