// Orders in several currencies (a shop selling in GBP and EUR, Shopify Markets): revenue adds 100 JPY and 100 USD as
// 200. Expected: the report says so beside the figures (its warnings), naming the currencies and the fix. Observed
// before the fix: no warning, revenue per visitor and its lift computed over the mixed sums.
import { describe, expect, it } from 'vitest';
import { readEvents } from '../../report/readEvents.ts';
import { analyze } from '../../report/analyze.ts';

let n = 0;
const line = (event: string, anon: string, at: string, properties: Record<string, unknown> = {}) =>
  JSON.stringify({ type: 'track', event, message_id: `m${n++}`, anonymous_id: anon, user_id: null, timestamp: at, properties });
describe('the report on orders in more than one currency', () => {
  const make = (currency: (i: number) => string | undefined) => {
    const lines: string[] = [];
    for (let i = 0; i < 20; i++) {
      lines.push(line('Experiment Viewed', `c${i}`, '2024-05-01T10:00:00Z', { experiment_id: 'holdout', variation_id: i % 2 ? 'personalized' : 'holdout', variation_share: 0.5 }));
      const c = currency(i);
      lines.push(line('Order Completed', `c${i}`, '2024-05-02T10:00:00Z', { order_id: `x${i}`, total: 100, ...(c ? { currency: c } : {}) }));
    }
    return analyze(readEvents(lines.join('\n')).events).experiments[0].warnings.filter((w) => /currenc/.test(w));
  };
  it('warns, naming each currency and its orders', () => {
    const w = make((i) => (i % 4 === 0 ? 'JPY' : 'usd'));
    expect(w).toHaveLength(1);
    expect(w[0]).toContain('USD 15, JPY 5');
  });
  it('says nothing for one currency, or for none named', () => {
    expect(make(() => 'GBP')).toEqual([]);
    expect(make(() => undefined)).toEqual([]);
  });
});
