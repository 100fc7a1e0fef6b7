// Round 16. Issue #8 item 7 ("forget() is total") and item 1 (what is not acknowledged is parked on
// pagehide/visibilitychange and replayed). README: "The calls the shop's own pagehide or visibilitychange handler makes
// after ours has run ... are parked too, in that task ... After a "no", a forget() is still parked". src/outbox.ts says
// why it parks on visibilitychange: "a hidden page may be discarded without a pagehide".
// A visitor asks to be forgotten and the tab goes to the background within the outbox's one-second flush; the shop's
// own visibilitychange handler (a consent manager re-asserting the visitor's "no" as the page hides) calls
// consent(false); the hidden tab is then discarded (mobile browsers kill background tabs; no pagehide). Our park wrote
// the forget() op into chunk 0; consent(false) keeps the parked forget() (clearParked(isForget)) but sets `parked` to 0,
// and parkTail then writes its one chunk (["c",false]) under key 0, over the chunk that held the forget(). The next page
// replays the "no" only: nothing is erased. (On a plain navigation a second park, by the visibilitychange that follows
// pagehide, happens to write the forget() back.) Control: the same handler calling consent(true), and no handler.
import { test, expect } from '@playwright/test';
import { ready, exported, eventsNamed, trackMarker } from './helpers.ts';

for (const answer of ['false', 'true', 'none'] as const) test(`forget(), tab hidden, the shop's visibilitychange handler calls ${answer === 'none' ? 'nothing (control)' : `consent(${answer})`}, tab discarded: the next page holds none of the 20 old events`, async ({ context }) => {
  const page = await context.newPage();
  await page.goto('/demo/fixtures/blank.html');
  await ready(page);
  await page.evaluate(() => { for (let i = 0; i < 20; i++) (window as any).clientele.track('Old', { i }); });
  await trackMarker(page, 'Old Marker');
  expect(eventsNamed((await exported(page)).events, 'Old')).toHaveLength(20);
  const parked = await page.evaluate((answer) => {
    const c = (window as any).clientele;
    addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden' && answer !== 'none') c.consent(answer === 'true'); });
    void c.forget();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    // After parkTail's microtask: what is parked when the page is discarded.
    return new Promise<string>((r) => queueMicrotask(() => queueMicrotask(() => r(Object.keys(localStorage).filter((k) => k.includes(':unsent:')).map((k) => localStorage.getItem(k)).join(' | ')))));
  }, answer);
  // Discarded while hidden (its renderer killed, as a mobile browser kills a background tab): no pagehide, no task.
  const cdp = await context.newCDPSession(page);
  void cdp.send('Page.crash').catch(() => undefined);
  await new Promise((r) => setTimeout(r, 500));
  const next = await context.newPage();
  await next.goto('/demo/fixtures/data-attrs.html');
  await ready(next);
  await next.waitForTimeout(3000);
  const d = await exported(next);
  console.log(JSON.stringify({ answer, parked, old: eventsNamed(d.events, 'Old').length, marker: eventsNamed(d.events, 'Old Marker').length, consent: d.consent }));
  expect(eventsNamed(d.events, 'Old')).toHaveLength(0);
  expect(eventsNamed(d.events, 'Old Marker')).toHaveLength(0);
  expect(parked).toContain('["f",');
});
