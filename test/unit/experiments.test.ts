import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { bucketOf } from '../../worker/experiments/hash.ts';
import { assign, inHoldout, planRow, planSlot } from '../../worker/experiments/assign.ts';
import { resolveConfig } from '../../src/contract/config.ts';
import type { ExperimentConfig } from '../../src/contract/loop.ts';

// Buckets are a contract with owners' warehouses: these values must never change between releases.
// bucket = first 32 bits of MD5("<key>:<visitor id>") mod 10000 (README, "Experiments", gives the SQL).
const KNOWN: Array<[string, string, number]> = [
  ['holdout', 'anon-1', 3428],
  ['holdout', '4b8c2f0e-7d1a-4c3e-9f6b-2a5d8e1c7b90', 3545],
  ['for-you-model', 'user-42', 6148],
  ['for-you-model', '12345', 5905],
  ['hero-test', 'Zoë', 8052],
  ['aa-test', 'v1-0', 4403],
  ['ns:home', 'anon-1', 2241],
  ['', '', 479],
];

describe('assignment hash', () => {
  it.each(KNOWN)('bucketOf(%j, %j) = %i', (key, id, bucket) => {
    expect(bucketOf(key, id)).toBe(bucket);
  });

  it('matches the SQL recipe (md5 hex, first 8 digits, mod 10000) on random ids', () => {
    for (let i = 0; i < 300; i++) {
      const id = `v-${i}-${(i * 2654435761) >>> 0}`;
      const hex = createHash('md5').update(`exp:${id}`, 'utf8').digest('hex');
      expect(bucketOf('exp', id)).toBe(parseInt(hex.slice(0, 8), 16) % 10000);
    }
  });

  it('spreads visitors evenly over ten deciles', () => {
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[Math.floor(bucketOf('spread', `anon-${i}`) / 1000)]++;
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

const exp = (over: Partial<ExperimentConfig> = {}): ExperimentConfig => ({
  id: 'rows-test', name: 'Rows test', target: { rows: 'for-you' }, traffic: 1,
  variants: [{ id: 'control', name: 'Control', weight: 1 }, { id: 'grid', name: 'Grid', weight: 1, row: { layout: 'grid', limit: 8, model: 'ease', title: 'Picked for you' } }],
  ...over,
});
const ids = Array.from({ length: 4000 }, (_, i) => `anon-${i}`);

describe('assign', () => {
  it('splits by weight and is deterministic', () => {
    const e = exp({ variants: [{ id: 'control', name: 'c', weight: 3 }, { id: 'b', name: 'b', weight: 1 }] });
    const got = ids.map((id) => assign(e, id, () => true)?.id);
    expect(got).toEqual(ids.map((id) => assign(e, id, () => true)?.id));
    const share = got.filter((v) => v === 'b').length / ids.length;
    expect(share).toBeGreaterThan(0.22);
    expect(share).toBeLessThan(0.28);
  });

  it('raising traffic adds visitors without moving anyone already in a variant', () => {
    const low = ids.map((id) => assign(exp({ traffic: 0.3 }), id, () => true)?.id ?? null);
    const high = ids.map((id) => assign(exp({ traffic: 1 }), id, () => true)?.id ?? null);
    const inLow = low.filter((v) => v !== null).length / ids.length;
    expect(inLow).toBeGreaterThan(0.26);
    expect(inLow).toBeLessThan(0.34);
    low.forEach((v, i) => { if (v !== null) expect(high[i]).toBe(v); });
  });

  it('keeps experiments in one namespace apart', () => {
    const a = exp({ id: 'a', namespace: { id: 'home', range: [0, 0.5] } });
    const b = exp({ id: 'b', namespace: { id: 'home', range: [0.5, 1] } });
    let inA = 0, inB = 0;
    for (const id of ids) {
      const x = assign(a, id, () => true), y = assign(b, id, () => true);
      expect(x !== null && y !== null).toBe(false);
      if (x) inA++;
      if (y) inB++;
    }
    expect(inA + inB).toBe(ids.length);
    expect(Math.abs(inA - inB)).toBeLessThan(300);
  });

  it('leaves out visitors outside the audience', () => {
    expect(assign(exp({ audience: 'vip' }), 'anon-1', () => false)).toBeNull();
    expect(assign(exp({ audience: 'vip' }), 'anon-1', (n) => n === 'vip')).not.toBeNull();
  });
});

describe('holdout and row plans', () => {
  const { config } = resolveConfig({ holdout: { percent: 10 }, experiments: [{ id: 'rows-test', target: { rows: 'for-you' }, variants: [{ id: 'control' }, { id: 'grid', row: { layout: 'grid', limit: 8, model: 'ease', title: 'Picked for you' } }] }], slots: { hero: { default: { id: 'classic' }, variants: [{ id: 'sale' }] } } });

  it('holds out about the configured share', () => {
    const held = ids.filter((id) => inHoldout(config.holdout, id)).length / ids.length;
    expect(held).toBeGreaterThan(0.085);
    expect(held).toBeLessThan(0.115);
    expect(ids.some((id) => inHoldout({ percent: 0, id: 'holdout' }, id))).toBe(false);
  });

  it('serves the holdout popular rows, seeded by the screen only, in no other experiment', () => {
    const id = ids.find((v) => inHoldout(config.holdout, v))!;
    const plan = planRow({ type: 'for-you', limit: 6 }, 'home', config, id, () => true);
    expect(plan.request).toEqual({ type: 'popular', limit: 6 });
    expect(plan.personalize).toBe(false);
    expect(plan.exposures.map((x) => [x.experiment_id, x.variation_id])).toEqual([['holdout', 'holdout']]);
    expect(planRow({ type: 'similar', itemId: 'A' }, undefined, config, id, () => true).request).toEqual({ type: 'similar', itemId: 'A' });
    const slot = planSlot('hero', config, id, () => true);
    expect(slot.holdout).toBe(true);
  });

  it('applies the variant to the rows it targets and records both exposures', () => {
    const id = ids.find((v) => !inHoldout(config.holdout, v) && assign(config.experiments[0], v, () => true)?.id === 'grid')!;
    const plan = planRow({ type: 'for-you', limit: 4 }, 'home', config, id, () => true);
    expect(plan).toMatchObject({ request: { type: 'for-you', limit: 8 }, personalize: true, blend: { ease: 1 }, layout: 'grid', title: 'Picked for you' });
    expect(plan.exposures.map((x) => `${x.experiment_id}=${x.variation_id}`)).toEqual(['holdout=personalized', 'rows-test=grid']);
    expect(plan.exposures[1].variation_share).toBe(0.5);
    // other rows are untouched by this experiment
    expect(planRow({ type: 'similar' }, 'pdp', config, id, () => true).exposures.map((x) => x.experiment_id)).toEqual(['holdout']);
  });

  it('keeps a remembered arm when the hashed id changes (a visitor who logs in)', () => {
    const plan = planRow({ type: 'for-you' }, 'home', config, 'someone-new', () => true, { holdout: 'personalized', 'rows-test': 'control' });
    expect(plan.exposures.map((x) => x.variation_id)).toEqual(['personalized', 'control']);
  });
});

describe('config checks name the fix', () => {
  const problems = (input: unknown) => resolveConfig(input).problems;
  it.each([
    [{ holdout: { percent: 150 } }, 'config.holdout.percent must be a number from 0 to 100'],
    [{ experiments: [{ id: 'x', target: { rows: 'for-you' }, variants: [{ id: 'only' }] }] }, 'must list at least two variants'],
    [{ experiments: [{ id: 'x', target: { slot: 'nope' }, variants: [{ id: 'a' }, { id: 'b' }] }] }, 'must name a slot in config.slots'],
    [{ experiments: [{ id: 'x', target: { rows: 'for-you' }, variants: [{ id: 'a' }, { id: 'b', row: { model: 'magic' } }] }] }, 'config.experiments[0].variants[1].row.model must be one of popularity, itemKnn'],
    [{ experiments: [{ id: 'x', target: { rows: 'for-you' }, traffic: 2, variants: [{ id: 'a' }, { id: 'b' }] }] }, 'must be a share from 0 to 1'],
    [{ experiments: [{ id: 'a', target: { rows: 'for-you' }, namespace: { id: 'n', range: [0, 0.6] }, variants: [{ id: 'a' }, { id: 'b' }] }, { id: 'b', target: { rows: 'similar' }, namespace: { id: 'n', range: [0.5, 1] }, variants: [{ id: 'a' }, { id: 'b' }] }] }, 'overlaps experiment "a"'],
    [{ forward: { endpoint: 'javascript:alert(1)' } }, 'config.forward.endpoint must be an http(s) URL or a path'],
    [{ forward: { callback: 'yes' } }, 'config.forward.callback must be a function'],
    [{ attribution: { clickWindowDays: -1 } }, 'config.attribution.clickWindowDays must be a number of days from 0 to 90'],
  ])('%j', (input, message) => {
    const p = problems(input);
    expect(p.some((m) => m.includes(message)), p.join('\n')).toBe(true);
  });

  it('takes a bare number (or a data-holdout="10" string) as the holdout percent', () => {
    expect(resolveConfig({ holdout: 10 }).config.holdout).toEqual({ percent: 10, id: 'holdout' });
    expect(resolveConfig({ dataAttributes: { holdout: '12.5' } }).config.holdout.percent).toBe(12.5);
  });

  it('forwards nothing unless a destination is set, and every kind once one is', () => {
    expect(resolveConfig({}).config.forward.events).toEqual([]);
    expect(resolveConfig({ forward: { events: ['orders'] } }).config.forward.events).toEqual([]);
    expect(resolveConfig({ forward: { endpoint: '/collect' } }).config.forward.events).toContain('exposures');
    expect(resolveConfig({ forward: { dataLayer: true, events: ['orders'] } }).config.forward.events).toEqual(['orders']);
  });
});

describe('md5', () => {
  it('agrees with Node crypto on short, long, empty and non-ASCII input', async () => {
    const { md5 } = await import('../../worker/experiments/md5.ts');
    const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    for (const s of ['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'Zoë 日本 🙂', 'x'.repeat(1000)]) {
      expect(hex(md5(new TextEncoder().encode(s)))).toBe(createHash('md5').update(s, 'utf8').digest('hex'));
    }
  });
});

describe('Thompson sampling for a bandit slot', () => {
  it('favours the variant its priors say clicks more, steadily within a session', async () => {
    const { thompsonChoice, betaDraw } = await import('../../worker/experiments/bandit.ts');
    const priors = { a: { alpha: 20, beta: 980 }, b: { alpha: 60, beta: 940 } };
    const picks = Array.from({ length: 400 }, (_, i) => thompsonChoice(['a', 'b'], priors, {}, `hero:s${i}`));
    expect(picks.filter((p) => p === 'b').length).toBeGreaterThan(380);
    expect(thompsonChoice(['a', 'b'], priors, {}, 'hero:s1')).toBe(thompsonChoice(['a', 'b'], priors, {}, 'hero:s1'));
    // with no priors, both are tried
    const flat = Array.from({ length: 400 }, (_, i) => thompsonChoice(['a', 'b'], {}, {}, `hero:t${i}`));
    expect(flat.filter((p) => p === 'a').length).toBeGreaterThan(150);
    expect(flat.filter((p) => p === 'b').length).toBeGreaterThan(150);
    // Beta(2, 8) draws average 0.2
    const mean = Array.from({ length: 2000 }, (_, i) => betaDraw(2, 8, `m${i}`)).reduce((s, x) => s + x, 0) / 2000;
    expect(mean).toBeGreaterThan(0.18);
    expect(mean).toBeLessThan(0.22);
  });
});
