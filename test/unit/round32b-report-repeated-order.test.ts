// One order recorded twice under two message ids: the shopper reloads the order confirmation page (or comes back to
// it from an email), and the shop's page, or the tag, calls track('Order Completed', { order_id }) again. Forwarding
// sends both (each its own message_id), and exportData() holds both.
// Expected: the report counts an order once per order_id, as the visitor's own segments do
// (scoring/segments/orders.ts: "one per order_id"); README ("The report"): "orders ... revenue per visitor, average
// order value" per arm, "per-widget figures with last-touch orders".
// Observed before the fix: the arm that reloaded its confirmation pages showed twice its orders and revenue (here
// revenue per visitor 20 against 10, AOV unchanged only because every order repeated), and a significant "lift".
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';

let n = 0;
const line = (event: string, anon: string, at: string, properties: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'track', event, message_id: `m${n++}`, anonymous_id: anon, user_id: null, timestamp: at, properties });

describe('the report on an order recorded twice', () => {
  const lines: string[] = [];
  for (let i = 0; i < 400; i++) {
    const arm = i % 2 ? 'personalized' : 'holdout';
    const anon = `a${i}`;
    lines.push(line('Experiment Viewed', anon, '2024-05-01T10:00:00Z', { experiment_id: 'holdout', variation_id: arm, variation_share: 0.5 }));
    if (i % 4 < 2) {
      const order = { order_id: `o${i}`, total: 10, attribution: { last_touch: { widget_id: 'home', widget_type: 'for-you' } } };
      lines.push(line('Order Completed', anon, '2024-05-02T10:00:00Z', order));
      // The personalized arm's shoppers reload their confirmation page.
      if (arm === 'personalized') lines.push(line('Order Completed', anon, '2024-05-02T10:05:00Z', order));
    }
  }
  const report = analyze(readEvents(lines.join('\n')).events);
  const exp = report.experiments.find((e) => e.id === 'holdout')!;
  const arm = (id: string) => exp.variants.find((v) => v.id === id)!;

  it('counts each order_id once in the arm', () => {
    expect(arm('personalized').orders).toBe(100);
    expect(arm('personalized').revenue_per_visitor).toBeCloseTo(5, 9);
    expect(arm('holdout').revenue_per_visitor).toBeCloseTo(5, 9);
    expect(exp.lift.find((l) => l.metric === 'revenue_per_visitor')!.estimate).toBeCloseTo(0, 9);
  });
  it('counts each order_id once in the widget figures', () => {
    expect(report.widgets.find((w) => w.widget_id === 'home')!.orders_last_touch).toBe(200);
  });
  it('still counts orders without an order_id, and different orders of one visitor', () => {
    const more = [line('Experiment Viewed', 'z', '2024-05-01T10:00:00Z', { experiment_id: 'x', variation_id: 'a', variation_share: 1 }),
      line('Order Completed', 'z', '2024-05-02T10:00:00Z', { total: 3 }), line('Order Completed', 'z', '2024-05-02T10:01:00Z', { total: 3 }),
      line('Order Completed', 'z', '2024-05-02T10:02:00Z', { order_id: 'p1', total: 3 }), line('Order Completed', 'z', '2024-05-02T10:03:00Z', { order_id: 'p2', total: 3 })];
    expect(analyze(readEvents(more.join('\n')).events).experiments[0].variants[0].orders).toBe(4);
  });
});
