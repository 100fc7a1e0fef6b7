import { describe, expect, it } from 'vitest';
import { readEvents, withAttribution } from '../../report/readEvents.ts';
import { analyze, unseenShare } from '../../report/analyze.ts';

const T = Date.parse('2026-11-01T10:00:00Z');
let n = 0;
const ev = (event: string, anon: string, properties: Record<string, unknown>, t: number) =>
  JSON.stringify({ type: 'track', event, properties, message_id: `m${n++}`, anonymous_id: anon, user_id: null, timestamp: new Date(t).toISOString() });
const viewed = (anon: string, experiment_id: string, variation_id: string, variation_share: number, t: number) =>
  ev('Experiment Viewed', anon, { experiment_id, experiment_name: experiment_id, variation_id, variation_name: variation_id, variation_share }, t);

describe('an arm that got no visitor at all (round 31, tester B)', () => {
  it('a holdout whose holdout arm got nobody is a sample ratio mismatch', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) {
      lines.push(viewed(`v${i}`, 'holdout', 'personalized', 0.9, T + i * 1000));
      if (i % 10 === 0) lines.push(ev('Order Completed', `v${i}`, { order_id: `o${i}`, total: 10 }, T + i * 1000 + 500));
    }
    const x = analyze(readEvents(lines.join('\n')).events).experiments[0];
    expect(x.variants.map((v) => [v.id, v.visitors])).toEqual([['personalized', 1000]]);
    expect(x.unseen_share).toBeCloseTo(0.1, 12);
    // 1000 against 900, 0 against 100: (100²/900) + (100²/100) = 111.1 on 1 df (it was df 0, p = 1)
    expect(x.srm.df).toBe(1);
    expect(x.srm.chi2).toBeCloseTo(100 / 9 + 100, 6);
    expect(x.srm_p).toBeLessThan(0.01);
    const w = x.warnings.join(' ');
    expect(w).toMatch(/Sample ratio mismatch/);
    expect(w).toContain('personalized 1000, expected 90%');
    expect(w).toContain('arms never seen: 0 visitors, expected 10%');
  });

  it('a three-arm test whose third arm got nobody is a sample ratio mismatch', () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++) lines.push(viewed(`v${i}`, 'three', ['a', 'b'][i % 2], 1 / 3, T + i * 1000));
    const x = analyze(readEvents(lines.join('\n')).events).experiments[0];
    expect(x.variants.map((v) => v.visitors)).toEqual([500, 500]);
    expect(x.unseen_share).toBeCloseTo(1 / 3, 9);
    expect(x.srm.df).toBe(2);
    expect(x.srm_p).toBeLessThan(0.01);
    expect(x.warnings.join(' ')).toMatch(/Sample ratio mismatch.*arms never seen: 0 visitors, expected 33\.3%/);
  });

  it('shares rounded to whole percents (0.33 × 3) make no arm up when every arm is seen', () => {
    const lines: string[] = [];
    for (let i = 0; i < 900; i++) lines.push(viewed(`v${i}`, 'rounded', ['a', 'b', 'c'][i % 3], 0.33, T + i * 1000));
    const x = analyze(readEvents(lines.join('\n')).events).experiments[0];
    expect(x.unseen_share).toBe(0);
    expect(x.srm.df).toBe(2);
    expect(x.srm_p).toBeCloseTo(1, 9);
    expect(x.warnings.some((w) => /Sample ratio mismatch/.test(w))).toBe(false);
  });

  it('unseenShare: rounding is forgiven only for whole-percent shares', () => {
    expect(unseenShare([0.9])).toBeCloseTo(0.1, 12); // holdout 10% never seen
    expect(unseenShare([0.99])).toBeCloseTo(0.01, 12); // holdout 1% never seen: above one arm's rounding
    expect(unseenShare([0.9, 0.1])).toBe(0);
    expect(unseenShare([0.33, 0.33, 0.33])).toBe(0); // three arms of 1/3, rounded
    expect(unseenShare([0.33, 0.33])).toBeCloseTo(0.34, 12);
    expect(unseenShare([1 / 3, 1 / 3, 1 / 3])).toBe(0);
    expect(unseenShare([1 / 3, 1 / 3])).toBeCloseTo(1 / 3, 9);
    expect(unseenShare([0.495, 0.495])).toBeCloseTo(0.01, 12); // exact shares: a 1% arm is an arm
    expect(unseenShare([0.5, NaN])).toBe(0); // shares not known: no guess
  });

  it('the HTML report shows the warning in a one-arm section', async () => {
    const { reportHtml } = await import('../../report/html.ts');
    const lines: string[] = [];
    for (let i = 0; i < 500; i++) lines.push(viewed(`v${i}`, 'holdout', 'personalized', 0.9, T + i * 1000));
    const html = await reportHtml(analyze(readEvents(lines.join('\n')).events), 'test.ndjson');
    expect(html).toContain('Only one arm (personalized) has visitors so far');
    expect(html).toMatch(/<p class="warn" role="note">Sample ratio mismatch/);
    expect(html).toContain('Arms never seen');
  });
});

