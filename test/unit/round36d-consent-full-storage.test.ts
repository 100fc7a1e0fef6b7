// @vitest-environment happy-dom
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { calledAt } from '../../src/client.ts';
import { pageClient as client, yesGivenElsewhere } from './consentPages.ts';
import { stubStorage } from './pageGlobals.ts';


/** localStorage full (the shop's own data): a value replaced by one no longer fits, a new key does not. */
const items = new Map<string, string>();
const parked = () => [...items].filter(([k]) => k.includes(':unsent:')).map(([, v]) => v).join();
const fill = () => {
  const room = [...items].reduce((n, [k, v]) => n + k.length + v.length, 0);
  stubStorage(items, room);
  return { mockRestore: () => stubStorage(items) };
};

beforeEach(() => (items.clear(), stubStorage(items)));
afterEach(() => (vi.unstubAllGlobals(), vi.useRealTimers()));

// Round 36 (7e51ea8) writes clientele:consent-no, a new key, before the answer itself, in one try: on a full
// localStorage the write of the mark threw, and the yes was never stored (clientele:consent stayed "0"). Before it,
// the yes replaced the "no" in place, which fits. The next page started refused: every event of the visitor lost, and
// the worker told "no" again by that page.
it('a yes given over a stored "no" on a full localStorage is still stored as the answer', () => {
  vi.useFakeTimers();
  const t = Date.now();
  vi.setSystemTime(t - 5000);
  client().consent(false);
  vi.setSystemTime(t);
  const full = fill();
  expect(() => client().consent(true)).not.toThrow();
  full.mockRestore();
  expect(localStorage.getItem('clientele:consent')).toBe('1');
  expect(localStorage.getItem('clientele:consent-at')).toBe(String(t));
  // The next page records.
  const next = client();
  next.track('Next Page', {});
  window.dispatchEvent(new Event('pagehide'));
  expect(parked()).toContain('Next Page');
});

// The other path: a "no" queued on this page, older than the yes given since in another tab, is not applied. Its
// mark write threw on a full localStorage and the catch went on to apply the old "no" here: the page stopped
// recording (and dropped what it held) though the visitor's answer is yes.
it('an old "no" replayed over a newer yes on a full localStorage does not refuse the page', () => {
  const { t, api } = yesGivenElsewhere();
  const full = fill();
  calledAt(t - 3000, () => api.consent(false));
  full.mockRestore();
  expect(localStorage.getItem('clientele:consent')).toBe('1');
  api.track('Made After Yes', {});
  window.dispatchEvent(new Event('pagehide'));
  expect(parked()).toContain('Made After Yes');
});
