// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { pageClient } from './consentPages.ts';


afterEach(() => (vi.restoreAllMocks(), localStorage.clear()));

// Under requireConsent the page holds what the visitor does until the answer (src/client.ts `held`, memory only), at
// most 20,000 calls; past that each call is dropped (enqueue: `else if (held.length < 20_000)`), which said nothing before round 36. The
// brief's rule: nothing queued is lost without one console message naming what and the fix. A long single-page visit
// with autocapture on (clicks, dwell) before the visitor answers the banner reaches it.
it('calls past the 20,000 held for consent are dropped with one console message', async () => {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const api = pageClient({ requireConsent: true });
  for (let i = 0; i < 20_005; i++) api.track('Clicked', { i });
  api.consent(true);
  window.dispatchEvent(new Event('pagehide'));
  const parked = Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => localStorage.getItem(k)).join();
  const kept = parked.match(/"Clicked"/g)?.length ?? 0;
  expect(kept).toBe(20_000);
  // The 5 past the cap: one message for them all, that says so.
  expect(warn.mock.calls.filter((c) => /consent/.test(String(c[0])))).toHaveLength(1);
});
