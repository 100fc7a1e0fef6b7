import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createOutbox } from '../../src/outbox.ts';
import { stubPage } from './pageGlobals.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

// Round 38 (lead), from round37e-chaos-privacy seed 8. A tab holds the visitor's newest answer, a yes heard from another
// tab, first in line and not yet sent (client.ts answer: `add(op, true)`); its worker still holds the "no" before it.
// A third tab parks (reloads) what it tracked under that yes, and this one takes it over. The parked events were put
// right behind what was in flight, in front of the answer, and the worker dropped them under its old "no": 111 of 111
// lost. Expected: the answer first, then the parked events.
it('calls taken over from another tab go behind the answer waiting first in line, not in front of it', async () => {
  const { items, listeners } = stubPage();
  const sent: unknown[][] = [];
  const o = createOutbox(() => 'site:unsent', (batch) => (sent.push(JSON.parse(batch) as unknown[]), Promise.resolve(true)), () => true);
  o.unpark();
  o.live(true);
  await vi.advanceTimersByTimeAsync(2000);
  o.add('["c",true]', true);
  items.set('site:unsent:0.7:1000000', '[["e","m1",100,"Viewed",{}],["e","m2",101,"Viewed",{}]]');
  listeners.storage({ key: 'site:unsent:0.7:1000000' });
  await vi.advanceTimersByTimeAsync(3000);
  expect(sent.flat()).toEqual([['c', true], ['e', 'm1', 100, 'Viewed', {}], ['e', 'm2', 101, 'Viewed', {}]]);
});
