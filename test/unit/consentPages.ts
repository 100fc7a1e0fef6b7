// Pages of one site in the test's own thread whose worker never answers: what a page holds is parked on pagehide,
// where the consent tests read it (round35c-queued-while-refused, round36c-held-cap-silent, round36d-*).
import { vi } from 'vitest';
import { createClient } from '../../src/client.ts';
import type { ConfigInput } from '../../src/contract/config.ts';

/** A worker that takes every message and answers none. */
export const silentWorker = () => ({ addEventListener() {}, postMessage() {}, terminate() {}, onmessage: null, onerror: null }) as unknown as Worker;

/** A page's client under `config`, its worker silent and its chunks refused. */
export const pageClient = (config: ConfigInput = {}) =>
  createClient(config, { assetBase: 'https://shop.test/dist/', load: () => Promise.reject(new Error('no chunks here')), createWorker: silentWorker });

/** The unsent ops every page parked (localStorage's `…:unsent:…` keys), as one string. */
export const parkedText = () => Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => localStorage.getItem(k)).join();

/**
 * The visitor said yes in another tab at `t - 1000`; the clock (fake from here on) is at `t` = now. Returns the time
 * and a new page's client, for calls replayed with `calledAt` before or after that yes.
 * @example const { t, api } = yesGivenElsewhere(); calledAt(t - 3000, () => api.consent(false));
 */
export function yesGivenElsewhere() {
  vi.useFakeTimers();
  const t = Date.now();
  vi.setSystemTime(t - 1000);
  pageClient().consent(true);
  vi.setSystemTime(t);
  return { t, api: pageClient() };
}
