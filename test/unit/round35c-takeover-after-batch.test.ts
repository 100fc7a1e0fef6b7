import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { outboxWithBatchOut, stubPage } from './pageGlobals.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// A tab of the site parks (closes) while this one has a batch out; that batch is kept before the take-over's first
// task runs. The parked calls were made before this page's newer ones, and go before them (README: "ops keep call
// order"; unpark: "ops first in line", "behind what is in flight"). The take-over's place was counted in ops of the
// batch then in flight, and not moved back when that batch left the outbox: the parked calls went behind this page's
// later identify(), in one batch.
it('calls another tab parks while a batch is out go before the calls this page made after that batch, once it is kept', async () => {
  const { items, listeners } = stubPage();
  const { o, sent, answers } = await outboxWithBatchOut();
  expect(sent).toHaveLength(1);
  // Made on this page while m1 is out.
  o.add('["i","bob",{},300]');
  // Another tab closes, having identified its visitor as alice earlier (200).
  items.set('site:unsent:0.7:1000000', '[["i","alice",{},200]]');
  listeners.storage({ key: 'site:unsent:0.7:1000000' });
  // The batch with m1 is kept before the take-over's task.
  answers[0](true);
  await vi.advanceTimersByTimeAsync(0);
  for (let i = 0; i < 5; i++) answers[i + 1]?.(true), await vi.advanceTimersByTimeAsync(1000);
  expect(sent.slice(1).flat().map((op) => (op as unknown[])[1])).toEqual(['alice', 'bob']);
});
