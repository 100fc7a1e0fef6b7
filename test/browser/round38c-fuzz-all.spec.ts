// Round 38 (tester C). Issue #8: "no exception ever escapes a public method, whatever it is given"; "0 malformed stored
// rows"; the seed printed on failure. fuzz.spec.ts covers track, page, identify, init and recommend; this covers every
// other public method and export (consent, forget, mount and its widget options, exportData, status, segments,
// onSegments, setClock, ready, push, the experiment/holdout config through init) and the snippet's queue (entries
// that are not calls, unknown method names, thousands of them), with values fuzz.spec.ts lacks: cross-realm objects
// from an iframe and from a detached one, Symbol.toPrimitive / valueOf / toJSON that throw or return objects, getters
// that change the object being read, a sparse list of length 2^32-1, lone surrogates, a 10 MB string, invalid Dates,
// typed arrays, DOM nodes, window itself.
// FUZZ_RUNS (default 300 a method, under a minute here) and FUZZ_SEED to replay; larger counts were run by hand.
import { test, expect } from '@playwright/test';
import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { ready, watchConsole } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = Number(process.env.FUZZ_SEED ?? (Date.now() % 2 ** 31));
const FAST_CHECK = buildSync({
  stdin: { contents: "export * from 'fast-check';", resolveDir: fileURLToPath(new URL('../..', import.meta.url)) },
  bundle: true, format: 'iife', globalName: 'fc', write: false, minify: true,
}).outputFiles[0].text;

/** Hostile values, built fresh each time (fast-check would trip over a revoked proxy it generated itself). */
const FACTORIES = `(() => {
  const ifr = document.createElement('iframe'); document.body.appendChild(ifr);
  const W = ifr.contentWindow;
  const det = document.createElement('iframe'); document.body.appendChild(det);
  const D = det.contentWindow;
  const dObj = D.eval('({ product_id: "D1", price: 2, get name() { return "n" }, list: [1, 2] })');
  const dDate = D.eval('new Date(0)'); const dArr = D.eval('[{ product_id: "D2" }]'); const dFn = D.eval('(function () { return 1 })');
  const dProxy = D.eval('new Proxy({}, { get() { throw new D.Error("detached trap") } })'.replace('D.Error', 'Error'));
  det.remove();
  const sparse = () => { const a = []; a.length = 2 ** 32 - 1; return a; };
  const big = 'x'.repeat(10_000_000);
  return [
    () => { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; },
    () => { const r = Proxy.revocable([], {}); r.revoke(); return r.proxy; },
    () => new Proxy({}, { get() { throw new Error('get trap'); }, ownKeys() { throw Symbol('keys'); }, getPrototypeOf() { throw 1; } }),
    () => W.eval('({ product_id: "X1", price: 3, nested: { a: [1, 2] } })'), () => W.eval('[1, 2, 3]'), () => W.document.body, () => W,
    () => W.eval('new Date(NaN)'), () => W.eval('(function () {})'), () => W.eval('Symbol("x")'), () => W.eval('10n'),
    () => dObj, () => dDate, () => dArr, () => dFn, () => D, () => dProxy,
    () => ({ [Symbol.toPrimitive]() { throw new Error('prim'); } }),
    () => ({ [Symbol.toPrimitive]() { return {}; }, valueOf() { return {}; }, toString() { return {}; } }),
    () => ({ valueOf() { throw Symbol('v'); }, toString() { throw Symbol('s'); } }),
    () => ({ toJSON() { throw Symbol('j'); } }),
    () => ({ toJSON() { return { toJSON() { return { [Symbol.toPrimitive]() { throw 1; } }; } }; } }),
    () => { const o = { product_id: 'TJ' }; o.toJSON = () => o; return o; },
    () => { const o = { product_id: 'MG' }; let i = 0; Object.defineProperty(o, 'g', { enumerable: true, get() { o['k' + i++] = i; delete o.product_id; return i; } }); return o; },
    () => { const mk = () => ({ get x() { return mk(); } }); return mk(); },
    () => { const o = { a: 1 }; Object.defineProperty(o, 'b', { enumerable: true, get() { Object.setPrototypeOf(o, null); return 2; } }); return o; },
    sparse, () => ({ product_id: 'SP', list: sparse() }), () => ({ products: sparse() }),
    () => '\\uD800', () => 'a\\uDFFFb', () => ({ product_id: '\\uD800', name: '\\uDC00' }),
    () => big, () => ({ product_id: 'BIG', name: big }),
    () => new Date(NaN), () => ({ at: new Date(NaN) }), () => new Date(8.64e15 + 1),
    () => new Float64Array([NaN, Infinity]), () => new Uint8Array(3), () => new ArrayBuffer(8), () => new DataView(new ArrayBuffer(2)),
    () => document.body, () => document, () => window, () => location, () => ({ el: document.body, w: window }),
    () => Object.create(null), () => JSON.parse('{"__proto__": {"requireConsent": true}, "type": "popular"}'),
    () => Object.assign([1, 2], { type: 'popular', slot: 'hero' }),
    () => new Proxy(Object.freeze({ a: 1 }), { ownKeys() { return ['a', 'b']; } }),
    () => 10n, () => Symbol('s'), () => () => 1, () => NaN, () => -0, () => Infinity, () => new String('x'), () => new Boolean(false),
    () => ({ then() { throw new Error('thenable'); } }), () => ({ then(r) { r({ then: (r2) => r2(1) }); } }),
  ];
})()`;

