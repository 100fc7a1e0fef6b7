// Order ids that are not unique across visitors: a shop numbering each customer's orders (1, 2, ...), two stores of
// one chain exporting into one log (each with its own #1001), a tag template that sends the same placeholder for every
// order ('undefined', '{{order_id}}').
// Expected: README ("The report"): "orders ... revenue per visitor, average order value" per arm. Round 32 counted an
// order recorded twice once per order_id "as the visitor's segments count orders": the visitor's own segments count
// one per order_id among that visitor's orders (scoring/segments/orders.ts runs on one visitor's events).
// Observed before the fix: the report kept the first order per order_id across ALL visitors: 400 visitors each
// ordering (order_id '1') gave 1 order in all (the first visitor's arm), revenue per visitor 0.025 against 0, and a
// 'lift' from a single order.
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';

let n = 0;
const line = (event: string, anon: string, at: string, properties: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'track', event, message_id: `m${n++}`, anonymous_id: anon, user_id: null, timestamp: at, properties });

describe('the report on order ids reused by different visitors', () => {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const arm = i % 2 ? 'personalized' : 'holdout';
    const anon = `a${i}`;
    lines.push(line('Experiment Viewed', anon, '2024-05-01T10:00:00Z', { experiment_id: 'holdout', variation_id: arm, variation_share: 0.5 }));
    const order = { order_id: '1', total: 10, attribution: { last_touch: { widget_id: 'home', widget_type: 'for-you' } } };
    lines.push(line('Order Completed', anon, '2024-05-02T10:00:00Z', order));
    // Half reload their confirmation page: that one counts once.
    if (i % 4 < 2) lines.push(line('Order Completed', anon, '2024-05-02T10:05:00Z', order));
  }
  const report = analyze(readEvents(lines.join('\n')).events);
  const exp = report.experiments.find((e) => e.id === 'holdout')!;
  const arm = (id: string) => exp.variants.find((v) => v.id === id)!;

  it("counts each visitor's order once, in both arms", () => {
    expect(arm('personalized').orders).toBe(200);
    expect(arm('holdout').orders).toBe(200);
    expect(arm('personalized').revenue_per_visitor).toBeCloseTo(10, 9);
    expect(arm('holdout').revenue_per_visitor).toBeCloseTo(10, 9);
  });
  it('counts them once each in the widget figures', () => {
    expect(report.widgets.find((w) => w.widget_id === 'home')!.orders_last_touch).toBe(400);
  });
});

describe('one order seen on two devices of one logged-in visitor', () => {
  // The confirmation page on the phone, then opened again from the email on the laptop: two anonymous ids, one user.
  const lines = [
    line('Experiment Viewed', 'phone', '2024-05-01T10:00:00Z', { experiment_id: 'x', variation_id: 'a', variation_share: 1 }),
    JSON.stringify({ type: 'identify', event: 'Identify', message_id: 'id1', anonymous_id: 'phone', user_id: 'u1', timestamp: '2024-05-01T10:01:00Z', properties: {} }),
    JSON.stringify({ type: 'track', event: 'Order Completed', message_id: 'o-a', anonymous_id: 'phone', user_id: 'u1', timestamp: '2024-05-02T10:00:00Z', properties: { order_id: 'A-77', total: 10 } }),
    JSON.stringify({ type: 'track', event: 'Order Completed', message_id: 'o-b', anonymous_id: 'laptop', user_id: 'u1', timestamp: '2024-05-03T10:00:00Z', properties: { order_id: 'A-77', total: 10 } }),
  ];
  it('counts it once', () => {
    const v = analyze(readEvents(lines.join('\n')).events).experiments[0].variants[0];
    expect(v.visitors).toBe(1);
    expect(v.orders).toBe(1);
  });
});
