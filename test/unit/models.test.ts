import { describe, expect, it } from 'vitest';
import { blendModels, standardize } from '../../train/models/blend.ts';
import { trainContent, contentSpec } from '../../train/models/content.ts';
import { decayedWeights } from '../../scoring/models/decay.ts';
import { historyOf } from '../../scoring/models/evaluate.ts';
import { ialsSpec } from '../../train/models/ials.ts';
import { itemKnnSpec } from '../../train/models/itemKnn.ts';
import { choleskySolve, spdInverseInPlace } from '../../train/models/linalg.ts';
import { invertSpd } from '../../train/models/blockInverse.ts';
import { coVisitationSpec } from '../../train/models/coVisitation.ts';
import { easeSpec, easeWeights, gramMatrix } from '../../train/models/ease.ts';
import { rp3betaRows, rp3betaSpec } from '../../train/models/rp3beta.ts';
import { MetricsAccumulator, userMetrics } from '../../scoring/models/metrics.ts';
import { popularitySpec } from '../../train/models/popularity.ts';
import { MODEL_SPECS, modelFromWeights } from '../../train/models/registry.ts';
import { topK } from '../../scoring/models/topK.ts';
import type { Interactions, TrainedModel, VisitorHistory } from '../../scoring/models/types.ts';

/** Builds CSR interactions from per-user item lists (weight 1, ts = position). */
function csr(rows: number[][], nItems: number): Interactions {
  const userPtr = new Int32Array(rows.length + 1);
  rows.forEach((r, u) => { userPtr[u + 1] = userPtr[u] + r.length; });
  const items = Int32Array.from(rows.flat());
  return { nUsers: rows.length, nItems, userPtr, items, weights: new Float32Array(items.length).fill(1), ts: Float64Array.from(rows.flatMap((r) => r.map((_, k) => 1000 + k))) };
}

// Items 0+1 always bought together (and 1 is the most popular), 2+3 together, 4 and 5 scattered.
const rows = [
  [0, 1], [0, 1], [0, 1, 4], [0, 1], [1, 5], [1, 0],
  [2, 3], [2, 3], [3, 2, 5], [4, 5], [4], [1, 3],
];
const data = csr(rows, 6);
const visitor = (items: number[], now = 2000): VisitorHistory => ({ items: Int32Array.from(items), weights: new Float32Array(items.length).fill(1), ts: new Float64Array(items.length).fill(now), now });

function ranked(model: TrainedModel, h: VisitorHistory): Int32Array {
  const out = new Float32Array(model.nItems);
  model.score(model.foldIn(h), out);
  return topK(out, model.nItems, h.items);
}

const trainers: Array<[string, () => Promise<TrainedModel>]> = [
  ['popularity', () => popularitySpec.train(data, { halfLifeDays: 0 })],
  ['itemKnn', () => itemKnnSpec.train(data, { k: 3, shrink: 0, alpha: 0.5, halfLifeDays: 0 })],
  ['ials', () => ialsSpec.train(data, { factors: 4, reg: 0.1, alpha: 10, iters: 10, cgSteps: 4, seed: 1, halfLifeDays: 0 })],
  ['ease', () => easeSpec.train(data, { lambda: 1, keep: 100, halfLifeDays: 0 })],
  ['rp3beta', () => rp3betaSpec.train(data, { k: 5, alpha: 1, beta: 0.3, halfLifeDays: 0 })],
  ['coVisitation', () => coVisitationSpec.train(data, { k: 5, windowS: 1800, maxBasket: 50, alpha: 0.5, halfLifeDays: 0 })],
  ['content', () => contentSpec.train(data, { items: [{ category: 'mugs', name: 'red mug' }, { category: 'mugs', name: 'red mug large' }, { category: 'socks' }, { category: 'socks', name: 'wool' }, { brand: 'x' }, { brand: 'y' }], halfLifeDays: 0 })],
  ['blend', async () => blendModels([
    { model: await itemKnnSpec.train(data, { k: 3, shrink: 0, alpha: 0.5, halfLifeDays: 0 }), weight: 1 },
    { model: await popularitySpec.train(data, { halfLifeDays: 0 }), weight: 0.2 },
  ])],
];