test(`fuzzing every other public method: 0 exceptions into the page, every promise settles, 0 malformed rows (seed printed)`, async ({ page }) => {
  test.setTimeout(240_000);
  console.log(`fuzz-all seed ${SEED} (FUZZ_SEED=${SEED} FUZZ_RUNS=${RUNS} to replay)`);
  const { pageErrors } = watchConsole(page);
  await page.route('**/faults/fuzz-all-catalog.json', (route) => route.fulfill({ json: Array.from({ length: 30 }, (_, i) => ({ product_id: `F${i}`, name: `Fuzz ${i}`, price: i + 1, category: i % 2 ? 'A' : 'B' })) }));
  await page.route('**/faults/fuzz-all.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>fuzz</title><script>${SNIPPET}</script><script async src="/dist/clientele.js" data-autocapture="false" data-catalog-url="/faults/fuzz-all-catalog.json"></script><body><div id=a></div></body>`,
  }));
  await page.goto('/faults/fuzz-all.html');
  await ready(page);
  await page.addScriptTag({ content: FAST_CHECK });
  const result = await page.evaluate(async ({ runs, seed, factories }) => {
    type Fc = typeof import('fast-check');
    const fc = (window as unknown as { fc: Fc }).fc;
    const c = (window as unknown as { clientele: Record<string, (...a: unknown[]) => unknown> }).clientele;
    const errors: string[] = [];
    addEventListener('error', (e) => errors.push(`error event: ${e.message}`));
    addEventListener('unhandledrejection', (e) => { let s = '?'; try { s = String(e.reason); } catch { /* hostile */ } errors.push(`unhandled rejection: ${s}`); });
    const made = (0, eval)(factories) as Array<() => unknown>;
    const HOSTILE = '\u0000hostile';
    const build = (r: unknown, depth = 0): unknown => {
      if (Array.isArray(r) && r[0] === HOSTILE) return made[r[1] as number]();
      if (depth > 3 || r === null || typeof r !== 'object' || ArrayBuffer.isView(r)) return r;
      if (Array.isArray(r)) return r.map((x) => build(x, depth + 1));
      if (Object.getPrototypeOf(r) !== Object.prototype && Object.getPrototypeOf(r) !== null) return r;
      const out: Record<string, unknown> = Object.getPrototypeOf(r) === null ? Object.create(null) : {};
      for (const k of Object.keys(r)) Object.defineProperty(out, k, { value: build((r as Record<string, unknown>)[k], depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    };
    const factory = fc.integer({ min: 0, max: made.length - 1 }).map((i) => [HOSTILE, i]);
    const any = fc.oneof(
      { arbitrary: fc.anything({ withBigInt: true, withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withDate: true, maxDepth: 2 }), weight: 3 },
      { arbitrary: factory, weight: 4 },
    );
    const val = (keys: string[]) => fc.oneof(any, fc.dictionary(fc.oneof(fc.constantFrom(...keys), fc.string()), fc.oneof(any, fc.constantFrom(...keys)), { maxKeys: 5 }));
    const widget = val(['type', 'limit', 'title', 'itemId', 'headingLevel', 'fallback', 'fallbackTitle', 'slot', 'popular', 'similar', 'hero', 'layout']);
    const expCfg = fc.record({
      holdout: val(['percent', 'salt']),
      experiments: fc.oneof(any, fc.array(val(['id', 'target', 'variants', 'traffic', 'audience', 'namespace', 'rows', 'slot', 'row', 'model', 'show', 'range']), { maxLength: 3 })),
    }, { requiredKeys: [] });

    const settled: Array<Promise<unknown>> = [];
    const fallbacks: string[] = [];
    let calls = 0;
    const noThrow = (label: string, fn: () => unknown) => {
      calls++;
      try {
        const r = fn();
        if (r instanceof Promise) settled.push(Promise.race([r.then(() => 0, (e) => fallbacks.push(`${label} rejected: ${String(e)}`)), new Promise((res) => setTimeout(() => res(fallbacks.push(`${label} unsettled after 12 s`)), 12_000))]));
        return true;
      } catch (e) {
        let shown = 'an unprintable value';
        try { shown = String(e); } catch { /* keep */ }
        errors.push(`${label} threw: ${shown}`);
        return false;
      }
    };
    const failures: string[] = [];
    const check = (label: string, prop: Parameters<Fc['check']>[0], n = runs) => {
      const r = fc.check(prop, { numRuns: n, seed }) as ReturnType<Fc['check']> & { failed: boolean; seed: number; counterexamplePath: string | null; errorInstance: unknown };
      if (r.failed) failures.push(`${label} failed with seed ${r.seed}, path ${r.counterexamplePath}: ${String(r.errorInstance ?? '').slice(0, 300)}`);
    };
    const el = document.getElementById('a')!;
    const unmounts: unknown[] = [];
    // Reads first, while the store holds only what tracks below add.
    check('consent', fc.property(any, (v) => noThrow('consent', () => c.consent(build(v)))));
    c.consent(true);
    check('mount', fc.property(fc.oneof(any, fc.constant('#a'), fc.constant(el)), widget, (e, o) => noThrow('mount', () => { const u = c.mount(build(e), build(o)); unmounts.push(u); return undefined; })));
    const badUnmounts = unmounts.filter((u) => typeof u !== 'function').length;
    for (const u of unmounts) noThrow('unmount', () => (u as () => void)());
    check('onSegments', fc.property(any, (v) => noThrow('onSegments', () => { const off = c.onSegments(build(v)); if (typeof off !== 'function') throw new Error('onSegments gave no function'); off(); })));
    check('setClock', fc.property(fc.oneof(any, fc.integer(), fc.double()), (v) => noThrow('setClock', () => c.setClock(build(v)))), Math.min(runs, 100));
    c.setClock(null);
    for (const m of ['exportData', 'status', 'segments', 'ready']) check(m, fc.property(fc.array(any, { maxLength: 3 }), (args) => noThrow(m, () => c[m](...args.map((a) => build(a))))), Math.min(runs, 50));
    check('push', fc.property(fc.array(fc.oneof(any, fc.tuple(fc.oneof(fc.constantFrom('track', 'identify', 'consent', 'page', 'mount', 'nope', '__proto__', 'constructor', 'push', 'toString', 'hasOwnProperty'), fc.string()), fc.oneof(any, fc.array(any, { maxLength: 2 })))), { maxLength: 4 }), (items) => noThrow('push', () => c.push(...items.map((x) => build(x))))));
    check('init (experiments, holdout)', fc.property(expCfg, (cfg) => noThrow('init', () => c.init(build(cfg)))), Math.min(runs, 200));
    check('forget', fc.property(fc.array(any, { maxLength: 2 }), (args) => noThrow('forget', () => c.forget(...args.map((a) => build(a))))), 5);
    // What the fuzzed calls stored, after a forget() and a yes: a few good events must go in, nothing malformed.
    c.consent(true);
    for (let i = 0; i < 5; i++) c.track('Fuzz All Good', { product_id: 'F1', n: i });
    await Promise.all(settled);
    type Exported = { events: Array<Record<string, unknown>> } | null;
    let data = null as Exported;
    for (let i = 0; i < 10 && !data?.events.some((e) => e.event === 'Fuzz All Good'); i++) data = (await c.exportData()) as Exported;
    const malformed = (data?.events ?? []).filter((e) =>
      typeof e.message_id !== 'string' || typeof e.event !== 'string' || !(e.event as string).trim() || typeof e.timestamp !== 'number' || !Number.isFinite(e.timestamp)
      || typeof e.session_id !== 'string' || typeof e.anonymous_id !== 'string' || typeof e.properties !== 'object' || e.properties === null || Array.isArray(e.properties)
      || Object.keys(e.properties as object).some((k) => /^\d+$/.test(k)) || (() => { try { JSON.stringify(e); return false; } catch { return true; } })());
    return { calls, failures, errors: errors.slice(0, 10), fallbacks: fallbacks.slice(0, 10), badUnmounts, good: (data?.events ?? []).filter((e) => e.event === 'Fuzz All Good').length, malformed: malformed.slice(0, 3).map((e) => JSON.stringify(e).slice(0, 200)) };
  }, { runs: RUNS, seed: SEED, factories: FACTORIES });
  console.log(`fuzz-all: ${result.calls} calls`);
  // Every method was called: consent, mount, onSegments and push RUNS times each, the rest fewer.
  expect(result.calls).toBeGreaterThan(4 * RUNS);
  expect(result.failures, `seed ${SEED}`).toEqual([]);
  expect(result.errors, `seed ${SEED}`).toEqual([]);
  expect(result.fallbacks, `seed ${SEED}`).toEqual([]);
  expect(result.badUnmounts, `seed ${SEED}`).toBe(0);
  expect(result.good, `seed ${SEED}`).toBe(5);
  expect(result.malformed, `seed ${SEED}`).toEqual([]);
  expect(pageErrors, `seed ${SEED}`).toEqual([]);
});
