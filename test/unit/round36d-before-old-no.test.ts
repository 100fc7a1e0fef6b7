// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { calledAt } from '../../src/client.ts';
import { parkedText as parked, yesGivenElsewhere } from './consentPages.ts';


afterEach(() => (vi.useRealTimers(), localStorage.clear()));

// README: a queued call made before the end of the visitor's last "no" is not stored, and a "no" drops what was
// queued before it. A page queued a track() (t - 4000), then the visitor's "no" (t - 3000), before its script came;
// a yes was given in another tab since (t - 1000). Replayed in call order, the track() came first, while no mark of
// that "no" existed yet: it went into the outbox, and the "no" (older than the yes, so not applied) left it there.
// The mark (clientele:consent-no) set by that "no" refused only the calls replayed after it.
it('a call queued before a "no" queued on the same page is not stored under a yes given since in another tab', () => {
  const { t, api } = yesGivenElsewhere();
  calledAt(t - 4000, () => api.track('Made Before No', {}));
  calledAt(t - 3500, () => api.identify('made-before-no'));
  calledAt(t - 3000, () => api.consent(false));
  calledAt(t - 2000, () => api.track('Made While Refused', {}));
  api.track('Made After Yes', {});
  window.dispatchEvent(new Event('pagehide'));
  expect(localStorage.getItem('clientele:consent')).toBe('1');
  expect(parked()).toContain('Made After Yes');
  expect(parked()).not.toContain('Made While Refused');
  expect(parked()).not.toContain('made-before-no');
  expect(parked()).not.toContain('Made Before No');
});
