// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { calledAt } from '../../src/client.ts';
import { pageClient as client, parkedText as parked, yesGivenElsewhere } from './consentPages.ts';


afterEach(() => (vi.useRealTimers(), localStorage.clear()));

// README: consent(false) stops recording; "nothing made while refused is stored later". The visitor said no (t0); a
// page whose script had not yet come queued a track() (t1); the visitor then said yes in another tab (t2); the script
// arrives and replays the queue (calledAt). The call was made while refused, yet it was written for storage under the
// yes: the page kept only the latest answer and its time. The yes given over a "no" now keeps its time
// (clientele:consent-no); calls replayed from before it are left out.
it('a call queued while the visitor had said no, replayed after a yes given since in another tab, is not stored', async () => {
  vi.useFakeTimers();
  const t = Date.now();
  // The other tab: no at t - 5000, yes at t - 1000.
  vi.setSystemTime(t - 5000);
  const other = client();
  other.consent(false);
  vi.setSystemTime(t - 1000);
  other.consent(true);
  vi.setSystemTime(t);
  const api = client();
  calledAt(t - 3000, () => api.track('Made While Refused', {}));
  calledAt(t - 2000, () => api.identify('made-while-refused'));
  calledAt(t - 500, () => api.track('Queued After Yes', {}));
  api.track('Made After Yes', {});
  window.dispatchEvent(new Event('pagehide'));
  expect(parked()).toContain('Made After Yes');
  expect(parked()).toContain('Queued After Yes');
  expect(parked()).not.toContain('Made While Refused');
  expect(parked()).not.toContain('made-while-refused');
});

// The "no" was queued on this very page (never written to localStorage: the script had not come), and the visitor
// said yes in another tab since: the queued "no" is older than that yes, so it is not applied, but the calls queued
// after it were made while this page's visitor had said no.
it('calls queued after a "no" queued on the same page, replayed after a yes given since in another tab, are not stored', async () => {
  const { t, api } = yesGivenElsewhere();
  calledAt(t - 4000, () => api.track('Made Before No', {}));
  calledAt(t - 3000, () => api.consent(false));
  calledAt(t - 2000, () => api.track('Made While Refused', {}));
  api.track('Made After Yes', {});
  window.dispatchEvent(new Event('pagehide'));
  expect(localStorage.getItem('clientele:consent')).toBe('1');
  expect(parked()).toContain('Made After Yes');
  expect(parked()).not.toContain('Made While Refused');
});

// What the mark must not refuse: calls queued before any "no" (held under requireConsent, or not) are stored under
// a yes given since; so are a yes given over a yes, and calls replayed with no refusal at all.
it('a yes given with no "no" before it leaves replayed calls alone', async () => {
  const { t, api } = yesGivenElsewhere();
  calledAt(t - 3000, () => api.track('Made Before Yes', {}));
  window.dispatchEvent(new Event('pagehide'));
  expect(localStorage.getItem('clientele:consent-no')).toBe(null);
  expect(parked()).toContain('Made Before Yes');
});