describe('exportData() JSON: its attribution is read (round 31, tester B)', () => {
  const exported = (attribution: unknown[]) => ({
    events: [
      { message_id: 'e1', event: 'Experiment Viewed', properties: { experiment_id: 'holdout', variation_id: 'personalized', variation_share: 0.5 }, timestamp: T, session_id: 's', anonymous_id: 'a' },
      { message_id: 'e2', event: 'Widget Impression', properties: { widget_id: 'home-recs', widget_type: 'for-you', product_id: 'P1' }, timestamp: T + 1000, session_id: 's', anonymous_id: 'a' },
      { message_id: 'e3', event: 'Order Completed', properties: { order_id: 'o1', total: 20, products: [{ product_id: 'P1', price: 20, quantity: 1 }] }, timestamp: T + 60_000, session_id: 's', anonymous_id: 'a' },
    ],
    attribution,
  });
  const record = (ids: { message_id?: string; order_id?: string }) => ({
    ...ids, basis: 'impression', touches: [{ type: 'impression', widget_id: 'home-recs', widget_type: 'for-you', product_id: 'P1', credit: 1 }],
    last_touch: { widget_id: 'home-recs', widget_type: 'for-you', type: 'impression', product_id: 'P1' }, experiments: [], window_days: { click: 7, impression: 1 },
  });
  const widget = (text: string) => analyze(readEvents(text).events).widgets.find((w) => w.widget_id === 'home-recs');

  it('credits the last-touch widget with the order, on one line or indented', () => {
    const data = exported([record({ message_id: 'e3', order_id: 'o1' })]);
    for (const text of [JSON.stringify(data), JSON.stringify(data, null, 2)]) {
      const read = readEvents(text);
      expect(read.problems).toEqual([]);
      expect(read.events).toHaveLength(3);
      expect(widget(text)).toMatchObject({ impressions: 1, orders_last_touch: 1, revenue_last_touch: 20 });
    }
  });

  it('finds the order by order_id when the message id does not match; keeps an attribution the order carries', () => {
    expect(widget(JSON.stringify(exported([record({ message_id: 'gone', order_id: 'o1' })])))).toMatchObject({ orders_last_touch: 1, revenue_last_touch: 20 });
    expect(widget(JSON.stringify(exported([record({ order_id: 'o9' })])))).toMatchObject({ orders_last_touch: 0, revenue_last_touch: 0 });
    const events = readEvents(JSON.stringify(exported([]))).events;
    const own = { last_touch: { widget_id: 'hero', widget_type: 'slot' } };
    events[2] = { ...events[2], properties: { ...events[2].properties, attribution: own } };
    const out = withAttribution(events, [record({ message_id: 'e3' })]);
    expect(out[2].properties.attribution).toBe(own);
    expect(withAttribution(events, [record({ message_id: 'e3', order_id: 'o1' })])).not.toBe(events);
  });

  it('a bad event in an indented export is named by its index', () => {
    const data = exported([]);
    (data.events as unknown[]).push({ message_id: 'e4', properties: {}, timestamp: T, anonymous_id: 'a' });
    const read = readEvents(JSON.stringify(data, null, 2), 'export.json');
    expect(read.events).toHaveLength(3);
    expect(read.problems[0]).toMatch(/export\.json events\[3\] has no "event" name/);
  });
});
