import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { outboxWithBatchOut, stubPage } from './pageGlobals.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// A page still loading parks on beforeunload; the shop's own "Leave this page?" is answered no, and the page stays
// shown (outbox: parkLoading sets `hid` back). Its batch is then kept, and the park is written again without it
// (pump: `if (parked.length) park()`), which took the page for hidden once more: shown, it took over nothing another
// tab parked after that (README: "a tab of the site already open (and shown) takes it over as it is parked").
it('a page that stayed after a cancelled leave, its batch then kept, still takes over what another tab parks', async () => {
  const { items, listeners } = stubPage('loading');
  const { sent, answers } = await outboxWithBatchOut();
  expect(sent).toHaveLength(1);
  // The tab is being closed as it loads: beforeunload parks m1; the leave is cancelled.
  listeners.beforeunload();
  await vi.advanceTimersByTimeAsync(0);
  // m1 is kept: the park is written again, empty.
  answers[0](true);
  await vi.advanceTimersByTimeAsync(0);
  expect(items.size).toBe(0);
  // Another tab closes, parking an event; this page, shown, takes it over.
  items.set('site:unsent:0.7:1000000', '[["e","theirs",200,"Viewed",{}]]');
  listeners.storage({ key: 'site:unsent:0.7:1000000' });
  for (let i = 0; i < 3; i++) await vi.advanceTimersByTimeAsync(1000), answers.forEach((a) => a(true));
  expect(sent.flat().map((op) => (op as unknown[])[1])).toEqual(['m1', 'theirs']);
});
