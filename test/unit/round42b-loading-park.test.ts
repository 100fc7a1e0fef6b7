import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { createOutbox } from '../../src/outbox.ts';
import { stubPage } from './pageGlobals.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const parkedIds = (items: Map<string, string>) => [...items.values()].flatMap((v) => JSON.parse(v) as unknown[][]).map((op) => op[1]);

// round42b-tabs-closed-together: a tab closed while it loads gets no pagehide (and no beforeunload when the close does
// not ask for it); what its outbox held in memory was lost. While loading, what is added is parked at once.
it('a page still loading parks its ops in the task they are added; once kept, the park is removed', async () => {
  const { items } = stubPage('interactive');
  let ready: string[] = [];
  const answers: ((ok: boolean) => void)[] = [];
  const o = createOutbox(() => 'site:unsent', () => new Promise((r) => answers.push(r)), () => true, () => (ready.forEach((op) => o.add(op)), (ready = [])));
  // Held by the caller (client.ts: track() writes its ops at ready()), as the snippet's replayed calls are.
  ready = ['["e","a",1,"Viewed",{}]', '["e","b",1,"Viewed",{}]'];
  o.soon();
  await Promise.resolve();
  await Promise.resolve();
  expect(parkedIds(items)).toEqual(['a', 'b']);
  o.add('["e","c",2,"Viewed",{}]');
  await Promise.resolve();
  expect(parkedIds(items).sort()).toEqual(['a', 'b', 'c']);
  o.live(true);
  await vi.advanceTimersByTimeAsync(1000);
  answers[0](true);
  await vi.advanceTimersByTimeAsync(0);
  expect(items.size).toBe(0);
});

// Another tab that took over a chunk removes its key once its own worker kept it. A park written again since under the
// same key (its ops kept, newer ones added) went with it: a page then closed with no event lost the newer ones.
it('a park written again never reuses a key another tab may have taken over', async () => {
  const { items, listeners } = stubPage('complete');
  const answers: ((ok: boolean) => void)[] = [];
  const o = createOutbox(() => 'site:unsent', () => new Promise((r) => answers.push(r)), () => true);
  o.live(true);
  o.add('["e","a",1,"Viewed",{}]');
  void o.flush();
  await vi.advanceTimersByTimeAsync(0);
  // Hidden: parks a; another tab takes that chunk over (its key noted).
  (document as { visibilityState: string }).visibilityState = 'hidden';
  listeners.visibilitychange();
  const first = [...items.keys()];
  expect(parkedIds(items)).toEqual(['a']);
  o.add('["e","b",2,"Viewed",{}]');
  // a is kept: the park is written again with b.
  answers[0](true);
  await vi.advanceTimersByTimeAsync(0);
  expect(parkedIds(items)).toEqual(['b']);
  // The other tab's worker kept a: it removes the key it took. b stays parked.
  for (const k of first) items.delete(k);
  expect(parkedIds(items)).toEqual(['b']);
});
