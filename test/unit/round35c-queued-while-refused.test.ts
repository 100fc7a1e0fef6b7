// @vitest-environment happy-dom
import { expect, it, vi } from 'vitest';
import { calledAt, createClient } from '../../src/client.ts';

// A worker that never answers: what the page holds is parked on pagehide, where this test reads it.
const worker = () => ({ addEventListener() {}, postMessage() {}, terminate() {}, onmessage: null, onerror: null }) as unknown as Worker;

// README: consent(false) stops recording; "nothing made while refused is stored later". The visitor said no (t0); a
// page whose script had not yet come queued a track() (t1); the visitor then said yes in another tab (t2); the script
// arrives and replays the queue (calledAt). The call was made while refused, yet it is written for storage under the
// yes. The page keeps only the latest answer and its time (clientele:consent, -at), so it cannot tell a call made
// under an earlier "no" from one made before any answer (held under requireConsent, then stored under the yes, as
// documented). Not fixed here: it needs the time the last refusal ended kept beside the answer, and clientele.js is
// within 22 bytes of its gzip budget.
it.fails('a call queued while the visitor had said no, replayed after a yes given since in another tab, is not stored', async () => {
  vi.useFakeTimers();
  const t = Date.now();
  localStorage.setItem('clientele:consent', '1');
  localStorage.setItem('clientele:consent-at', String(t - 1000));
  const api = createClient({}, { assetBase: 'https://shop.test/dist/', load: () => Promise.reject(new Error('no chunks here')), createWorker: worker });
  // The "no" before it: t - 5000 (nothing of it is left on the device but the yes that replaced it).
  calledAt(t - 3000, () => api.track('Made While Refused', {}));
  api.track('Made After Yes', {});
  window.dispatchEvent(new Event('pagehide'));
  const parked = Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => localStorage.getItem(k)).join();
  expect(parked).toContain('Made After Yes');
  expect(parked).not.toContain('Made While Refused');
  vi.useRealTimers();
});
