// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';

// The script-tag build with a stand-in engine: what it replays into the API is what this test sees.
const calls: unknown[][] = [];
vi.mock('../../src/client.ts', async (original) => {
  const real = await original<typeof import('../../src/client.ts')>();
  const api = new Proxy({}, { get: (_t, name) => (name === 'then' ? undefined : (...a: unknown[]) => void calls.push([name, ...a])) });
  return { ...real, createClient: () => api };
});

afterEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
});

// README: "A page that is not shown (hidden, prerendered for a link the shopper may follow, opened in a background tab)
// takes nothing over, as the browser may discard it with no pagehide: it takes over what is parked once it is shown".
// The outbox keeps to it (takeOver); the queues the snippet parked (clientele:queue:*, a page left before its script
// came) were taken at the script's start all the same: a prerender not followed, or a background tab discarded, lost
// them with it.
it('a page not shown as its script starts leaves the snippet\'s parked queues for a page shown, and takes them once shown', async () => {
  const key = 'clientele:queue:0.25';
  localStorage.setItem(key, JSON.stringify([['track', ['Product Viewed', { product_id: 'A' }], 0, 0, Date.now() - 1000]]));
  let state = 'hidden';
  Object.defineProperty(document, 'visibilityState', { get: () => state, configurable: true });
  Object.defineProperty(document, 'hidden', { get: () => state === 'hidden', configurable: true });
  (window as unknown as { clientele: unknown }).clientele = [];
  await import('../../src/script.ts');
  expect(calls.filter(([m]) => m === 'track')).toEqual([]);
  expect(localStorage.getItem(key)).not.toBeNull();
  // Shown (a prerender activated, a background tab brought forward).
  state = 'visible';
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  expect(calls.filter(([m]) => m === 'track').map((c) => c[1])).toEqual(['Product Viewed']);
  expect(localStorage.getItem(key)).toBeNull();
});