describe('models rank the obvious co-occurring item first', () => {
  it.each(trainers)('%s: a visitor who took item 0 gets item 1 first', async (_name, train) => {
    const m = await train();
    expect(ranked(m, visitor([0]))[0]).toBe(1);
  });
  it.each(trainers.filter(([n]) => n !== 'popularity'))('%s: a visitor who took item 2 gets item 3 first', async (_name, train) => {
    const m = await train();
    expect(ranked(m, visitor([2]))[0]).toBe(3);
  });
});

describe('toWeights / fromWeights round trip', () => {
  it.each(trainers)('%s gives identical scores after revival', async (_name, train) => {
    const m = await train();
    const w = m.toWeights();
    // through JSON-able meta and copied arrays, as a site model file would carry them
    const copy = { meta: JSON.parse(JSON.stringify(w.meta)), arrays: Object.fromEntries(Object.entries(w.arrays).map(([k, a]) => [k, a.slice()])) };
    const r = modelFromWeights(copy);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const h = visitor([0, 4]);
    const a = new Float32Array(6), b = new Float32Array(6);
    m.score(m.foldIn(h), a);
    r.model.score(r.model.foldIn(h), b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
  it('rejects an unknown model name with a fix-naming message', () => {
    const r = modelFromWeights({ meta: { model: 'nope' }, arrays: {} });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/\[clientele\] weights\.meta\.model must be one of .*got "nope"/);
  });
  it('returns malformed weights as a value instead of throwing', () => {
    const r = modelFromWeights({ meta: { model: 'ease', k: 3 }, arrays: { nbrIdx: new Int32Array(4), nbrSim: new Float32Array(4) } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/\[clientele\] ease weights .*k=3/);
  });
  it('registry lists every family', () => {
    expect(Object.keys(MODEL_SPECS).sort()).toEqual(['blend', 'coVisitation', 'content', 'ease', 'ials', 'itemKnn', 'popularity', 'rp3beta']);
  });
});

describe('iALS fold-in', () => {
  it('moves the visitor toward their items', async () => {
    const m = await ialsSpec.train(data, { factors: 4, reg: 0.1, alpha: 10, iters: 10, cgSteps: 4, seed: 1, halfLifeDays: 0 });
    const empty = m.foldIn(visitor([]));
    expect(Array.from(empty.vector!)).toEqual([0, 0, 0, 0]);
    const v = m.foldIn(visitor([2]));
    const out = new Float32Array(6);
    m.score(v, out);
    expect(out[2]).toBeGreaterThan(0.3);
    expect(out[3]).toBeGreaterThan(out[0]);
    expect(out[3]).toBeGreaterThan(out[1]);
  });
  it('weights recent items more with a half-life', async () => {
    const base = await ialsSpec.train(data, { factors: 4, reg: 0.1, alpha: 10, iters: 10, cgSteps: 4, seed: 1, halfLifeDays: 1 });
    const h: VisitorHistory = { items: Int32Array.of(0, 2), weights: Float32Array.of(1, 1), ts: Float64Array.of(0, 30 * 86400), now: 30 * 86400 };
    expect(ranked(base, h)[0]).toBe(3); // item 2 is recent, 0 is a month old
  });
});

describe('recency', () => {
  it('halves a weight per half-life and leaves it alone without one', () => {
    const h: VisitorHistory = { items: Int32Array.of(1, 2), weights: Float32Array.of(2, 2), ts: Float64Array.of(0, 86400), now: 86400 };
    expect(Array.from(decayedWeights(h, 86400))).toEqual([1, 2]);
    expect(Array.from(decayedWeights(h, 0))).toEqual([2, 2]);
  });
  it('itemKnn follows the recent item', async () => {
    const m = await itemKnnSpec.train(data, { k: 3, shrink: 0, alpha: 0.5, halfLifeDays: 1 });
    const h: VisitorHistory = { items: Int32Array.of(0, 2), weights: Float32Array.of(1, 1), ts: Float64Array.of(0, 10 * 86400), now: 10 * 86400 };
    expect(ranked(m, h)[0]).toBe(3);
    expect(ranked(m, { ...h, ts: Float64Array.of(10 * 86400, 0) })[0]).toBe(1);
  });
});

describe('metrics (eval_reference.py definitions)', () => {
  it('userMetrics on a hand-computed case', () => {
    // hits at ranks 1 and 3 of 3; 4 test items: IDCG over min(4, 3) = 3 positions
    const m = userMetrics(Int32Array.of(7, 1, 9), new Set([7, 9, 20, 21]), 3);
    const dcg = 1 + 1 / Math.log2(4);
    const idcg = 1 + 1 / Math.log2(3) + 1 / Math.log2(4);
    expect(m.recall).toBeCloseTo(2 / 4, 12);
    expect(m.ndcg).toBeCloseTo(dcg / idcg, 12);
    expect(m.hit).toBe(1);
    expect(userMetrics(Int32Array.of(1, 2), new Set([3]), 2)).toEqual({ recall: 0, ndcg: 0, hit: 0 });
  });
  it('averages over users and counts coverage over the catalogue', () => {
    const acc = new MetricsAccumulator(10, 2);
    acc.add(Int32Array.of(0, 1), new Set([1]));
    acc.add(Int32Array.of(0, 2), new Set([5]));
    const r = acc.result();
    expect(r.hit).toBe(0.5);
    expect(r.recall).toBe(0.5);
    expect(r.ndcg).toBeCloseTo((1 / Math.log2(3)) / 2, 12);
    expect(r.coverage).toBe(0.3);
    expect(r.nUsers).toBe(2);
  });
  it('topK breaks ties by lower index and skips excluded items', () => {
    expect(Array.from(topK(Float32Array.of(1, 3, 3, 2, 3), 3))).toEqual([1, 2, 4]);
    expect(Array.from(topK(Float32Array.of(1, 3, 3, 2, 3), 3, Int32Array.of(2)))).toEqual([1, 4, 3]);
    expect(Array.from(topK(Float32Array.of(0, 0, 0), 2))).toEqual([0, 1]);
  });
});

describe('helpers', () => {
  it('choleskySolve solves an SPD system', () => {
    const A = Float64Array.of(4, 2, 2, 3), b = Float64Array.of(2, 1);
    expect(choleskySolve(A, b, 2)).toBe(true);
    expect(b[0]).toBeCloseTo(0.5, 12);
    expect(b[1]).toBeCloseTo(0, 12);
    expect(choleskySolve(Float64Array.of(0, 0, 0, 0), Float64Array.of(1, 1), 2)).toBe(false);
  });
  it('standardize gives mean 0 / std 1 and keeps -Infinity', () => {
    const s = Float32Array.of(1, 2, 3, -Infinity);
    standardize(s);
    expect(s[1]).toBeCloseTo(0, 6);
    expect(s[2]).toBeCloseTo(Math.sqrt(1.5), 5);
    expect(s[3]).toBe(-Infinity);
  });
  it('historyOf takes now from the latest touch', () => {
    const h = historyOf(data, 2);
    expect(Array.from(h.items)).toEqual([0, 1, 4]);
    expect(h.now).toBe(1002);
  });
  it('content neighbours share attributes', () => {
    const m = trainContent([{ category: 'mugs' }, { category: 'socks' }, { category: 'mugs', brand: 'b' }]);
    expect(Array.from(m.neighbours!(0, 5).items)).toEqual([2]);
  });
});

/** A random symmetric positive-definite matrix (Gram of random rows plus a ridge), row-major float64. */
function randomSpd(n: number, seed: number): Float64Array {
  let a = seed;
  const rnd = () => ((a = (a * 1103515245 + 12345) % 2147483648) / 2147483648) - 0.5;
  const m = n + 3;
  const R = Float64Array.from({ length: m * n }, rnd);
  const A = new Float64Array(n * n);
  for (let r = 0; r < m; r++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) A[i * n + j] += R[r * n + i] * R[r * n + j];
  for (let i = 0; i < n; i++) A[i * n + i] += 0.5;
  return A;
}

/** max |A * Ainv - I| for row-major n x n matrices. */
function identityError(A: ArrayLike<number>, Ainv: ArrayLike<number>, n: number): number {
  let err = 0;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) s += A[i * n + k] * Ainv[k * n + j];
    err = Math.max(err, Math.abs(s - (i === j ? 1 : 0)));
  }
  return err;
}

describe('SPD inverse', () => {
  it('Gauss-Jordan inverts an SPD matrix and refuses an indefinite one', () => {
    const A = randomSpd(7, 3);
    const inv = A.slice();
    expect(spdInverseInPlace(inv, 7)).toBe(true);
    expect(identityError(A, inv, 7)).toBeLessThan(1e-9);
    expect(spdInverseInPlace(Float64Array.of(1, 2, 2, 1), 2)).toBe(false);
  });
  it('the blocked tfjs inverse matches on a matrix big enough to recurse', () => {
    const n = 420; // above the JS base-case size, so the Schur-complement path runs
    const A = randomSpd(n, 11);
    const inv = invertSpd(Float32Array.from(A), n);
    expect(inv).not.toBeNull();
    // float32 arithmetic: compare against the float64 inverse relative to its scale
    const ref = A.slice();
    spdInverseInPlace(ref, n);
    let maxRef = 0, maxDiff = 0;
    for (let i = 0; i < n * n; i++) { maxRef = Math.max(maxRef, Math.abs(ref[i])); maxDiff = Math.max(maxDiff, Math.abs(ref[i] - inv![i])); }
    expect(maxDiff / maxRef).toBeLessThan(1e-3);
    expect(invertSpd(Float32Array.of(1, 2, 2, 1), 2)).toBeNull();
  });
});

describe('EASE', () => {
  it('gramMatrix counts co-occurrences', () => {
    const G = gramMatrix(data);
    expect(G[0 * 6 + 1]).toBe(5); // users 0,1,2,3,5 took both 0 and 1
    expect(G[1 * 6 + 1]).toBe(7);
    expect(G[2 * 6 + 3]).toBe(3);
  });
  it('B = -P / diag(P) off the diagonal, zero on it', async () => {
    const B = easeWeights(data, 2)!;
    const G = Float64Array.from(gramMatrix(data));
    for (let i = 0; i < 6; i++) G[i * 6 + i] += 2;
    spdInverseInPlace(G, 6);
    for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) {
      expect(B[i * 6 + j]).toBeCloseTo(i === j ? 0 : -G[i * 6 + j] / G[j * 6 + j], 4);
    }
  });
  it('toWeights keeps only the top `keep` targets per item, best first', async () => {
    const m = await easeSpec.train(data, { lambda: 1, keep: 2, halfLifeDays: 0 });
    const w = m.toWeights();
    expect(w.meta.k).toBe(2);
    expect(w.arrays.nbrIdx.length).toBe(12);
    expect(w.arrays.nbrIdx[0]).toBe(1); // item 0's best target is 1
    expect(w.arrays.nbrSim[0]).toBeGreaterThanOrEqual(w.arrays.nbrSim[1]);
    const full = m.neighbours!(0, 5);
    expect(Array.from(m.withFoldIn!({ keep: 5 }).toWeights().arrays.nbrIdx.slice(0, full.items.length))).toEqual(Array.from(full.items));
  });
  it('follows the recent item with a half-life', async () => {
    const m = await easeSpec.train(data, { lambda: 1, keep: 100, halfLifeDays: 1 });
    const h: VisitorHistory = { items: Int32Array.of(0, 2), weights: Float32Array.of(1, 1), ts: Float64Array.of(0, 10 * 86400), now: 10 * 86400 };
    expect(ranked(m, h)[0]).toBe(3);
    expect(ranked(m, { ...h, ts: Float64Array.of(10 * 86400, 0) })[0]).toBe(1);
  });
});

