// Round 14: calls queued before the script arrived are "applied ... each as made at its own time" and "A forget() or
// a 'no' in any tab deletes the queues parked before it" (README, snippet). A page whose clientele.js is slow queues
// consent(true) (the visitor clicked "accept" on it); later, in another tab, the visitor says no. When the slow script
// arrives it replays the old "yes" as if made now: the origin's answer flips back to yes, the other tab is told so, and
// everything tracked from then on is stored, although the visitor's newest answer is no. The parked variant of this
// (snippet-queue.spec.ts) holds; a page that stays open with its queue does not.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ready, exported, eventsNamed } from './helpers.ts';

const SNIPPET = readFileSync(new URL('../../src/snippet.js', import.meta.url), 'utf8');

test('consent(true) queued on a page whose script is slow, then consent(false) in another tab, then the script arrives: the no stands', async ({ context }) => {
  test.setTimeout(90_000);
  const b = await context.newPage();
  await b.goto('/demo/fixtures/blank.html');
  await ready(b);

  const a = await context.newPage();
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await a.route('**/late/yes.html', (route) => route.fulfill({
    contentType: 'text/html',
    body: `<!doctype html><title>late</title><script>${SNIPPET}</script>
<script>clientele.consent(true);</script>
<script async src="/dist/clientele.js?slow" data-autocapture="false"></script>`,
  }));
  await a.route('**/dist/clientele.js?slow', async (route) => { await held; await route.continue(); });
  await a.goto('/late/yes.html', { waitUntil: 'domcontentloaded' });
  await a.waitForTimeout(300);

  // Later, in tab B, the visitor withdraws consent.
  await b.evaluate(() => (window as unknown as { clientele: { consent(g: boolean): void } }).clientele.consent(false));
  await b.waitForTimeout(500);

  // A's script arrives and replays its queue.
  release();
  await ready(a);
  await a.waitForTimeout(1500);
  await b.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After The No', {}));
  await a.evaluate(() => (window as unknown as { clientele: { track(e: string, p: object): void } }).clientele.track('After The No A', {}));
  await b.waitForTimeout(2500);
  const data = await exported(b);
  const key = await b.evaluate(() => localStorage.getItem('clientele:consent'));
  console.log(JSON.stringify({ consentKey: key, consent: data.consent, afterNo: eventsNamed(data.events, 'After The No').length + eventsNamed(data.events, 'After The No A').length }));
  expect(key).toBe('0');
  expect(data.consent).toBe(false);
  expect(eventsNamed(data.events, 'After The No')).toHaveLength(0);
  expect(eventsNamed(data.events, 'After The No A')).toHaveLength(0);
});
