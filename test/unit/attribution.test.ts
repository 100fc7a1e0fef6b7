import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../src/contract/events.ts';
import { attributeOrder, attributeOrders, positionCredit } from '../../worker/experiments/attribution.ts';
import { forwardedFor } from '../../worker/experiments/forward.ts';
import { resolveConfig } from '../../src/contract/config.ts';

const DAY = 86_400_000, HOUR = 3_600_000;
const T = Date.UTC(2024, 4, 10, 12);
let n = 0;
const ev = (event: string, at: number, properties: Record<string, unknown> = {}): StoredEvent => ({ message_id: `m${n++}`, event, properties, timestamp: T + at, session_id: 's', anonymous_id: 'a' });
const click = (at: number, widget: string, product: string, extra: Record<string, unknown> = {}) => ev('Widget Clicked', at, { widget_id: widget, widget_type: 'for-you', product_id: product, position: 1, ...extra });
const view = (at: number, widget: string, product: string, extra: Record<string, unknown> = {}) => ev('Widget Impression', at, { widget_id: widget, widget_type: 'similar', product_id: product, position: 2, ...extra });
const order = (at: number, products: string[]) => ev('Order Completed', at, { order_id: 'o1', products: products.map((p) => ({ product_id: p, price: 10, quantity: 1 })) });
const W = { clickWindowDays: 7, impressionWindowDays: 1 };

describe('attribution windows', () => {
  it('credits a click 6 days before, not one 8 days before', () => {
    const events = [click(-8 * DAY, 'old', 'X'), click(-6 * DAY, 'home', 'A'), order(0, ['A'])];
    const a = attributeOrder(events, 2, W);
    expect(a.basis).toBe('click');
    expect(a.touches.map((t) => t.widget_id)).toEqual(['home']);
    expect(a.touches[0]).toMatchObject({ in_order: true, credit_last_touch: 1, credit_position: 1, product_id: 'A' });
  });

  it('falls back to view-through: impressions in the last day, when there is no click', () => {
    const events = [view(-2 * DAY, 'pdp', 'Z'), view(-12 * HOUR, 'pdp', 'B'), view(-HOUR, 'pdp', 'B'), order(0, ['C'])];
    const a = attributeOrder(events, 3, W);
    expect(a.basis).toBe('impression');
    // the same widget and product twice counts once, at its latest
    expect(a.touches.map((t) => [t.product_id, t.timestamp - T])).toEqual([['B', -HOUR]]);
    expect(a.last_touch).toMatchObject({ widget_id: 'pdp', type: 'impression', product_id: 'B' });
    expect(a.touches[0].in_order).toBe(false);
  });

  it('a click wins over later impressions', () => {
    const events = [click(-3 * DAY, 'home', 'A'), view(-HOUR, 'pdp', 'B'), order(0, ['A'])];
    expect(attributeOrder(events, 2, W).last_touch?.widget_id).toBe('home');
  });

  it('nothing in the window: no touches', () => {
    const a = attributeOrder([view(-3 * DAY, 'pdp', 'B'), order(0, ['B'])], 1, W);
    expect(a).toMatchObject({ basis: 'none', touches: [], last_touch: null });
  });

  it('uses configured windows', () => {
    const events = [click(-3 * DAY, 'home', 'A'), view(-3 * DAY, 'pdp', 'B'), order(0, ['A'])];
    expect(attributeOrder(events, 2, { clickWindowDays: 2, impressionWindowDays: 4 }).touches.map((t) => t.widget_id)).toEqual(['pdp']);
  });

  it('ignores what came after the order', () => {
    const events = [order(0, ['A']), click(HOUR, 'home', 'A')];
    expect(attributeOrder(events, 0, W).basis).toBe('none');
  });
});

describe('credit', () => {
  it('position-based: 40/20/40, shared in the middle', () => {
    expect(positionCredit(1)).toEqual([1]);
    expect(positionCredit(2)).toEqual([0.5, 0.5]);
    expect(positionCredit(3)).toEqual([0.4, 0.2, 0.4]);
    expect(positionCredit(4).map((x) => Math.round(x * 100) / 100)).toEqual([0.4, 0.1, 0.1, 0.4]);
  });

  it('last touch and position-based over three clicks; arms travel with the order', () => {
    const events = [
      ev('Experiment Viewed', -5 * DAY, { experiment_id: 'holdout', variation_id: 'personalized' }),
      ev('Experiment Viewed', -4 * DAY, { experiment_id: 'hero-test', variation_id: 'sale' }),
      click(-4 * DAY, 'home', 'A'),
      click(-2 * DAY, 'hero', '', { widget_type: 'slot', slot: 'hero', variant_id: 'sale' }),
      click(-HOUR, 'pdp', 'C'),
      order(0, ['A', 'C']),
    ];
    const a = attributeOrders(events, W).get(events[5].message_id)!;
    expect(a.touches.map((t) => [t.widget_id, t.credit_last_touch, t.credit_position, t.in_order])).toEqual([
      ['home', 0, 0.4, true],
      ['hero', 0, 0.2, false],
      ['pdp', 1, 0.4, true],
    ]);
    expect(a.touches[1]).toMatchObject({ slot: 'hero', variant_id: 'sale' });
    expect(a.last_touch).toEqual({ widget_id: 'pdp', widget_type: 'for-you', type: 'click', product_id: 'C' });
    expect(a.experiments).toEqual([{ experiment_id: 'holdout', variation_id: 'personalized' }, { experiment_id: 'hero-test', variation_id: 'sale' }]);
  });
});

describe('forwarded records', () => {
  const events = [ev('Experiment Viewed', -DAY, { experiment_id: 'holdout', variation_id: 'holdout' }), click(-HOUR, 'home', 'A'), ev('Product Viewed', -HOUR, { product_id: 'A' }), order(0, ['A'])];

  it('forwards nothing without a destination', () => {
    expect(forwardedFor(events, events, resolveConfig({}).config)).toEqual([]);
  });

  it('forwards the chosen kinds, orders with their attribution, never plain product views', () => {
    const out = forwardedFor(events, events, resolveConfig({ forward: { callback: true, events: ['orders', 'exposures'] } }).config);
    expect(out.map((e) => e.event)).toEqual(['Experiment Viewed', 'Order Completed']);
    const o = out[1];
    expect(o).toMatchObject({ type: 'track', anonymous_id: 'a', session_id: 's', timestamp: new Date(T).toISOString() });
    expect((o.properties.attribution as { last_touch: { widget_id: string } }).last_touch.widget_id).toBe('home');
    expect((o.properties.attribution as { experiments: unknown[] }).experiments).toEqual([{ experiment_id: 'holdout', variation_id: 'holdout' }]);
  });
});
