// @vitest-environment happy-dom
import { afterEach, expect, it, vi } from 'vitest';
import { pageInMemory } from './pageInMemory.ts';

afterEach(() => (vi.restoreAllMocks(), vi.unstubAllGlobals(), localStorage.clear()));

// As round36c-memory-keep-big-batch: the real engine in this thread, its store in memory (pageInMemory).
// Tabs share the device's clock, which can go back (an NTP correction, a clock set by hand). The visitor said yes in
// tab A, the clock went back an hour, and they said no in tab B: B stores the "no" (consent() does not trust the
// yes's time, now in the future: markAt), but tab A heard it as older than its own yes (onStorage compares the times)
// and went on recording: a "no" honoured in one tab and not in the other.
it('a "no" given in another tab after the clock went back stops this tab recording', async () => {
  const { api: a } = pageInMemory('clock-back');
  expect(await a.ready()).toBe(true);
  a.consent(true);
  a.track('Before No', {});
  const t = Date.now();
  // The clock goes back an hour.
  const now = Date.now;
  vi.spyOn(Date, 'now').mockImplementation(() => now() - 3_600_000);
  // Tab B's consent(false), as it writes it (its own client would share this test's window and park key), and the
  // storage event the write fires in tab A.
  localStorage.setItem('clientele:consent', '0');
  localStorage.setItem('clientele:consent-at', String(Date.now()));
  window.dispatchEvent(new StorageEvent('storage', { key: 'clientele:consent-at', newValue: String(Date.now()), oldValue: String(t) }));
  a.track('After No', {});
  const d = await a.exportData();
  expect(d?.consent).toBe(false);
  expect(JSON.stringify(d?.events ?? [])).not.toContain('After No');
});