describe('RP3beta', () => {
  it('matches the walk probabilities by hand', () => {
    // users: [0,1], [0,2]; deg(item0)=2, deg(u)=2 each. W(0->1) = P(0->u0) P(u0->1) = 1/2 * 1/2, then / deg(1)^beta = 1
    const tiny = { nUsers: 2, nItems: 3, userPtr: Int32Array.of(0, 2, 4), items: Int32Array.of(0, 1, 0, 2), weights: new Float32Array(4).fill(1), ts: new Float64Array(4) };
    const { nbrIdx, nbrSim } = rp3betaRows(tiny, 2, 1, 0.5);
    expect(Array.from(nbrIdx.slice(0, 2))).toEqual([1, 2]); // tie broken by the lower index
    expect(nbrSim[0]).toBeCloseTo(0.25, 6);
    // from item 1: only user 0, who also took 0 (deg 2): 1 * 1/2 / 2^0.5
    expect(nbrIdx[2]).toBe(0);
    expect(nbrSim[2]).toBeCloseTo(0.5 / Math.SQRT2, 6);
    expect(nbrIdx[3]).toBe(-1);
  });
  it('a larger beta pushes the popular item down', () => {
    const lo = rp3betaRows(data, 5, 1, 0), hi = rp3betaRows(data, 5, 1, 2);
    // from item 5 (bought with 1, 2, 4): item 1 is the most popular neighbour
    expect(lo.nbrIdx[5 * 5]).toBe(1);
    expect(hi.nbrIdx[5 * 5]).not.toBe(1);
  });
});
